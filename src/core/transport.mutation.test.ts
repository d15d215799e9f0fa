/** Transport rules, each named (mutation testing: see stryker.config.mjs). A scripted fetch stands in for the server. */
import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, ResponseTooLargeError } from './errors.js';
import { type FetchLike, type SendOptions, describeRequest, prepareRequest, send } from './transport.js';

const operation = { api: 'unit', method: 'POST', path: '/x' };

/** A fetch answering from a script; notes each request and keeps each Response. */
function scripted(...answers: Array<() => Response>) {
  const sent: Array<{ url: string; method: string; headers: Headers; body: unknown }> = [];
  const responses: Response[] = [];
  const fetch: FetchLike = async (url, init) => {
    sent.push({ url, method: String(init.method), headers: new Headers(init.headers), body: init.body });
    const response = (answers.shift() ?? (() => new Response('{}', { status: 200 })))();
    responses.push(response);
    return response;
  };
  return { fetch, sent, responses };
}
const options = (fetch: FetchLike, extra: Partial<SendOptions> = {}): SendOptions => ({ fetch, signal: new AbortController().signal, maxResponseBytes: 1024, operation, ...extra });
const request = (method = 'POST', body: BodyInit | undefined = '{"a":1}') => ({ method, url: 'https://api.test/start', headers: new Headers({ 'content-type': 'application/json' }), body });
const redirect = (status: number, location: string, body: BodyInit | null = null) => () => new Response(body, { status, headers: { location } });
const errorOf = (promise: Promise<unknown>) => promise.then(() => new Error('expected a rejection'), (e: unknown) => e);

describe('prepareRequest', () => {
  it('sends header parameters that have a value (0 and false too), not null or undefined ones', () => {
    const prepared = prepareRequest('https://api.test', { method: 'get', path: '/a', params: { header: { 'x-zero': 0, 'x-false': false, 'x-null': null, 'x-undefined': undefined } }, headers: new Headers() });
    expect(prepared.headers.get('x-zero')).toBe('0');
    expect(prepared.headers.get('x-false')).toBe('false');
    expect(prepared.headers.has('x-null')).toBe(false);
    expect(prepared.headers.has('x-undefined')).toBe(false);
  });

  it('keeps a content type the caller set', () => {
    const prepared = prepareRequest('https://api.test', { method: 'post', path: '/a', body: { a: 1 }, headers: new Headers({ 'content-type': 'application/merge-patch+json' }) });
    expect(prepared.headers.get('content-type')).toBe('application/merge-patch+json');
  });
});

describe('describeRequest', () => {
  it('shows a form-encoded body as sent, and a file without a type as octet-stream', () => {
    expect(describeRequest({ ...request(), body: new URLSearchParams({ a: '1', b: 'x y' }) }).bodyText).toBe('a=1&b=x+y');
    const form = new FormData();
    form.append('file', new Blob(['abc']), 'f.bin');
    expect(describeRequest({ ...request(), body: form }).bodyText).toBe('[multipart/form-data: file: application/octet-stream, 3 bytes]');
  });
});

