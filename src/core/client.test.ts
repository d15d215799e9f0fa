/** The composed core against a real loopback server: bodies, errors, retries, time limits, auth, observers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, json, startLoopbackServer } from '../testing/loopback-server.js';
import { type CommonClientOptions, type OperationTable, createVendorClient } from './client.js';
import {
  ApiError,
  MissingDependencyError,
  NetworkError,
  RequestValidationError,
  ResponseParseError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import type { Exchange } from './exchange.js';
import { type VendorManifest, defineManifest } from './manifest.js';
import type { OpenApiDocument } from './spec.js';
import { tinyDialect } from '../testing/fixtures.js';

/** A tiny vendor: `{code, message, errors}` errors, `{status: "error"}` envelopes, a header token and a body key. */
const manifest = defineManifest({
  id: 'unit',
  title: 'Unit',
  summary: 'test vendor',
  docsUrl: 'https://example.test',
  servers: { production: 'https://api.example.test' },
  mockPort: 1,
  credentials: [
    { option: 'project', env: 'P', description: 'the project', placement: { in: 'header', name: 'X-PARTNER-PROJECT' }, fake: 'example-project' },
    { option: 'apiKey', env: 'K', description: 'the key', placement: { in: 'body', name: 'api_key' }, fake: 'example-key' },
  ],
  errorDialect: tinyDialect,
  redaction: {} as VendorManifest['redaction'],
});

const operations = {
  getThing: { method: 'get', path: '/things/{id}', responses: { '200': ['application/json'] } },
  createThing: { method: 'post', path: '/things', responses: { '201': ['application/json'], '204': [] } },
  getCheck: { method: 'get', path: '/api/v1.1/check/{id}', responses: { '200': ['application/json'] } },
} as const satisfies OperationTable;

const loadBank131 = () => import('../../generated/bank131.spec.js').then((m) => m.default as OpenApiDocument);

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(undefined, { lifetimeMs: 120_000 });
});
afterAll(() => server.close());

const client = (options: Partial<CommonClientOptions> & Record<string, unknown> = {}, loadSpec = loadBank131) =>
  createVendorClient<{}, typeof operations>({ manifest, operations, loadSpec }, { baseUrl: server.url, project: 'example-project', apiKey: 'example-key', ...options } as CommonClientOptions);
const caught = (promise: Promise<unknown>) => promise.then(() => new Error('expected a rejection'), (e: unknown) => e);

