/** The shared core against a real loopback server: errors, time limits, retries, raw bodies, auth. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, json, startLoopbackServer } from '../../contract-tests/support/loopback-server.js';
import { headerAuth, jsonBodyFieldAuth } from './auth.js';
import {
  ApiError,
  NetworkError,
  RequestValidationError,
  ResponseParseError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import type { Exchange } from './exchange.js';
import { type ApiClientConfig, type VendorProfile, createApiClient } from './http-client.js';
import { freePort } from '../../scripts/lib/prism.js';

const profile: VendorProfile = {
  api: 'bank131', // any API with a bundled spec works for validation tests; bank131's is small
  describeError: (body) => {
    const b = body as { code?: string; message?: string; errors?: Array<{ parameter: string; message: string }> } | undefined;
    return {
      vendorCode: b?.code,
      vendorMessage: b?.message,
      issues: b?.errors?.map((e) => ({ field: e.parameter, message: e.message })),
      requestInvalid: b?.code === 'validation',
    };
  },
  envelopeError: (body) => ((body as { status?: string })?.status === 'error' ? { vendorCode: 'enveloped', vendorMessage: 'in a 200' } : undefined),
};

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

const client = (config: Partial<ApiClientConfig> = {}) => createApiClient<{}>(profile, { baseUrl: server.url, ...config });

describe('createApiClient', () => {
  it('resolves with the decoded body and sends path, query and JSON body', async () => {
    server.handle(() => json(200, { ok: true }));
    const data = await client().invoke('post', '/things/{id}', { params: { path: { id: 'a b' }, query: { q: '1' } }, body: { x: 1 } });
    expect(data).toEqual({ ok: true });
    expect(server.received[0]).toMatchObject({ method: 'POST', url: '/things/a%20b?q=1', bodyText: '{"x":1}' });
  });

  it('turns a non-2xx answer into ApiError with status, vendor code, message, body and raw body', async () => {
    server.handle(() => json(404, { code: 'not_found', message: 'No such thing' }, { 'x-request-id': 'r1' }));
    const error = await client().invoke('get', '/things/{id}', { params: { path: { id: 1 } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({
      status: 404,
      vendorCode: 'not_found',
      vendorMessage: 'No such thing',
      body: { code: 'not_found', message: 'No such thing' },
      rawBody: '{"code":"not_found","message":"No such thing"}',
      operation: { api: 'bank131', method: 'GET', path: '/things/{id}' },
    });
    expect((error as ApiError).headers['x-request-id']).toBe('r1');
    expect((error as Error).message).toBe('bank131 GET /things/{id}: HTTP 404 not_found: No such thing');
  });

  it('reports field-level vendor validation as RequestValidationError naming the fields', async () => {
    server.handle(() => json(422, { code: 'validation', errors: [{ parameter: 'dob', message: 'Day of birth is not valid' }] }));
    const error = (await client().invoke('post', '/x').catch((e: unknown) => e)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toEqual(['dob']);
    expect(error.message).toContain('dob: Day of birth is not valid');
  });

  it('keeps a non-JSON error body as text (an HTML 502 from a gateway)', async () => {
    server.handle(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' }));
    const error = (await client().invoke('get', '/x').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.body).toBe('<html><body>502 Bad Gateway</body></html>');
  });

  it('turns an error envelope in a 200 into ApiError', async () => {
    server.handle(() => json(200, { status: 'error' }));
    await expect(client().invoke('get', '/x')).rejects.toMatchObject({ name: 'ApiError', status: 200, vendorCode: 'enveloped' });
  });

  it('reports a 2xx body that is not valid JSON as ResponseParseError, keeping the raw text', async () => {
    const raw = '{"status": "ok", "data": {"id": "7", // comment\n}}';
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: raw }));
    const error = (await client().invoke('get', '/x').catch((e: unknown) => e)) as ResponseParseError;
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error.rawBody).toBe(raw);
    expect(error.status).toBe(200);
  });

  it('validates 2xx bodies against the spec when asked', async () => {
    server.handle(() => json(200, { status: 'ok', data: { id: 7 } }));
    const path = '/api/v1.1/check/{id}';
    const init = { params: { path: { id: '7' } } };
    await expect(client().invoke('get', path, init)).resolves.toEqual({ status: 'ok', data: { id: 7 } });
    const error = (await client({ validateResponses: true }).invoke('get', path, init).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues.map((i) => i.field)).toContain('/data/id');
  });

  it('gives up after the time limit with TimeoutError', async () => {
    server.handle(() => ({ ...json(200, {}), delayMs: 500 }));
    const error = await client({ timeoutMs: 50 }).invoke('get', '/slow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
  });

  it("rethrows the caller's own abort as is", async () => {
    server.handle(() => ({ ...json(200, {}), delayMs: 500 }));
    const controller = new AbortController();
    const call = client().invoke('get', '/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 20);
    await expect(call).rejects.toThrow('caller gave up');
  });

  it('reports a refused connection as NetworkError', async () => {
    const port = await freePort();
    const error = await createApiClient<{}>(profile, { baseUrl: `http://127.0.0.1:${port}` }).invoke('get', '/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
  });

  it('retries idempotent calls on 503, honouring Retry-After, and never retries POST', async () => {
    server.handle((_req, index) => (index < 2 ? json(503, {}, { 'retry-after': '0' }) : json(200, { done: true })));
    await expect(client({ retry: 2 }).invoke('get', '/flaky')).resolves.toEqual({ done: true });
    expect(server.received).toHaveLength(3);

    server.handle(() => json(503, {}));
    await expect(client({ retry: 2 }).invoke('post', '/flaky')).rejects.toMatchObject({ status: 503 });
    expect(server.received).toHaveLength(1);
  });

  it('injects auth into headers or the JSON body, and shows observers the exchange', async () => {
    server.handle(() => json(200, { fine: 1 }));
    const exchanges: Exchange[] = [];
    const api = client({
      middleware: [headerAuth('X-PARTNER-PROJECT', 'example-project'), jsonBodyFieldAuth('api_key', 'example-key')],
      onExchange: (exchange) => void exchanges.push(exchange),
    });
    await api.invoke('post', '/auth', { body: { iin: '010203040506' } });
    expect(server.received[0]!.headers['x-partner-project']).toBe('example-project');
    expect(JSON.parse(server.received[0]!.bodyText)).toEqual({ iin: '010203040506', api_key: 'example-key' });
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.request.bodyText).toBe(server.received[0]!.bodyText);
    expect(exchanges[0]!.response).toMatchObject({ status: 200, bodyText: '{"fine":1}' });
  });

  it('refuses unusable configuration with a clear message', () => {
    expect(() => createApiClient<{}>(profile, { baseUrl: 'kyc.example' })).toThrow(/absolute http\(s\) URL/);
    expect(() => headerAuth('bsauth', '')).toThrow(/Missing credential for bsauth/);
  });
});
