/** The token request's names, headers and time limit, pinned (mutation testing: see stryker.config.mjs). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, TimeoutError } from '../core/errors.js';
import { fetchBrainysoftToken } from './token.js';

afterEach(() => {
  vi.useRealTimers();
});

const request = { tokenUrl: 'https://auth.test/oauth/token', clientId: 'c', clientSecret: 's' };
const answer = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('fetchBrainysoftToken details', () => {
  it('asks for JSON and names its operation in errors', async () => {
    let headers: Headers | undefined;
    const fetch = async (_url: string, init: RequestInit) => {
      headers = new Headers(init.headers);
      return answer(400, { error: 'invalid_request' })();
    };
    const error = (await fetchBrainysoftToken({ ...request, fetch }).catch((e: unknown) => e)) as ApiError;
    expect(headers!.get('accept')).toBe('application/json');
    expect(error.operation).toEqual({ api: 'brainysoft-auth', method: 'POST', path: '/oauth/token' });
  });

  it('treats only 2xx as a token answer: a 300 with a token is still an error with its body', async () => {
    const error = (await fetchBrainysoftToken({ ...request, fetch: answer(300, { access_token: 'tok' }) }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.body).toEqual({ access_token: 'tok' });
    await expect(fetchBrainysoftToken({ ...request, fetch: answer(299, { access_token: 'tok' }) })).resolves.toMatchObject({ accessToken: 'tok' });
  });

  it('times out as "no token" with the interruption as cause, and releases its timer after an answer', async () => {
    vi.useFakeTimers();
    const hang = (_url: string, init: RequestInit) => new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    const outcome = fetchBrainysoftToken({ ...request, fetch: hang, timeoutMs: 100 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const error = (await outcome) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('brainysoft-auth POST /oauth/token: no token within 100 ms');
    expect((error.cause as DOMException).name).toBe('TimeoutError');
    await fetchBrainysoftToken({ ...request, fetch: answer(200, { access_token: 'tok' }), timeoutMs: 5_000 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('limits the token request to 30 s by default', async () => {
    vi.useFakeTimers();
    const hang = (_url: string, init: RequestInit) => new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    const outcome = fetchBrainysoftToken({ ...request, fetch: hang }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(((await outcome) as TimeoutError).timeoutMs).toBe(30_000);
  });
});
