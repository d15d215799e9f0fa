/** ERD's error dialect and client wiring, pinned by name (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { ApiError, ResponseValidationError } from '../core/errors.js';
import { ERD_BASE_URL, createErdClient } from './index.js';
import { erdManifest } from './manifest.js';

const { describeError } = erdManifest.errorDialect;
const apiKey = erdManifest.credentials[0]!.fake;

/** A fetch that records what it was asked and answers from a script. */
function scripted(...answers: Array<{ status: number; body: string; type?: string }>) {
  const sent: Array<{ url: string; method: string; body: string }> = [];
  const fetch = async (url: string, init: RequestInit) => {
    sent.push({ url, method: String(init.method), body: String(init.body ?? '') });
    const next = answers.shift() ?? { status: 500, body: '' };
    return new Response(next.body, { status: next.status, headers: { 'content-type': next.type ?? 'application/json' } });
  };
  return { fetch, sent };
}

describe('ERD error dialect', () => {
  it('takes the message from a DRF-style {"detail": …} body', () => {
    expect(describeError({ detail: 'Subject not found in ERD' }, 404)).toEqual({ vendorMessage: 'Subject not found in ERD' });
  });

  it('ignores a detail that is not a string, and a null body', () => {
    expect(describeError({ detail: { nested: 'x' } }, 400)).toEqual({});
    expect(describeError({ message: 'not detail' }, 400)).toEqual({});
    expect(describeError(null, 500)).toEqual({});
    expect(describeError(undefined, 500)).toEqual({});
  });

  it('uses a short plain-text body as the message, up to 500 characters, never a long page', () => {
    expect(describeError('Bad Gateway', 502)).toEqual({ vendorMessage: 'Bad Gateway' });
    expect(describeError('x'.repeat(500), 502)).toEqual({ vendorMessage: 'x'.repeat(500) });
    expect(describeError('x'.repeat(501), 502)).toEqual({});
  });
});

describe('createErdClient', () => {
  it('talks to the production host by default and adds api_key to the JSON body', async () => {
    const { fetch, sent } = scripted({ status: 200, body: '{"result_json":[]}' });
    const client = createErdClient({ apiKey, fetch });
    expect(client.baseUrl).toBe(ERD_BASE_URL);
    expect(ERD_BASE_URL).toBe('https://kyc.biometric.kz');
    await expect(client.retrieveErd({ body: { iin: '010203040506' } as never })).resolves.toEqual({ result_json: [] });
    expect(sent[0]!.url).toBe('https://kyc.biometric.kz/api/v1/backend/erd/retrieve/');
    expect(sent[0]!.method).toBe('POST');
    expect(JSON.parse(sent[0]!.body)).toEqual({ iin: '010203040506', api_key: apiKey });
  });

  it('rejects a 404 with ApiError carrying the vendor message', async () => {
    const { fetch } = scripted({ status: 404, body: '{"detail":"Subject not found in ERD"}' });
    const error = await createErdClient({ apiKey, fetch, baseUrl: 'https://erd.test' }).retrieveErd({ body: { iin: '010203040506' } as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, vendorMessage: 'Subject not found in ERD' });
  });

  it('loads the ERD spec when validateResponses is on: a body of the wrong shape is a ResponseValidationError', async () => {
    const { fetch } = scripted({ status: 200, body: '{"result_json":"not a list"}' });
    const client = createErdClient({ apiKey, fetch, baseUrl: 'https://erd.test', validateResponses: true });
    await expect(client.retrieveErd({ body: { iin: '010203040506' } as never })).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
