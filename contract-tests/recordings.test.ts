/**
 * Every recording under contract-tests/recordings/: its body holds to the spec for its operation and status,
 * and replaying it through the real client, from a real HTTP server on loopback, yields the expected typed
 * data or error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonContentType } from '../src/core/body.js';
import { ApiError, KycContractsError } from '../src/core/errors.js';
import { type OpenApiDocument, findOperationById, loadBundledSpec } from '../src/core/spec.js';
import { getSpecValidator } from '../src/core/validation.js';
import { listApis } from '../scripts/lib/apis.js';
import { clientFor } from './support/clients.js';
import { pathParamsFromPath } from './support/spec-cases.js';
import { type LoopbackServer, startLoopbackServer } from './support/loopback-server.js';
import { type LoadedRecording, type Recording, loadRecordings, responseBodyText } from '../scripts/lib/recordings.js';

const recordings = loadRecordings();
let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

function decodedBody(recording: Recording): { parsed: true; value: unknown } | { parsed: false } {
  if (recording.response.bodyText === undefined) return { parsed: true, value: recording.response.body };
  const contentType = recording.response.headers?.['content-type'] ?? '';
  if (!isJsonContentType(contentType)) return { parsed: true, value: recording.response.bodyText };
  try {
    return { parsed: true, value: JSON.parse(recording.response.bodyText) };
  } catch {
    return { parsed: false };
  }
}

it('there are recordings for every API', () => {
  const withRecordings = new Set(recordings.map((r) => r.api));
  expect(listApis().map((a) => a.id).filter((id) => !withRecordings.has(id))).toEqual([]);
});

describe.each(listApis().map((a) => a.id))('%s recordings', (api) => {
  const mine = recordings.filter((r) => r.api === api);
  const document: OpenApiDocument = loadBundledSpec(api);

  it.each(mine.map((r) => [r.file, r] as const))('%s', async (_file, loaded: LoadedRecording) => {
    const { recording } = loaded;
    const operation = findOperationById(document, recording.operationId);
    expect(operation, `operationId ${recording.operationId} is not in specs/${api}`).toBeDefined();
    expect(recording.request.method).toBe(operation!.method.toUpperCase());
    const params = pathParamsFromPath(document, operation!, recording.request.path);
    expect(params, `${recording.request.path} does not match ${operation!.path}`).toBeDefined();

    // 1. The body against the spec.
    const body = decodedBody(recording);
    const contentType = recording.response.headers?.['content-type'] ?? '';
    if (!body.parsed) {
      expect(recording.expect.error, 'a body that is not valid JSON must expect ResponseParseError (2xx) or an error').toBeDefined();
    } else {
      const check = getSpecValidator(api).validateResponse({ method: operation!.method, path: operation!.path, status: recording.response.status, contentType, body: body.value });
      if (recording.knownDeviation) expect(check.kind, 'knownDeviation is stale: the body now matches the spec').not.toBe('valid');
      else expect(check).toMatchObject({ kind: 'valid' });
    }

    // 2. Replay through the client.
    server.handle(() => ({
      status: recording.response.status,
      headers: { 'content-type': contentType || 'application/octet-stream' },
      body: responseBodyText(recording),
    }));
    const client = clientFor(api, server.url, { timeoutMs: 5_000 });
    const outcome = await client.api
      .invoke(recording.request.method, operation!.path, {
        params: { path: params!, ...(recording.request.query ? { query: recording.request.query } : {}) },
        ...(recording.request.body !== undefined ? { body: recording.request.body } : {}),
      })
      .then((data) => ({ data }), (error: unknown) => ({ error }));
    const sent = server.received[0]!;
    expect(sent.method).toBe(recording.request.method);
    // Decoded: the generic replay percent-encodes a comma list (`1,2`) that a vendor client may send raw.
    expect(decodeURIComponent(sent.url.split('?')[0]!)).toBe(recording.request.path);

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
    if (recording.response.bodyText !== undefined) expect((error as unknown as { rawBody: string }).rawBody).toBe(recording.response.bodyText);
  });
});
