import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, json, startLoopbackServer } from '../testing/loopback-server.js';
import { ApiError, NetworkError, ResponseTooLargeError } from './errors.js';
import { type PreparedRequest, type SendOptions, describeRequest, prepareRequest, send } from './transport.js';

const operation = { api: 'unit', method: 'POST', path: '/things/{id}' };
let server: LoopbackServer;
let elsewhere: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(undefined, { lifetimeMs: 60_000 });
  elsewhere = await startLoopbackServer(() => json(200, { stolen: true }), { lifetimeMs: 60_000 });
});
afterAll(async () => {
  await Promise.all([server.close(), elsewhere.close()]);
});

const options = (extra: Partial<SendOptions> = {}): SendOptions => ({
  fetch,
  signal: AbortSignal.timeout(5_000),
  maxResponseBytes: 1024,
  operation,
  ...extra,
});
const post = (path = '/start', body = '{"secret":"s"}'): PreparedRequest => ({
  method: 'POST',
  url: `${server.url}${path}`,
  headers: new Headers({ 'content-type': 'application/json', authorization: 'Token secret' }),
  body,
});

describe('prepareRequest', () => {
  it('fills path and query, serializes JSON bodies and merges headers', () => {
    const request = prepareRequest('https://api.example.test/base', {
      method: 'post',
      path: '/things/{id}',
      params: { path: { id: 'a b' }, query: { q: '1', list: ['x', 'y'] }, header: { 'x-extra': 'e' } },
      body: { x: 1 },
      headers: new Headers({ authorization: 'Token t' }),
    });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.example.test/base/things/a%20b?q=1&list=x&list=y');
    expect(request.body).toBe('{"x":1}');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('authorization')).toBe('Token t');
    expect(request.headers.get('x-extra')).toBe('e');
  });

  it('leaves multipart bodies to set their own content type, and sends no content type without a body', () => {
    const form = new FormData();
    form.append('file', new Blob(['abc'], { type: 'image/png' }), 'a.png');
    const multipart = prepareRequest('https://x.test', { method: 'post', path: '/files', body: {}, bodySerializer: () => form, headers: new Headers() });
    expect(multipart.body).toBe(form);
    expect(multipart.headers.get('content-type')).toBeNull();
    expect(prepareRequest('https://x.test', { method: 'get', path: '/a', headers: new Headers() }).headers.get('content-type')).toBeNull();
  });

  it('uses a custom path serializer', () => {
    const request = prepareRequest('https://x.test', { method: 'get', path: '/find/{ids}', params: { path: { ids: '1,2' } }, headers: new Headers() }, (p, v) => p.replace('{ids}', String(v['ids'])));
    expect(request.url).toBe('https://x.test/find/1,2');
  });
});

describe('describeRequest', () => {
  it('shows JSON bodies as sent and summarizes multipart bodies without copying files', () => {
    const form = new FormData();
    form.append('type', 'PASSPORT');
    form.append('file', new Blob([new Uint8Array(2048)], { type: 'image/jpeg' }), 'p.jpg');
    const described = describeRequest({ method: 'POST', url: 'https://x.test/files', headers: new Headers({ Authorization: 'Token t' }), body: form });
    expect(described.bodyText).toBe('[multipart/form-data: type=PASSPORT; file: image/jpeg, 2048 bytes]');
    expect(described.headers).toEqual({ authorization: 'Token t' });
    expect(describeRequest(post()).bodyText).toBe('{"secret":"s"}');
    expect(describeRequest({ method: 'GET', url: 'https://x.test', headers: new Headers(), body: undefined }).bodyText).toBeUndefined();
  });
});