describe('createVendorClient', () => {
  it('has a method per operation that sends path, query and JSON body and resolves with the decoded body', async () => {
    server.handle(() => json(201, { ok: true }));
    const data = await client().createThing({ params: { query: { q: '1' } }, body: { x: 1 } } as never);
    expect(data).toEqual({ ok: true });
    expect(server.received[0]).toMatchObject({ method: 'POST', url: '/things?q=1' });
    expect(JSON.parse(server.received[0]!.bodyText)).toEqual({ x: 1, api_key: 'example-key' });
    server.handle(() => json(200, { id: 'a b' }));
    await client().getThing({ params: { path: { id: 'a b' } } } as never);
    expect(server.received[0]!.url).toBe('/things/a%20b');
  });

  it('resolves with undefined where the spec documents no body, and gives status, headers and URL with withResponse()', async () => {
    server.handle(() => ({ status: 204, headers: { 'x-request-id': 'r9' } }));
    const { data, response } = await client().createThing({ body: {} } as never).withResponse();
    expect(data).toBeUndefined();
    expect(response).toMatchObject({ status: 204, url: `${server.url}/things` });
    expect(response.headers['x-request-id']).toBe('r9');
  });

  it('turns a non-2xx answer into ApiError with status, vendor code, message, body, raw body and headers', async () => {
    server.handle(() => json(404, { code: 'not_found', message: 'No such thing' }, { 'x-request-id': 'r1' }));
    const error = (await caught(client().getThing({ params: { path: { id: 1 } } } as never))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({
      status: 404,
      vendorCode: 'not_found',
      vendorMessage: 'No such thing',
      body: { code: 'not_found', message: 'No such thing' },
      rawBody: '{"code":"not_found","message":"No such thing"}',
      operation: { api: 'unit', method: 'GET', path: '/things/{id}' },
    });
    expect(error.headers['x-request-id']).toBe('r1');
    expect(error.message).toBe('unit GET /things/{id}: HTTP 404 not_found: No such thing');
  });

  it('reports field-level vendor validation as RequestValidationError naming the fields', async () => {
    server.handle(() => json(422, { code: 'validation', errors: [{ parameter: 'dob', message: 'Day of birth is not valid' }] }));
    const error = (await caught(client().createThing({ body: {} } as never))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toEqual(['body.dob']);
    expect(error.message).toContain('body.dob: Day of birth is not valid');
  });

  it("reports the mock's sl-violations header and Prism's 422 as RequestValidationError with body.<path> fields", async () => {
    const violations = JSON.stringify([{ location: ['request', 'body'], severity: 'Error', code: 'required', message: "Request body must have required property 'iin'" }]);
    server.handle(() => json(400, { detail: 'canned example' }, { 'sl-violations': violations }));
    const fromHeader = (await caught(client().createThing({ body: {} } as never))) as RequestValidationError;
    expect(fromHeader).toBeInstanceOf(RequestValidationError);
    expect(fromHeader.fields).toEqual(['body.iin']);
    expect(fromHeader.rawBody).toBe(violations);

    const problem = { type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY', title: 'Invalid request', status: 422, validation: [{ location: ['request', 'body', 'person', 'dob'], code: 'format', message: 'must match format "date"' }] };
    server.handle(() => ({ status: 422, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(problem) }));
    const from422 = (await caught(client().createThing({ body: {} } as never))) as RequestValidationError;
    expect(from422).toBeInstanceOf(RequestValidationError);
    expect(from422.fields).toEqual(['body.person.dob']);
    expect(from422.status).toBe(422);
  });

  it('keeps a non-JSON error body as text (an HTML 502 from a gateway)', async () => {
    server.handle(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' }));
    const error = (await caught(client().getThing({ params: { path: { id: 1 } } } as never))) as ApiError;
    expect(error).toMatchObject({ status: 502, body: '<html><body>502 Bad Gateway</body></html>' });
  });

  it('turns an error envelope in a 200 into ApiError', async () => {
    server.handle(() => json(200, { status: 'error' }));
    await expect(client().getThing({ params: { path: { id: 1 } } } as never)).rejects.toMatchObject({ name: 'ApiError', status: 200, vendorCode: 'enveloped' });
  });

  it('reports a 2xx body that is not valid JSON as ResponseParseError, keeping the raw text', async () => {
    const raw = '{"status": "ok", "data": {"id": "7", // comment\n}}';
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: raw }));
    const error = (await caught(client().getThing({ params: { path: { id: 1 } } } as never))) as ResponseParseError;
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ status: 200, rawBody: raw });
  });

  it('validates 2xx bodies against the spec only when asked', async () => {
    server.handle(() => json(200, { status: 'ok', data: { id: 7 } }));
    const init = { params: { path: { id: '7' } } } as never;
    await expect(client().getCheck(init)).resolves.toEqual({ status: 'ok', data: { id: 7 } });
    const error = (await caught(client({ validateResponses: true }).getCheck(init))) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.status).toBe(200);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.body).toEqual({ status: 'ok', data: { id: 7 } });
  });

  it('reports a missing optional package as MissingDependencyError, and other spec-loading failures as they are', async () => {
    server.handle(() => json(200, { status: 'ok' }));
    const missing = () => Promise.reject(Object.assign(new Error("Cannot find package 'ajv'"), { code: 'ERR_MODULE_NOT_FOUND' }));
    const error = (await caught(client({ validateResponses: true }, missing).getCheck({ params: { path: { id: '1' } } } as never))) as MissingDependencyError;
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect(error.packages).toEqual(['ajv', 'ajv-formats']);
    expect(error.message).toMatch(/npm install ajv ajv-formats/);
  });

  it('gives up after the time limit with TimeoutError; a per-call limit overrides the client\'s', async () => {
    server.handle(() => ({ ...json(200, {}), delayMs: 2_000 }));
    const error = (await caught(client({ timeoutMs: 50 }).getThing({ params: { path: { id: 1 } } } as never))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(50);
    const perCall = (await caught(client({ timeoutMs: 60_000 }).getThing({ params: { path: { id: 1 } }, timeoutMs: 40 } as never))) as TimeoutError;
    expect(perCall).toBeInstanceOf(TimeoutError);
    expect(perCall.timeoutMs).toBe(40);
  });

  it('treats a limit past setTimeout\'s maximum as a limit, not as "time is up"', async () => {
    server.handle(() => ({ ...json(200, { late: true }), delayMs: 30 }));
    await expect(client({ timeoutMs: Number.MAX_SAFE_INTEGER }).getThing({ params: { path: { id: 1 } } } as never)).resolves.toEqual({ late: true });
    await expect(client({ timeoutMs: 0 }).getThing({ params: { path: { id: 1 } } } as never)).resolves.toEqual({ late: true });
  });

  it("rethrows the caller's own abort as is", async () => {
    server.handle(() => ({ ...json(200, {}), delayMs: 2_000 }));
    const controller = new AbortController();
    const call = client().getThing({ params: { path: { id: 1 } }, signal: controller.signal } as never);
    setTimeout(() => controller.abort(new Error('caller gave up')), 20);
    await expect(call).rejects.toThrow('caller gave up');
  });

  it('reports a refused connection as NetworkError', async () => {
    const closed = await startLoopbackServer();
    const url = closed.url;
    await closed.close();
    const error = await caught(client({ baseUrl: url }).getThing({ params: { path: { id: 1 } } } as never));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).phase).toBe('request');
  });

  it.each([429, 502, 503, 504])('retries idempotent calls on %i, honouring Retry-After', async (status) => {
    server.handle((_req, index) => (index < 2 ? json(status, {}, { 'retry-after': '0' }) : json(200, { done: true })));
    await expect(client({ retry: 2 }).getThing({ params: { path: { id: 1 } } } as never)).resolves.toEqual({ done: true });
    expect(server.received).toHaveLength(3);
  });

  it('does not retry without a policy, on other statuses, or for POST', async () => {
    server.handle(() => json(503, {}));
    await expect(client().getThing({ params: { path: { id: 1 } } } as never)).rejects.toMatchObject({ status: 503 });
    expect(server.received).toHaveLength(1);
    server.handle(() => json(500, {}));
    await expect(client({ retry: 2 }).getThing({ params: { path: { id: 1 } } } as never)).rejects.toMatchObject({ status: 500 });
    expect(server.received).toHaveLength(1);
    server.handle(() => json(503, {}));
    await expect(client({ retry: 2 }).createThing({ body: {} } as never)).rejects.toMatchObject({ status: 503 });
    expect(server.received).toHaveLength(1);
  });

  it('puts credentials in the header and the JSON body, keeps an explicit body key, and shows observers the exchange', async () => {
    server.handle(() => json(201, { fine: 1 }));
    const exchanges: Exchange[] = [];
    const api = client({ onExchange: (exchange: Exchange) => void exchanges.push(exchange), headers: { 'x-extra': 'e' } });
    await api.createThing({ body: { iin: '010203040506' } } as never);
    const sent = server.received[0]!;
    expect(sent.headers['x-partner-project']).toBe('example-project');
    expect(sent.headers['x-extra']).toBe('e');
    expect(JSON.parse(sent.bodyText)).toEqual({ iin: '010203040506', api_key: 'example-key' });
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.operation).toEqual({ api: 'unit', method: 'POST', path: '/things' });
    expect(exchanges[0]!.request.bodyText).toBe(sent.bodyText);
    expect(exchanges[0]!.request.headers['x-partner-project']).toBe('example-project');
    expect(exchanges[0]!.response).toMatchObject({ status: 201, bodyText: '{"fine":1}' });
    await api.createThing({ body: { api_key: 'explicit' } } as never);
    expect(JSON.parse(server.received[1]!.bodyText)).toEqual({ api_key: 'explicit' });
  });

  it('shows observers failed exchanges too, before the error is thrown', async () => {
    server.handle(() => json(500, { code: 'boom' }));
    const seen: number[] = [];
    await expect(client({ onExchange: (e: Exchange) => void seen.push(e.response.status) }).getThing({ params: { path: { id: 1 } } } as never)).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual([500]);
  });

  it('holds an observer that never finishes to the time limit', async () => {
    server.handle(() => json(200, {}));
    const error = await caught(client({ timeoutMs: 100, onExchange: () => new Promise<void>(() => {}) }).getThing({ params: { path: { id: 1 } } } as never));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('calls any path untyped, by method and template', async () => {
    server.handle(() => json(200, [1, 2]));
    await expect(client().request('get', '/anything/{x}', { params: { path: { x: 'y' } } })).resolves.toEqual([1, 2]);
    expect(server.received[0]!.url).toBe('/anything/y');
    await expect(client().GET('/things/{id}' as never, { params: { path: { id: 3 } } } as never)).resolves.toEqual([1, 2]);
  });

  it('refuses unusable configuration with a clear message', () => {
    expect(() => client({ baseUrl: 'kyc.example' })).toThrow(/absolute http\(s\) URL/);
    expect(() => client({ baseUrl: 'ftp://kyc.example' })).toThrow(/http or https/);
    expect(() => client({ project: '' })).toThrow(/Missing credential `project`/);
    expect(() => client({ apiKey: undefined })).toThrow(/pass `apiKey`/);
    expect(() => createVendorClient({ manifest, operations: { request: { method: 'get', path: '/x', responses: {} } }, loadSpec: loadBank131 }, { baseUrl: server.url, project: 'p', apiKey: 'k' } as CommonClientOptions)).toThrow(/clashes/);
    expect(client({ baseUrl: `${server.url}/base///` }).baseUrl).toBe(`${server.url}/base`);
  });
});
