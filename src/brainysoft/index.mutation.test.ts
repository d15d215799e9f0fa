/** BrainySoft's envelope dialect, two-stage creation and URL building, pinned by name (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { ApiError, ResponseValidationError } from '../core/errors.js';
import { brainysoftBaseUrl, createBrainysoftClient, createdClientId } from './index.js';
import { brainysoftManifest } from './manifest.js';
import { fetchBrainysoftToken, tokenUrlFor } from './token.js';
import { scriptedFetch } from '../testing/fixtures.js';

const { describeError, envelopeError } = brainysoftManifest.errorDialect;
const token = brainysoftManifest.credentials[0]!.fake;
const envelope = (data: unknown) => JSON.stringify({ status: 'ok', timestamp: 1, data });

const scripted = scriptedFetch;

describe('BrainySoft envelope dialect', () => {
  it('reads a string `data` as the message and {code, message} as code and message (numeric codes as text)', () => {
    expect(envelopeError!({ status: 'error', data: 'Client not found' })).toEqual({ vendorMessage: 'Client not found' });
    expect(envelopeError!({ status: 'error', data: { code: 'E1', message: 'bad' } })).toEqual({ vendorCode: 'E1', vendorMessage: 'bad' });
    expect(envelopeError!({ status: 'error', data: { code: 404, message: 7 } })).toEqual({ vendorCode: '404', vendorMessage: undefined });
    expect(envelopeError!({ status: 'error', data: { code: true } })).toEqual({ vendorCode: undefined, vendorMessage: undefined });
    expect(envelopeError!({ status: 'error', data: null })).toEqual({});
    expect(envelopeError!({ status: 'error' })).toEqual({});
  });

  it('sees no error in an `ok` envelope or in what is no envelope', () => {
    expect(envelopeError!({ status: 'ok', data: 'error' })).toBeUndefined();
    expect(envelopeError!(null)).toBeUndefined();
    expect(envelopeError!('error')).toBeUndefined();
    expect(describeError('<html>', 502)).toEqual({});
    expect(describeError({ status: 'error', data: 'no' }, 400)).toEqual({ vendorMessage: 'no' });
  });
});

describe('createdClientId', () => {
  it('is the id whether `data` is the id or the client object, else undefined', () => {
    expect(createdClientId(3692)).toBe(3692);
    expect(createdClientId({ id: 41, firstName: 'Тест' })).toBe(41);
    expect(createdClientId({ id: '41' })).toBeUndefined();
    expect(createdClientId('41')).toBeUndefined();
    expect(createdClientId(null)).toBeUndefined();
    expect(createdClientId(undefined)).toBeUndefined();
  });
});

describe('createBrainysoftClient', () => {
  it("builds the customer's host, sends bsauth, and keeps the commas of an id list unencoded", async () => {
    expect(brainysoftBaseUrl('demo')).toBe('https://demo-saas.brainysoft.ru/bs-core');
    const { fetch, sent } = scripted({ status: 200, body: envelope([]) });
    const client = createBrainysoftClient({ token, customer: 'demo', fetch });
    expect(client.baseUrl).toBe('https://demo-saas.brainysoft.ru/bs-core');
    await client.findClientsUsingGET({ params: { path: { ids: '1,2' } } } as never);
    expect(sent[0]!.url).toBe('https://demo-saas.brainysoft.ru/bs-core/main/clients/find/1,2');
    expect(sent[0]!.headers.get('bsauth')).toBe(token);
  });

  it('creates a client in two stages: the init template with the caller\'s fields merged over it', async () => {
    const { fetch, sent } = scripted(
      { status: 200, body: envelope({ managerId: 101, passport: { seria: '', no: '' }, comment: null }) },
      { status: 200, body: envelope(3692) },
    );
    const client = createBrainysoftClient({ token, baseUrl: 'https://bs.test', fetch });
    const created = client.createClient({ firstName: 'Тест', lastName: 'Тестов', passport: { no: '000045' } } as never);
    await expect(created).resolves.toBe(3692);
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual(['GET https://bs.test/main/clients/init', 'POST https://bs.test/main/clients']);
    expect(JSON.parse(sent[1]!.body)).toEqual({ managerId: 101, passport: { seria: '', no: '000045' }, comment: null, firstName: 'Тест', lastName: 'Тестов' });
  });

  it('resolves with the id of a client object too, and gives the create answer with withResponse()', async () => {
    const { fetch } = scripted({ status: 200, body: envelope({}) }, { status: 200, body: envelope({ id: 41 }) });
    const result = await createBrainysoftClient({ token, baseUrl: 'https://bs.test', fetch }).createClient({} as never).withResponse();
    expect(result.data).toBe(41);
    expect(result.response.status).toBe(200);
  });

  it('refuses an init answer whose data is no template, naming the init operation, and creates nothing', async () => {
    for (const data of [null, 'text', 5]) {
      const { fetch, sent } = scripted({ status: 200, body: envelope(data) });
      const error = (await createBrainysoftClient({ token, baseUrl: 'https://bs.test', fetch }).createClient({} as never).catch((e: unknown) => e)) as ResponseValidationError;
      expect(error, JSON.stringify(data)).toBeInstanceOf(ResponseValidationError);
      expect(error.operation).toEqual({ api: 'brainysoft', method: 'GET', path: '/main/clients/init' });
      expect(error.issues).toEqual([{ field: '/data', message: 'is not the new-client template (an object)' }]);
      expect(sent).toHaveLength(1);
    }
  });

  it('refuses a create answer that carries no id, naming the create operation', async () => {
    const { fetch } = scripted({ status: 200, body: envelope({}) }, { status: 200, body: envelope('ok') });
    const error = (await createBrainysoftClient({ token, baseUrl: 'https://bs.test', fetch }).createClient({} as never).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.operation).toEqual({ api: 'brainysoft', method: 'POST', path: '/main/clients' });
    expect(error.issues[0]!.field).toBe('/data');
  });

  it('rejects an `error` envelope in a 200 with ApiError', async () => {
    const { fetch } = scripted({ status: 200, body: JSON.stringify({ status: 'error', data: { code: 'E', message: 'm' } }) });
    const error = await createBrainysoftClient({ token, baseUrl: 'https://bs.test', fetch }).getClientUsingGET({ params: { path: { id: 1 } } } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, vendorCode: 'E', vendorMessage: 'm' });
  });

  it('loads the BrainySoft spec when validateResponses is on', async () => {
    const { fetch } = scripted({ status: 200, body: JSON.stringify({ status: 'ok', timestamp: 'x', data: 'x' }) });
    const client = createBrainysoftClient({ token, baseUrl: 'https://bs.test', fetch, validateResponses: true });
    await expect(client.getClientUsingGET({ params: { path: { id: 1 } } } as never)).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe('BrainySoft tokens', () => {
  it("builds the customer's token URL, or takes the one given, and refuses a customer key that is no host label", () => {
    expect(tokenUrlFor({ customer: 'demo-1' })).toBe('https://demo-1-auth.brainysoft.ru/oauth/token');
    expect(tokenUrlFor({ tokenUrl: 'https://auth.test/t', customer: 'x y' })).toBe('https://auth.test/t');
    expect(() => tokenUrlFor({ customer: 'demo.evil' })).toThrow(TypeError);
    expect(() => tokenUrlFor({ customer: 'a/b' })).toThrow(/Pass `customer`/);
    expect(() => tokenUrlFor({})).toThrow(TypeError);
  });

  it('reads token type and expiry, and leaves out what the server did not say', async () => {
    const answer = (body: unknown) => async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    const before = Date.now();
    const full = await fetchBrainysoftToken({ tokenUrl: 'https://auth.test/t', clientId: 'c', clientSecret: 's', fetch: answer({ access_token: 'tok', token_type: 'bearer', expires_in: 60 }) });
    expect(full.accessToken).toBe('tok');
    expect(full.expiresAt! - before).toBeGreaterThanOrEqual(60_000);
    expect(full.expiresAt! - Date.now()).toBeLessThanOrEqual(60_000);
    const bare = await fetchBrainysoftToken({ tokenUrl: 'https://auth.test/t', clientId: 'c', clientSecret: 's', fetch: answer({ access_token: 'tok', token_type: 5, expires_in: 0 }) });
    expect(bare).toEqual({ accessToken: 'tok', tokenType: undefined, expiresAt: undefined });
    const negative = await fetchBrainysoftToken({ tokenUrl: 'https://auth.test/t', clientId: 'c', clientSecret: 's', fetch: answer({ access_token: 'tok', expires_in: -5 }) });
    expect(negative.expiresAt).toBeUndefined();
  });

  it('reports the OAuth error code and description of a refused token request, with its body', async () => {
    const fetch = async () => new Response('{"error":"invalid_client","error_description":"Bad client credentials"}', { status: 401, headers: { 'content-type': 'application/json' } });
    const error = (await fetchBrainysoftToken({ tokenUrl: 'https://auth.test/t', clientId: 'c', clientSecret: 's', fetch }).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 401, vendorCode: 'invalid_client', vendorMessage: 'Bad client credentials', body: { error: 'invalid_client' } });
    const bare = (await fetchBrainysoftToken({ tokenUrl: 'https://auth.test/t', clientId: 'c', clientSecret: 's', fetch: async () => new Response('', { status: 503 }) }).catch((e: unknown) => e)) as ApiError;
    expect(bare).toMatchObject({ status: 503, vendorMessage: undefined });
  });

  it('says why a 2xx token answer is unusable', async () => {
    const reason = async (body: unknown) =>
      ((await fetchBrainysoftToken({ tokenUrl: 'https://auth.test/t', clientId: 'c', clientSecret: 's', fetch: async () => new Response(JSON.stringify(body), { status: 200 }) }).catch((e: unknown) => e)) as ApiError).vendorMessage;
    expect(await reason({ access_token: 'a b' })).toBe('the access_token has characters a header cannot carry');
    expect(await reason({ token: 'x' })).toBe('no access_token in the answer');
  });
});