describe('send', () => {
  it('reads the answer once, as text, with lower-case headers and the URL', async () => {
    server.handle(() => json(201, { ok: 'é' }, { 'X-Request-Id': 'r1' }));
    const answer = await send(post(), options());
    expect(answer).toMatchObject({ status: 201, bodyText: '{"ok":"é"}', url: `${server.url}/start` });
    expect(answer.headers['x-request-id']).toBe('r1');
    expect(server.received[0]).toMatchObject({ method: 'POST', url: '/start', bodyText: '{"secret":"s"}' });
  });

  it('turns the headers into an object only when something reads them all, once; one header reads without it', async () => {
    server.handle(() => json(200, { ok: true }, { 'X-Request-Id': 'r2' }));
    let walks = 0;
    const counting: typeof fetch = async (url, init) => {
      const response = await fetch(url, init);
      const forEach = response.headers.forEach.bind(response.headers);
      response.headers.forEach = (...args: Parameters<Headers['forEach']>) => (walks++, forEach(...args));
      return response;
    };
    const answer = await send(post(), options({ fetch: counting }));
    expect(answer.header?.('x-request-id')).toBe('r2');
    expect(answer.header?.('content-type')).toMatch(/json/);
    expect(walks).toBe(0);
    expect(answer.headers['x-request-id']).toBe('r2');
    expect(answer.headers['content-type']).toMatch(/json/);
    expect(walks).toBe(1);
  });

  it('follows a same-origin 307/308 with method and body, and turns a 303 (or a 301/302 after POST) into a bodiless GET', async () => {
    for (const [status, method, body] of [[307, 'POST', '{"secret":"s"}'], [308, 'POST', '{"secret":"s"}'], [303, 'GET', ''], [301, 'GET', ''], [302, 'GET', '']] as const) {
      server.handle((req) => (req.url === '/start' ? { status, headers: { location: '/moved' } } : json(200, { at: req.url })));
      const answer = await send(post(), options());
      expect(answer.url, String(status)).toBe(`${server.url}/moved`);
      expect(server.received[1], String(status)).toMatchObject({ method, url: '/moved', bodyText: body });
      expect(server.received[1]!.headers['authorization']).toBe('Token secret');
      if (method === 'GET') expect(server.received[1]!.headers['content-type']).toBeUndefined();
    }
  });

  it('refuses a redirect to another origin without sending anything there', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      server.handle(() => ({ status, headers: { location: `${elsewhere.url}/steal` } }));
      elsewhere.handle(() => json(200, { stolen: true }));
      const error = (await send(post(), options()).catch((e: unknown) => e)) as ApiError;
      expect(error, String(status)).toBeInstanceOf(ApiError);
      expect(error.status).toBe(status);
      expect(error.vendorMessage).toMatch(/redirect to another origin \(http:\/\/127\.0\.0\.1:\d+\) refused/);
      expect(elsewhere.received).toHaveLength(0);
    }
  });

  it("holds redirects to the client's origin when given, and to the URL's own when the URL is not under it", async () => {
    // Given and matching: a redirect elsewhere is refused as before.
    server.handle(() => ({ status: 307, headers: { location: `${elsewhere.url}/steal` } }));
    elsewhere.handle(() => json(200, { stolen: true }));
    const refused = (await send(post(), options({ origin: server.url })).catch((e: unknown) => e)) as ApiError;
    expect(refused).toBeInstanceOf(ApiError);
    expect(elsewhere.received).toHaveLength(0);
    // Given but not the URL's (never happens from a client; the transport must not trust it): the URL's own origin
    // decides, so the redirect to the given origin is refused, not followed.
    server.handle(() => ({ status: 307, headers: { location: `${elsewhere.url}/steal` } }));
    const notTrusted = (await send(post(), options({ origin: elsewhere.url })).catch((e: unknown) => e)) as ApiError;
    expect(notTrusted).toBeInstanceOf(ApiError);
    expect(notTrusted.vendorMessage).toMatch(/redirect to another origin/);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('does not take a given origin that is only a prefix of the URL\'s (port 4123 is not port 41235)', async () => {
    // The URL starts with the given text, but its origin is another: a redirect to the given origin is refused.
    const prefix = server.url.slice(0, -1);
    server.handle(() => ({ status: 307, headers: { location: `${prefix}/steal` } }));
    const refused = (await send(post(), options({ origin: prefix })).catch((e: unknown) => e)) as ApiError;
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.vendorMessage).toMatch(/redirect to another origin/);
  });

  it('hands fetch no signal when told there is none to give', async () => {
    const seen: Array<AbortSignal | null | undefined> = [];
    const spy = (url: string, init: RequestInit) => {
      seen.push(init.signal);
      return fetch(url, init);
    };
    server.handle(() => json(200, {}));
    await send(post(), options({ fetch: spy, fetchSignal: undefined }));
    await send(post(), options({ fetch: spy }));
    expect(seen[0]).toBeUndefined();
    expect(seen[1]).toBeInstanceOf(AbortSignal);
  });

  it('stops after 5 redirects', async () => {
    server.handle((_req, index) => ({ status: 302, headers: { location: `/hop${index}` } }));
    const error = (await send({ ...post(), method: 'GET', body: undefined }, options()).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.vendorMessage).toBe('more than 5 redirects');
    expect(server.received).toHaveLength(6);
  });

  it('reports a Location it cannot read as ApiError, not a TypeError', async () => {
    server.handle(() => ({ status: 302, headers: { location: 'http://[::1' } }));
    const error = (await send(post(), options()).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(302);
    expect(error.vendorMessage).toMatch(/unreadable Location/);
  });

  it('refuses a body over the limit, declared or streamed', async () => {
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2000) }));
    const declared = await send(post(), options()).catch((e: unknown) => e);
    expect(declared).toBeInstanceOf(ResponseTooLargeError);
    expect(declared).toMatchObject({ status: 200, limitBytes: 1024 });
    server.handle(() => ({ status: 200, chunks: Array.from({ length: 20 }, () => 'y'.repeat(100)) }));
    await expect(send(post(), options())).rejects.toBeInstanceOf(ResponseTooLargeError);
    server.handle(() => ({ status: 200, chunks: Array.from({ length: 10 }, () => 'z'.repeat(100)) }));
    expect((await send(post(), options())).bodyText).toHaveLength(1000);
  });

  it('counts the decoded bytes of a compressed body, whatever its Content-Length says (a gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    const limit = { maxResponseBytes: 64 * 1024 };
    expect(bomb.length).toBeLessThan(limit.maxResponseBytes);
    // (Outcomes as short strings: a failure message must not print megabytes.)
    const outcome = () => send(post(), options(limit)).then((a) => `resolved with ${a.bodyText.length} characters`, (e: unknown) => e);
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, body: bomb }));
    expect(await outcome()).toBeInstanceOf(ResponseTooLargeError);
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, chunks: [bomb] }));
    expect(await outcome()).toBeInstanceOf(ResponseTooLargeError);
    const small = gzipSync(Buffer.from('{"ok":true}'));
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(small.length) }, body: small }));
    expect((await send(post(), options())).bodyText).toBe('{"ok":true}');
  });

  it('reads a body with a Content-Length under the limit in full', async () => {
    const body = `"${'é'.repeat(300)}"`;
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body }));
    expect((await send(post(), options())).bodyText).toBe(body);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const bytes = Buffer.from('"жёлтый"');
    server.handle(() => ({ status: 200, chunks: [bytes.subarray(0, 2), bytes.subarray(2, 3), bytes.subarray(3)], chunkDelayMs: 5 }));
    expect((await send(post(), options())).bodyText).toBe('"жёлтый"');
  });

  it('tells a failure before any answer from one while the body streams', async () => {
    server.handle(() => ({ status: 200, fault: 'reset-before-headers' }));
    const before = (await send(post(), options()).catch((e: unknown) => e)) as NetworkError;
    expect(before).toBeInstanceOf(NetworkError);
    expect(before.phase).toBe('request');
    server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, chunks: ['{"a":', '1}'], fault: 'reset-mid-body' }));
    const during = (await send(post(), options()).catch((e: unknown) => e)) as NetworkError;
    expect(during).toBeInstanceOf(NetworkError);
    expect(during).toMatchObject({ phase: 'body', status: 200 });
  });

  it("passes the signal's own reason through when it aborts", async () => {
    server.handle(() => ({ status: 200, fault: 'hang' }));
    const controller = new AbortController();
    const pending = send(post(), options({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('stop')), 30);
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('path parameters that would change the path', () => {
  const prepare = (value: unknown, path = '/applicants/{applicant_id}/documents') =>
    () => prepareRequest('https://api.example.test', { method: 'get', path, params: { path: value === undefined ? {} : { applicant_id: value } }, headers: new Headers() });

  it.each([
    ['', /is empty/],
    ['.', /is "\."/],
    ['..', /is "\.\."/],
    [[], /is empty/],
    [undefined, /is missing/],
    [null, /is missing/],
  ])('refuses %j, naming the parameter', (value, why) => {
    // Before: `..` climbed a segment (GET /applicants/documents), a missing one sent `{applicant_id}` literally.
    expect(prepare(value)).toThrow(TypeError);
    expect(prepare(value)).toThrow(/^GET \/applicants\/\{applicant_id\}\/documents: path parameter `applicant_id` /);
    expect(prepare(value)).toThrow(why);
  });

  it('refuses a value whose serialized form still holds / ? or # (a path serializer that does not encode), never echoing it', () => {
    const raw = (pathname: string, values: Record<string, unknown>) => pathname.replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name]));
    for (const value of ['a/b', 'a?x=1', 'a#b', '%2e%2E']) {
      const attempt = () => prepareRequest('https://api.example.test', { method: 'GET', path: '/things/{id}', params: { path: { id: value } }, headers: new Headers() }, raw);
      expect(attempt).toThrow(/path parameter `id` /);
      expect(attempt).not.toThrow(value);
    }
  });

  it('encodes what openapi-fetch encodes, and lets ordinary values through', () => {
    const ok = (value: unknown) => prepareRequest('https://api.example.test', { method: 'GET', path: '/things/{id}', params: { path: { id: value } }, headers: new Headers() }).url;
    expect(ok('a/b')).toBe('https://api.example.test/things/a%2Fb');
    expect(ok('..a')).toBe('https://api.example.test/things/..a');
    expect(ok(0)).toBe('https://api.example.test/things/0');
    expect(ok('010203040506')).toBe('https://api.example.test/things/010203040506');
  });

  it('nothing is sent for a refused parameter', async () => {
    const sent: string[] = [];
    const { createKycaidClient } = await import('../kycaid/index.js');
    const kycaid = createKycaidClient({ apiToken: 'example0kycaid0api0token000000000000', baseUrl: server.url, fetch: async (url) => (sent.push(url), new Response('{}')) });
    await expect(kycaid.getApplicant({ params: { path: { applicant_id: '..' } } })).rejects.toThrow(/path parameter `applicant_id` is "\.\."/);
    expect(sent).toEqual([]);
  });
});
