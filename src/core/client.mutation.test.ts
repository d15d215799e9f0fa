/** The client's deadline, defaults and configuration rules, each named (mutation testing: see stryker.config.mjs). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, type CommonClientOptions, type OperationTable, RESERVED_NAMES, createVendorClient, withinDeadline } from './client.js';
import { ApiError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from './errors.js';
import type { Exchange } from './exchange.js';
import { type VendorManifest, defineManifest, resolveServerUrl } from './manifest.js';
import type { OpenApiDocument } from './spec.js';

afterEach(() => {
  vi.useRealTimers();
});

const manifest = defineManifest({
  id: 'unit',
  title: 'Unit',
  summary: 'test vendor',
  docsUrl: 'https://example.test',
  servers: { production: 'https://{region}.api.example.test/v1' },
  mockPort: 1,
  credentials: [{ option: 'token', env: 'T', description: 'the token', placement: { in: 'header', name: 'X-Token' }, fake: 'example-token' }],
  errorDialect: { describeError: () => ({}) },
  redaction: {} as VendorManifest['redaction'],
});
const operations = {
  getThing: { method: 'get', path: '/things/{id}', responses: { '200': ['application/json'] } },
  putThing: { method: 'put', path: '/things/{id}', responses: { '200': ['application/json'] } },
  touchThing: { method: 'post', path: '/things/{id}/touch', responses: { '200': [] } },
} as const satisfies OperationTable;

/** A fetch that answers from a script, or hangs until its signal aborts when told 'hang'. */
function scripted(...answers: Array<{ status: number; body?: string; headers?: Record<string, string> } | 'hang'>) {
  const sent: Array<{ url: string; method: string; headers: Headers; signal: AbortSignal | undefined }> = [];
  const fetch = (url: string, init: RequestInit) => {
    const signal = init.signal ?? undefined;
    sent.push({ url, method: String(init.method), headers: new Headers(init.headers), signal });
    const next = answers.shift() ?? { status: 500 };
    if (next === 'hang') {
      // Without a signal nothing can end it, as with a server that never answers.
      return new Promise<Response>((_resolve, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    }
    return Promise.resolve(new Response(next.body ?? '{}', { status: next.status, headers: { 'content-type': 'application/json', ...next.headers } }));
  };
  return { fetch, sent };
}
const client = (options: Partial<CommonClientOptions> & Record<string, unknown> = {}, loadSpec: () => Promise<OpenApiDocument> = async () => ({ openapi: '3.1.0' })) =>
  createVendorClient<{}, typeof operations>({ manifest, operations, loadSpec }, { baseUrl: 'https://api.test', token: 'example-token', ...options } as CommonClientOptions);
const get = (c: ReturnType<typeof client>, extra: object = {}) => c.getThing({ params: { path: { id: 1 } }, ...extra } as never);
const caught = (promise: Promise<unknown>) => promise.then(() => new Error('expected a rejection'), (e: unknown) => e);

describe('time limits', () => {
  it('limits a call to 30 s by default', async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    vi.useFakeTimers();
    const { fetch } = scripted('hang');
    const outcome = caught(get(client({ fetch })));
    await vi.advanceTimersByTimeAsync(29_999);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await outcome) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(30_000);
    expect(error.message).toBe('unit GET /things/{id}: no answer within 30000 ms');
  });

  it("takes the call's own limit over the client's, and the client's over the default", async () => {
    vi.useFakeTimers();
    const limits = async (options: object, call: object) => {
      const { fetch } = scripted('hang');
      const outcome = caught(get(client({ fetch, ...options }), call));
      await vi.advanceTimersByTimeAsync(60_000);
      return ((await outcome) as TimeoutError).timeoutMs;
    };
    expect(await limits({ timeoutMs: 5_000 }, { timeoutMs: 200 })).toBe(200);
    expect(await limits({ timeoutMs: 5_000 }, {})).toBe(5_000);
    expect(await limits({ timeoutMs: 200 }, { timeoutMs: 5_000 })).toBe(5_000);
  });

  it('has no limit at all with timeoutMs 0', async () => {
    vi.useFakeTimers();
    const { fetch, sent } = scripted('hang');
    let settled = false;
    void get(client({ fetch, timeoutMs: 0 })).then(() => (settled = true), () => (settled = true));
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(settled).toBe(false);
    // Nothing can abort such a call, so fetch is handed no signal at all (undici keeps a listener per signal).
    expect(sent[0]!.signal).toBeUndefined();
  });

  it('refuses a per-call timeoutMs that is no time limit before sending, with and without retries', async () => {
    for (const retry of [undefined, 2]) {
      const { fetch, sent } = scripted({ status: 200 });
      const error = await caught(get(client({ fetch, retry }), { timeoutMs: Number.NaN }));
      expect(error, `retry ${retry}`).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/`timeoutMs`/);
      expect(sent).toHaveLength(0);
    }
  });

  it("reports the caller's abort as it is, not as a time-out", async () => {
    const controller = new AbortController();
    const { fetch } = scripted('hang');
    const outcome = caught(get(client({ fetch, timeoutMs: 10_000 }), { signal: controller.signal }));
    controller.abort(new Error('caller'));
    expect(await outcome).toEqual(new Error('caller'));
  });

  it("keeps a library error as it is even when the deadline passed while it was thrown", async () => {
    const notFound = new ApiError({ api: 'unit', method: 'GET', path: '/x' }, { status: 404, body: undefined, rawBody: '', headers: {} });
    const error = await caught(withinDeadline({ api: 'unit', method: 'GET', path: '/x' }, 10, {}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      throw notFound;
    }));
    expect(error).toBe(notFound);
  });

  it('turns whatever the deadline interrupted into one TimeoutError for the operation, with the interruption as cause', async () => {
    const op = { api: 'unit', method: 'POST', path: '/x' };
    const error = (await caught(withinDeadline(op, 20, {}, (scope) => scope.step(new Promise(() => {}))))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.operation).toBe(op);
    expect(error.timeoutMs).toBe(20);
    expect((error.cause as DOMException).name).toBe('TimeoutError');
    const plain = new Error('not a time-out');
    expect(await caught(withinDeadline(op, 10_000, {}, async () => { throw plain; }))).toBe(plain);
  });

  it('gives the steps of a scope the time that is left, and 0 when there is no limit', async () => {
    vi.useFakeTimers();
    const op = { api: 'unit', method: 'POST', path: '/x' };
    const seen: Array<number | undefined> = [];
    const caller = new AbortController();
    await withinDeadline(op, 1_000, { signal: caller.signal, headers: { a: 'b' } }, async (scope) => {
      await vi.advanceTimersByTimeAsync(300);
      const options = scope.callOptions();
      seen.push(options.timeoutMs);
      expect(options.headers).toEqual({ a: 'b' });
      expect(options.signal).toBe(scope.deadline.signal);
    });
    await withinDeadline(op, 0, {}, async (scope) => void seen.push(scope.callOptions().timeoutMs));
    expect(seen).toEqual([700, 0]);
    await withinDeadline(op, 10, {}, async (scope) => {
      await vi.advanceTimersByTimeAsync(9);
      vi.setSystemTime(Date.now() + 5);
      seen.push(scope.callOptions().timeoutMs);
    });
    expect(seen[2]).toBe(1);
  });

  it('releases its timer when the work is done', async () => {
    vi.useFakeTimers();
    await withinDeadline({ api: 'unit', method: 'GET', path: '/x' }, 1_000, {}, async () => 'done');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('configuration', () => {
  it('fills the production URL from options and strips trailing slashes of a given one', () => {
    expect(createVendorClient({ manifest, operations, loadSpec: async () => ({ openapi: '3.1.0' }) }, { region: 'eu', token: 't' } as never).baseUrl).toBe('https://eu.api.example.test/v1');
    expect(client({ baseUrl: 'https://api.test/base//' }).baseUrl).toBe('https://api.test/base');
    expect(client({ baseUrl: 'http://api.test' }).baseUrl).toBe('http://api.test');
  });

  it('names the missing or unusable server option', () => {
    expect(() => resolveServerUrl('https://{customer}.x.test', {})).toThrow('The server URL https://{customer}.x.test needs `customer` (letters, digits and dashes), got undefined.');
    expect(() => resolveServerUrl('https://{customer}.x.test', { customer: 'a.b' })).toThrow(TypeError);
    expect(resolveServerUrl('https://{a}-{b_2}.x.test', { a: 'A-1', b_2: 'z' })).toBe('https://A-1-z.x.test');
  });

  it('refuses a generated method that clashes with the core', () => {
    expect(RESERVED_NAMES).toEqual(['manifest', 'baseUrl', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'request']);
    const clash = { request: { method: 'get', path: '/r', responses: {} } } as const;
    expect(() => createVendorClient({ manifest, operations: clash, loadSpec: async () => ({ openapi: '3.1.0' }) }, { baseUrl: 'https://api.test', token: 't' } as never)).toThrow(
      'unit: operationId "request" clashes with the client\'s own "request".',
    );
  });

  it('sends each by-path method with its own HTTP method, and merges client and call headers (the call wins)', async () => {
    const { fetch, sent } = scripted({ status: 200 }, { status: 200 }, { status: 200 }, { status: 200 }, { status: 200 });
    const c = client({ fetch, headers: { 'x-a': 'client', 'x-b': 'client' } });
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) await (c[method] as (p: string, i?: object) => Promise<unknown>)('/things/{id}', { params: { path: { id: 1 } }, headers: { 'x-b': 'call' } });
    expect(sent.map((s) => s.method)).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    expect(sent.every((s) => s.headers.get('x-a') === 'client' && s.headers.get('x-b') === 'call' && s.headers.get('x-token') === 'example-token')).toBe(true);
    expect(sent[0]!.url).toBe('https://api.test/things/1');
  });

  it('accepts answers up to 16 MiB by default, and maxResponseBytes when given', async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(16 * 1024 * 1024);
    const { fetch } = scripted({ status: 200, body: '"12345"', headers: { 'content-length': '7' } });
    await expect(get(client({ fetch, maxResponseBytes: 6 }))).rejects.toBeInstanceOf(ResponseTooLargeError);
    const big = scripted({ status: 200, body: '{}', headers: { 'content-length': String(16 * 1024 * 1024) } });
    await expect(get(client({ fetch: big.fetch }))).resolves.toEqual({});
    const over = scripted({ status: 200, body: '{}', headers: { 'content-length': String(16 * 1024 * 1024 + 1) } });
    await expect(get(client({ fetch: over.fetch }))).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('retries with the policy the client was given', async () => {
    const { fetch, sent } = scripted({ status: 503, headers: { 'retry-after': '0' } }, { status: 200 });
    await expect(get(client({ fetch, retry: 1 }))).resolves.toEqual({});
    expect(sent).toHaveLength(2);
  });
});

describe('observers and validation', () => {
  it('shows an observer the operation, the request and the answer, and when and how long', async () => {
    const seen: Exchange[] = [];
    const { fetch } = scripted({ status: 200, body: '{"ok":true}', headers: { 'x-id': 'r1' } });
    const before = Date.now();
    await get(client({ fetch, onExchange: (e) => void seen.push(e) }));
    expect(seen).toHaveLength(1);
    const [exchange] = seen;
    expect(exchange!.operation).toEqual({ api: 'unit', method: 'GET', path: '/things/{id}' });
    expect(exchange!.request).toMatchObject({ method: 'GET', url: 'https://api.test/things/1' });
    expect(exchange!.response).toEqual({ status: 200, headers: { 'content-type': 'application/json', 'x-id': 'r1' }, bodyText: '{"ok":true}' });
    expect(exchange!.startedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(exchange!.durationMs).toBeGreaterThanOrEqual(0);
    expect(exchange!.durationMs).toBeLessThan(5_000);
  });

  it('names an undocumented status and an unknown operation in the validation error', async () => {
    const spec = {
      openapi: '3.1.0',
      paths: { '/things/{id}': { get: { responses: { '201': { description: 'created' } } } } },
    } as unknown as OpenApiDocument;
    const { fetch } = scripted({ status: 200 }, { status: 200 });
    const c = client({ fetch, validateResponses: true }, async () => spec);
    const undocumented = (await caught(get(c))) as ResponseValidationError;
    expect(undocumented).toBeInstanceOf(ResponseValidationError);
    expect(undocumented.issues).toEqual([{ field: '', message: 'undocumented status (documented: 201)' }]);
    const unknown = (await caught(c.request('get', '/elsewhere'))) as ResponseValidationError;
    expect(unknown.issues).toEqual([{ field: '', message: 'the operation is not in the spec' }]);
  });

  it('says "none" when the spec documents no status, and lets a documented body through', async () => {
    const spec = {
      openapi: '3.1.0',
      paths: { '/things/{id}': { get: { responses: {} }, put: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } } } },
    } as unknown as OpenApiDocument;
    const { fetch } = scripted({ status: 200 }, { status: 200, body: '{"a":1}' });
    const c = client({ fetch, validateResponses: true }, async () => spec);
    expect(((await caught(get(c))) as ResponseValidationError).issues[0]!.message).toBe('undocumented status (documented: none)');
    await expect(c.putThing({ params: { path: { id: 1 } } } as never)).resolves.toEqual({ a: 1 });
  });

  it('decodes each operation by what its own table entry documents', async () => {
    const { fetch } = scripted({ status: 200, body: '{"ignored":true}' });
    await expect(client({ fetch }).touchThing({ params: { path: { id: 1 } } } as never)).resolves.toBeUndefined();
  });

  it("holds a body to the content type it came with", async () => {
    const spec = { openapi: '3.1.0', paths: { '/free': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } } } } } as unknown as OpenApiDocument;
    const { fetch } = scripted({ status: 200, body: 'plain', headers: { 'content-type': 'text/plain' } });
    const error = (await caught(client({ fetch, validateResponses: true }, async () => spec).request('get', '/free'))) as ResponseValidationError;
    expect(error.issues).toEqual([{ field: '', message: 'undocumented media type (documented: application/json)' }]);
  });

  it('reports a missing ajv as MissingDependencyError for validateResponses, with the cause', async () => {
    const missing = Object.assign(new Error("Cannot find package 'ajv'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const { fetch } = scripted({ status: 200 });
    const error = (await caught(get(client({ fetch, validateResponses: true }, async () => { throw missing; })))) as Error;
    expect(error.message).toBe('unit GET /things/{id}: validateResponses needs ajv and ajv-formats, which are not installed: npm install ajv ajv-formats');
    expect(error.cause).toBe(missing);
  });

  it('loads the spec once, and again after a failed load', async () => {
    let loads = 0;
    const spec = { openapi: '3.1.0', paths: { '/things/{id}': { get: { responses: { '200': { description: 'ok' } } } } } } as unknown as OpenApiDocument;
    const loadSpec = async () => {
      loads++;
      if (loads === 1) throw new Error('flaky');
      return spec;
    };
    const { fetch } = scripted({ status: 200 }, { status: 200 }, { status: 200 });
    const c = client({ fetch, validateResponses: true }, loadSpec);
    await expect(get(c)).rejects.toThrow('flaky');
    await get(c);
    await get(c);
    expect(loads).toBe(2);
  });
});
