import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, json, startLoopbackServer } from '../testing/loopback-server.js';
import { ApiError, NetworkError, ResponseTooLargeError, TimeoutError } from '../core/errors.js';
import { fetchBrainysoftToken, tokenUrlFor } from './token.js';

let auth: LoopbackServer;
let elsewhere: LoopbackServer;
beforeAll(async () => {
  auth = await startLoopbackServer(undefined, { lifetimeMs: 60_000 });
  elsewhere = await startLoopbackServer(() => json(200, { access_token: 'stolen' }), { lifetimeMs: 60_000 });
});
afterAll(async () => {
  await Promise.all([auth.close(), elsewhere.close()]);
});
const request = (extra: object = {}) => ({ tokenUrl: `${auth.url}/oauth/token`, clientId: 'example-client', clientSecret: 'example-secret', ...extra });

describe('fetchBrainysoftToken', () => {
  it('posts client credentials as a form and reads the token', async () => {
    auth.handle(() => json(200, { access_token: 'example-access-token', token_type: 'bearer', expires_in: 3600 }));
    const before = Date.now();
    const token = await fetchBrainysoftToken(request());
    expect(token.accessToken).toBe('example-access-token');
    expect(token.tokenType).toBe('bearer');
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
    const sent = auth.received[0]!;
    expect(sent).toMatchObject({ method: 'POST', url: '/oauth/token' });
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(sent.bodyText))).toEqual({ grant_type: 'client_credentials', client_id: 'example-client', client_secret: 'example-secret' });
  });

  it('gives up on a hanging token endpoint at its own limit with TimeoutError', async () => {
    auth.handle(() => ({ status: 200, fault: 'hang' }));
    const started = Date.now();
    const error = await fetchBrainysoftToken(request({ timeoutMs: 150 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(150);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on a body that trickles in too slowly', async () => {
    auth.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, chunks: (function* () { for (;;) yield ' '; })(), chunkDelayMs: 20 }));
    await expect(fetchBrainysoftToken(request({ timeoutMs: 200 }))).rejects.toBeInstanceOf(TimeoutError);
  });

  it('waits as long as it takes with timeoutMs 0', async () => {
    auth.handle(() => ({ ...json(200, { access_token: 'slow' }), delayMs: 100 }));
    await expect(fetchBrainysoftToken(request({ timeoutMs: 0 }))).resolves.toMatchObject({ accessToken: 'slow' });
  });

  it("stops with the caller's reason when the caller aborts", async () => {
    auth.handle(() => ({ status: 200, fault: 'hang' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 30);
    await expect(fetchBrainysoftToken(request({ signal: controller.signal }))).rejects.toThrow('shutting down');
  });

  it('reports a refused grant as ApiError with the OAuth error', async () => {
    auth.handle(() => json(401, { error: 'invalid_client', error_description: 'Bad client credentials' }));
    const error = (await fetchBrainysoftToken(request()).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, vendorCode: 'invalid_client', vendorMessage: 'Bad client credentials' });
  });

  it('reports a 2xx without a token (or unreadable) as ApiError that carries no body', async () => {
    for (const body of ['{"token":"x"}', 'not json', '', 'null']) {
      auth.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body }));
      const error = (await fetchBrainysoftToken(request()).catch((e: unknown) => e)) as ApiError;
      expect(error, body).toBeInstanceOf(ApiError);
      expect(error.rawBody).toBe('');
      expect(error.body).toBeUndefined();
    }
  });

  it('refuses a token the bsauth header cannot carry with ApiError, never handing it on', async () => {
    for (const token of ['abc\ndef', 'токен', 'a b', '']) {
      auth.handle(() => json(200, { access_token: token, token_type: 'bearer' }));
      const error = (await fetchBrainysoftToken(request()).catch((e: unknown) => e)) as ApiError;
      expect(error, JSON.stringify(token)).toBeInstanceOf(ApiError);
      expect(error.rawBody).toBe('');
      expect(error.message).not.toContain(token || '\u0000');
    }
  });

  it('never sends the client secret to another origin', async () => {
    for (const status of [301, 302, 307, 308]) {
      auth.handle(() => ({ status, headers: { location: `${elsewhere.url}/oauth/token` } }));
      elsewhere.handle(() => json(200, { access_token: 'stolen' }));
      await expect(fetchBrainysoftToken(request())).rejects.toBeInstanceOf(ApiError);
      expect(elsewhere.received, String(status)).toHaveLength(0);
    }
  });

  it('reports connection failures and oversized bodies with their own classes', async () => {
    auth.handle(() => ({ status: 200, fault: 'reset-before-headers' }));
    await expect(fetchBrainysoftToken(request())).rejects.toBeInstanceOf(NetworkError);
    auth.handle(() => ({ status: 200, chunks: (function* () { for (;;) yield 'x'.repeat(64 * 1024); })() }));
    await expect(fetchBrainysoftToken(request())).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});

describe('tokenUrlFor', () => {
  it('builds the customer URL or takes the given one, refusing host injection', () => {
    expect(tokenUrlFor({ customer: 'demo' })).toBe('https://demo-auth.brainysoft.ru/oauth/token');
    expect(tokenUrlFor({ tokenUrl: 'http://127.0.0.1:1/t' })).toBe('http://127.0.0.1:1/t');
    expect(() => tokenUrlFor({ customer: 'demo.evil.example/x' })).toThrow(TypeError);
    expect(() => tokenUrlFor({})).toThrow(/customer/);
  });
});