describe('send: redirects', () => {
  it('follows any 3xx with a Location (300 and 399 too), and nothing outside 3xx', async () => {
    for (const status of [300, 399]) {
      const { fetch, sent } = scripted(redirect(status, '/next'), () => new Response('"ok"', { status: 200 }));
      expect((await send(request('GET', undefined), options(fetch))).url, String(status)).toBe('https://api.test/next');
      expect(sent).toHaveLength(2);
    }
    for (const status of [200, 201, 400, 404]) {
      const { fetch, sent } = scripted(() => new Response('"x"', { status, headers: { location: '/next' } }));
      const answer = await send(request('GET', undefined), options(fetch));
      expect(answer.status, String(status)).toBe(status);
      expect(sent).toHaveLength(1);
    }
  });

  it('follows a redirect that has no body', async () => {
    const { fetch } = scripted(redirect(302, '/next'));
    await expect(send(request('GET', undefined), options(fetch))).resolves.toMatchObject({ status: 200 });
  });

  it('keeps method, body and content type through 301/302 after anything but POST, and through 307', async () => {
    for (const [status, method] of [[301, 'PUT'], [302, 'PATCH'], [307, 'POST']] as const) {
      const { fetch, sent } = scripted(redirect(status, '/next'));
      await send(request(method), options(fetch));
      expect(sent[1], `${status} ${method}`).toMatchObject({ method, body: '{"a":1}' });
      expect(sent[1]!.headers.get('content-type')).toBe('application/json');
    }
  });

  it('reports an unreadable Location with at most 200 of its characters, and no body', async () => {
    const location = `http://[${'x'.repeat(300)}`;
    const { fetch } = scripted(redirect(302, location));
    const error = (await errorOf(send(request(), options(fetch)))) as ApiError;
    expect(error.vendorMessage).toBe(`redirect to an unreadable Location (${JSON.stringify(location.slice(0, 200))}) refused`);
    expect(error.rawBody).toBe('');
    expect(error.body).toBeUndefined();
  });

  it('carries no body on a refused redirect', async () => {
    const { fetch } = scripted(redirect(302, 'https://elsewhere.test/x', 'moved'));
    const error = (await errorOf(send(request(), options(fetch)))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.rawBody).toBe('');
    expect(error.headers['location']).toBe('https://elsewhere.test/x');
  });
});

describe('send: bodies', () => {
  it('reads a body without a body stream as empty', async () => {
    const { fetch } = scripted(() => new Response(null, { status: 200 }));
    expect((await send(request(), options(fetch))).bodyText).toBe('');
  });

  it('refuses a declared length over the limit, even without a body stream, naming status and limit', async () => {
    const { fetch } = scripted(() => new Response(null, { status: 203, headers: { 'content-length': '2000' } }));
    const error = await errorOf(send(request(), options(fetch)));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 203, limitBytes: 1024 });
  });

  it('trusts the framing of an uncompressed body with a Content-Length (identity in any case), and counts a compressed one', async () => {
    const big = 'x'.repeat(2000);
    for (const encoding of [undefined, 'identity', ' Identity ']) {
      const { fetch } = scripted(() => new Response(big, { status: 200, headers: { 'content-length': '5', ...(encoding ? { 'content-encoding': encoding } : {}) } }));
      expect((await send(request(), options(fetch))).bodyText, String(encoding)).toHaveLength(2000);
    }
    const { fetch } = scripted(() => new Response(big, { status: 200, headers: { 'content-length': '5', 'content-encoding': 'gzip' } }));
    await expect(send(request(), options(fetch))).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('accepts a streamed body of exactly the limit', async () => {
    const stream = () => new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode('abcd')); c.close(); } });
    const { fetch } = scripted(() => new Response(stream(), { status: 200 }));
    expect((await send(request(), options(fetch, { maxResponseBytes: 4 }))).bodyText).toBe('abcd');
  });

  it('releases the body stream once read', async () => {
    const stream = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode('ab')); c.close(); } });
    const { fetch, responses } = scripted(() => new Response(stream, { status: 200 }));
    await send(request(), options(fetch));
    expect(responses[0]!.body!.locked).toBe(false);
  });

  it('reports a body that fails while read the fast way as NetworkError (body phase), or the abort reason', async () => {
    const failing = () => new ReadableStream<Uint8Array>({ pull(c) { c.error(new Error('reset')); } });
    const { fetch } = scripted(() => new Response(failing(), { status: 200, headers: { 'content-length': '10' } }));
    const error = await errorOf(send(request(), options(fetch)));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ phase: 'body', status: 200 });
    const controller = new AbortController();
    const aborted = scripted(() => {
      controller.abort(new Error('caller'));
      return new Response(failing(), { status: 200, headers: { 'content-length': '10' } });
    });
    const raw = await errorOf(send(request(), options(aborted.fetch, { signal: controller.signal })));
    expect(raw).not.toBeInstanceOf(NetworkError);
  });
});
