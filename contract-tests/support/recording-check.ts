/**
 * What the contract tests hold every recording to: it belongs to an operation of its spec, its body holds to the
 * spec (unless it is a known deviation), and replaying it through the real client from a loopback server (the
 * exported `replay`) yields exactly the typed outcome it expects.
 */
import { expect } from 'vitest';
import { isJsonContentType, parseJson } from '../../src/core/body.js';
import { ApiError, KycContractsError } from '../../src/core/errors.js';
import { findOperationById } from '../../src/core/spec.js';
import { registeredApi } from '../../src/registry.js';
import { committedValidator } from '../../scripts/lib/drift.js';
import type { Recording } from '../../scripts/lib/recordings.js';
import { pathParamsFromPath } from '../../scripts/lib/spec-walker.js';
import { replay } from '../../scripts/testing/replay.js';
import { clientFor } from './clients.js';

export function decodedBody(recording: Recording): { parsed: true; value: unknown } | { parsed: false } {
  if (recording.response.bodyText === undefined) return { parsed: true, value: recording.response.body };
  const contentType = recording.response.headers?.['content-type'] ?? '';
  if (!isJsonContentType(contentType)) return { parsed: true, value: recording.response.bodyText };
  const parsed = parseJson(recording.response.bodyText);
  return parsed.ok ? { parsed: true, value: parsed.value } : { parsed: false };
}

/** The recorded request body as the client sends it: a JSON value, or the recorded text byte for byte (a form). */
function recordedRequestBody(recording: Recording): { body?: unknown; bodySerializer?: (body: unknown) => unknown; headers?: Record<string, string> } {
  const { body, bodyText, headers } = recording.request;
  if (body !== undefined) return { body };
  if (bodyText === undefined) return {};
  return { body: bodyText, bodySerializer: () => bodyText, headers: { 'content-type': headers?.['content-type'] ?? 'text/plain' } };
}

export async function checkRecording(api: string, recording: Recording): Promise<void> {
  const document = registeredApi(api).spec;
  const operation = findOperationById(document, recording.operationId);
  expect(operation, `operationId ${recording.operationId} is not in specs/${api}`).toBeDefined();
  expect(recording.request.method).toBe(operation!.method.toUpperCase());
  const params = pathParamsFromPath(document, operation!, recording.request.path);
  expect(params, `${recording.request.path} does not match ${operation!.path}`).toBeDefined();

  // 1. The body against the spec.
  const body = decodedBody(recording);
  const contentType = recording.response.headers?.['content-type'] ?? '';
  if (!body.parsed) {
    expect(recording.expect.error, 'a body that is not valid JSON must expect an error').toBeDefined();
  } else if (!recording.response.headers?.['sl-violations']) {
    const check = committedValidator(api).validateResponse({ method: operation!.method, path: operation!.path, status: recording.response.status, contentType, body: body.value });
    if (recording.knownDeviation) expect(check.kind, 'knownDeviation is stale: the body now matches the spec').not.toBe('valid');
    else expect(check).toMatchObject({ kind: 'valid' });
  }

  // 2. Replay through the client.
  const server = await replay([recording]);
  try {
    const { client } = clientFor(api, server.url, { timeoutMs: 5_000 });
    const outcome = await client
      .request(recording.request.method, operation!.path, {
        params: { path: params!, ...(recording.request.query ? { query: recording.request.query } : {}) },
        ...recordedRequestBody(recording),
      })
      .then((data) => ({ data }), (error: unknown) => ({ error }));
    // Replay matches on the body too: the client must have sent what was recorded (credentials aside).
    server.assertAllMatched();

    if (recording.expect.outcome === 'data') {
      if ('error' in outcome) throw outcome.error;
      expect(outcome.data).toEqual(body.parsed ? body.value : undefined);
      return;
    }
    expect('error' in outcome, 'replay should have failed').toBe(true);
    const error = (outcome as { error: KycContractsError }).error;
    expect(error).toBeInstanceOf(KycContractsError);
    expect(error.name).toBe(recording.expect.error);
    if (recording.expect.status !== undefined) expect((error as unknown as { status: number }).status).toBe(recording.expect.status);
    if (recording.expect.vendorCode !== undefined) expect((error as ApiError).vendorCode).toBe(recording.expect.vendorCode);
    if (recording.expect.vendorMessage !== undefined) expect((error as ApiError).vendorMessage).toBe(recording.expect.vendorMessage);
    if (recording.response.bodyText !== undefined && !recording.response.headers?.['sl-violations']) {
      expect((error as unknown as { rawBody: string }).rawBody).toBe(recording.response.bodyText);
    }
  } finally {
    await server.close();
  }
}
