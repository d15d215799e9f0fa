/** waitForCheck's bounds, named one by one (mutation testing: see stryker.config.mjs). Fake timers: exact times. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallOptions } from '../core/client.js';
import { ApiError, NetworkError, ResponseParseError, TimeoutError } from '../core/errors.js';
import { ApiPromise } from '../core/api-promise.js';
import { isTransient, waitForCheck } from './wait.js';

const operation = { api: 'bank131', method: 'GET', path: '/x' };
const apiError = (status: number) => new ApiError(operation, { status, body: undefined, rawBody: '', headers: {} });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
  // No jitter: Math.random() * 2 - 1 is 0.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A status source that answers from a script (the last entry repeats) and notes when and with what it was asked. */
function source(...script: Array<'pending' | 'ok' | Error | 'hang'>) {
  const calls: Array<{ at: number; init: CallOptions }> = [];
  const getStatus = (_id: string, init: CallOptions) => {
    calls.push({ at: Date.now(), init });
    const next = script[Math.min(calls.length, script.length) - 1]!;
    if (next === 'hang') return new Promise<never>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve({ status: next, data: { id: '7' } });
  };
  const gaps = () => calls.slice(1).map((c, i) => c.at - calls[i]!.at);
  return { getStatus, calls, gaps };
}

async function settle<T>(promise: Promise<T>, ms: number) {
  const outcome = promise.then((value) => ({ value, error: undefined as unknown }), (error: unknown) => ({ value: undefined, error }));
  await vi.advanceTimersByTimeAsync(ms);
  return outcome;
}

describe('waitForCheck bounds', () => {
  it('waits interval, then interval × factor, never more than maxInterval', async () => {
    const { getStatus, gaps } = source('pending', 'pending', 'pending', 'pending', 'ok');
    const { value } = await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 1_000, factor: 2, maxInterval: 3_000, timeout: 60_000 }), 60_000);
    expect(value).toMatchObject({ status: 'ok' });
    expect(gaps()).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('defaults to 2 s growing by 1.5 up to 60 s, within 10 minutes', async () => {
    const { getStatus, calls, gaps } = source('pending');
    const { error } = await settle(waitForCheck('7', getStatus, { method: 'GET' }), 11 * 60_000);
    expect(gaps().slice(0, 4)).toEqual([2_000, 3_000, 4_500, 6_750]);
    expect(Math.max(...gaps())).toBe(60_000);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(600_000);
    expect(calls.at(-1)!.at).toBeLessThan(600_000);
    expect(calls.at(-1)!.at).toBeGreaterThan(600_000 - 60_000);
  });

  it('keeps to the interval when maxInterval is below it', async () => {
    const { getStatus, gaps } = source('pending', 'pending', 'ok');
    await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 1_000, maxInterval: 100, timeout: 60_000 }), 60_000);
    expect(gaps()).toEqual([1_000, 1_000]);
  });

  it('does not start a wait that would outlast the deadline: it gives up at once', async () => {
    const { getStatus, calls } = source('pending');
    const { error } = await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 5_000, timeout: 3_000 }), 0);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe('bank131 GET /api/v1.1/check/{id}: check 7 still pending within 3000 ms');
    expect(calls).toHaveLength(1);
  });

  it('gives each status request the client limit (30 s unless set), the time left when less, none when both are off', async () => {
    const limit = async (wait: { timeout: number; callTimeoutMs?: number }) => {
      const { getStatus, calls } = source('ok');
      await settle(waitForCheck('7', getStatus, { method: 'GET', ...wait }), 0);
      return calls[0]!.init.timeoutMs;
    };
    expect(await limit({ timeout: 100_000 })).toBe(30_000);
    expect(await limit({ timeout: 100_000, callTimeoutMs: 5_000 })).toBe(5_000);
    expect(await limit({ timeout: 100_000, callTimeoutMs: 0 })).toBe(100_000);
    expect(await limit({ timeout: 1_000, callTimeoutMs: 5_000 })).toBe(1_000);
    expect(await limit({ timeout: 0 })).toBe(30_000);
    expect(await limit({ timeout: 0, callTimeoutMs: 0 })).toBe(0);
  });

  it("passes the wait's own signal to every status request", async () => {
    const caller = new AbortController();
    const { getStatus, calls } = source('ok');
    await settle(waitForCheck('7', getStatus, { method: 'GET', timeout: 1_000, signal: caller.signal }), 0);
    const signal = calls[0]!.init.signal!;
    expect(signal).toBeInstanceOf(AbortSignal);
    caller.abort(new Error('stop'));
    expect(signal.aborted).toBe(true);
  });

  it('rides out a request that hit its own limit, but ends when the limit was the time left', async () => {
    const own = source(new TimeoutError(operation, 500), 'ok');
    const ridden = await settle(waitForCheck('7', own.getStatus, { method: 'GET', interval: 100, timeout: 10_000, callTimeoutMs: 500 }), 1_000);
    expect(ridden.value).toMatchObject({ status: 'ok' });
    const cut = new TimeoutError(operation, 400);
    const clamped = source(cut, 'ok');
    const ended = await settle(waitForCheck('7', clamped.getStatus, { method: 'GET', interval: 100, timeout: 400, callTimeoutMs: 500 }), 1_000);
    expect(ended.error).toBeInstanceOf(TimeoutError);
    expect((ended.error as TimeoutError).cause).toBe(cut);
    expect(clamped.calls).toHaveLength(1);
  });

  it('names the failure before the one the deadline cut short', async () => {
    const reset = new NetworkError(operation, new Error('reset'));
    const { getStatus } = source(reset, 'hang');
    const { error } = await settle(waitForCheck('7', getStatus, { method: 'POST', interval: 100, timeout: 1_000 }), 2_000);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toBe(reset);
    expect((error as Error).message).toBe(`bank131 POST /api/v1.1/check/{id}: check 7: the last status request failed (${reset.message}) within 1000 ms`);
    expect((error as TimeoutError).operation).toEqual({ api: 'bank131', method: 'POST', path: '/api/v1.1/check/{id}' });
  });

  it('forgets a failure once a later request answers "pending"', async () => {
    const { getStatus } = source(new NetworkError(operation, new Error('reset')), 'pending');
    const { error } = await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 100, factor: 1, timeout: 1_000 }), 2_000);
    expect((error as Error).message).toBe('bank131 GET /api/v1.1/check/{id}: check 7 still pending within 1000 ms');
    expect((error as TimeoutError).cause).toBeUndefined();
  });

  it('ends at once on a failure that says something about the check', async () => {
    const notFound = apiError(404);
    const { getStatus, calls } = source(notFound, 'ok');
    const { error } = await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 100, timeout: 10_000 }), 1_000);
    expect(error).toBe(notFound);
    expect(calls).toHaveLength(1);
  });

  it("ends with the caller's reason when the caller aborts during a request or a wait", async () => {
    const during = new AbortController();
    const hanging = source('hang');
    const pending = settle(waitForCheck('7', hanging.getStatus, { method: 'GET', interval: 100, timeout: 10_000, signal: during.signal }), 50);
    during.abort(new Error('caller stop'));
    expect((await pending).error).toEqual(new Error('caller stop'));
    const sleeping = new AbortController();
    const polling = source('pending');
    const outcome = settle(waitForCheck('7', polling.getStatus, { method: 'GET', interval: 1_000, timeout: 10_000, signal: sleeping.signal }), 500);
    await vi.advanceTimersByTimeAsync(100);
    sleeping.abort(new Error('caller stop 2'));
    expect((await outcome).error).toEqual(new Error('caller stop 2'));
    expect(polling.calls).toHaveLength(1);
  });

  it('resolves with the `ok` envelope itself', async () => {
    const envelope = { status: 'ok', data: { id: '7', description: 'valid' } };
    const { value } = await settle(waitForCheck('7', async () => envelope, { method: 'GET', timeout: 1_000 }), 0);
    expect(value).toBe(envelope);
  });
});

describe('isTransient', () => {
  it('is true for network failures, time-outs, unreadable bodies, 5xx and 429; false for 4xx and error envelopes', () => {
    expect(isTransient(new NetworkError(operation, new Error('x')))).toBe(true);
    expect(isTransient(new TimeoutError(operation, 1))).toBe(true);
    expect(isTransient(new ResponseParseError(operation, { status: 200, contentType: '', rawBody: '', reason: 'x' }))).toBe(true);
    for (const status of [500, 502, 503, 599, 429]) expect(isTransient(apiError(status)), String(status)).toBe(true);
    for (const status of [200, 400, 404, 428, 430, 499]) expect(isTransient(apiError(status)), String(status)).toBe(false);
    expect(isTransient(new TypeError('bug'))).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});

describe('waitForCheck endings', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });

  it('gives up at once when the next wait would end exactly at the deadline', async () => {
    const { getStatus, calls } = source('pending');
    const { error } = await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 1_000, timeout: 1_000 }), 0);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(calls).toHaveLength(1);
  });

  it('names what a body that is no status envelope was, in the issue of its ResponseValidationError', async () => {
    for (const [body, shown] of [[null, 'null'], ['text', '"text"'], [{ status: 'done' }, '{"status":"done"}'], [{ long: 'x'.repeat(300) }, `{"long":"${'x'.repeat(300)}"}`.slice(0, 200)]] as const) {
      const { error } = await settle(waitForCheck('7', async () => body as never, { method: 'GET', timeout: 1_000 }), 0);
      expect((error as { issues: unknown }).issues, JSON.stringify(body)).toEqual([{ field: '/status', message: `expected a status envelope ("ok", "pending" or "error"), got ${shown}` }]);
    }
    const { error } = await settle(waitForCheck('7', async () => undefined as never, { method: 'GET', timeout: 1_000 }), 0);
    expect((error as { issues: Array<{ message: string }> }).issues[0]!.message).toBe('expected a status envelope ("ok", "pending" or "error"), got undefined');
  });

  it('has no cause at all when nothing failed, and releases its timer when done', async () => {
    const { error } = await settle(waitForCheck('7', async () => ({ status: 'pending' }), { method: 'GET', interval: 100, timeout: 150 }), 1_000);
    expect('cause' in (error as object)).toBe(false);
    await settle(waitForCheck('7', async () => ({ status: 'ok' }), { method: 'GET', timeout: 60_000 }), 0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('waitForCheck honours Retry-After', () => {
  const throttled = (status: number, retryAfter: string) => new ApiError(operation, { status, body: undefined, rawBody: '', headers: { 'retry-after': retryAfter } });
  /** Status answers as the client gives them: ApiPromises whose response carries headers. */
  function answers(...script: Array<{ status: 'pending' | 'ok'; retryAfter?: string }>) {
    const at: number[] = [];
    const getStatus = () => {
      at.push(Date.now());
      const next = script[Math.min(at.length, script.length) - 1]!;
      const headers: Record<string, string> = next.retryAfter ? { 'retry-after': next.retryAfter } : {};
      return new ApiPromise(Promise.resolve({ data: { status: next.status }, response: { status: 200, headers, url: '' } }));
    };
    return { getStatus, gaps: () => at.slice(1).map((t, i) => t - at[i]!) };
  }

  it('waits what a 503 or 429 asks (seconds or an HTTP date) instead of the shorter backoff', async () => {
    // Before: the backoff's 1 000 ms, asking again while the bank said to wait.
    const { getStatus, gaps } = source(throttled(503, '5'), throttled(429, 'Thu, 01 Jan 1970 00:00:12 GMT'), 'ok');
    const { value } = await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 1_000, factor: 1, timeout: 60_000 }), 60_000);
    expect(value).toMatchObject({ status: 'ok' });
    expect(gaps()).toEqual([5_000, 7_000]);
  });

  it('waits what a pending answer asks, and keeps to the backoff when it asks for less', async () => {
    const { getStatus, gaps } = answers({ status: 'pending', retryAfter: '4' }, { status: 'pending', retryAfter: '0' }, { status: 'ok' });
    const { value } = await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 1_000, factor: 1, timeout: 60_000 }), 60_000);
    expect(value).toMatchObject({ status: 'ok' });
    expect(gaps()).toEqual([4_000, 1_000]);
  });

  it('ends at once, with the throttling as the cause, when the asked wait outlasts the deadline', async () => {
    const { getStatus, calls } = source(throttled(503, '120'), 'ok');
    const { error } = await settle(waitForCheck('7', getStatus, { method: 'GET', interval: 1_000, timeout: 60_000 }), 0);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toMatchObject({ status: 503 });
    expect(calls).toHaveLength(1);
  });
});

describe('waitForCheck checks its options before the first request', () => {
  it.each([
    ['interval', { interval: Number.NaN }],
    ['interval', { interval: -1 }],
    ['maxInterval', { maxInterval: Infinity }],
    ['factor', { factor: 0.5 }],
    ['timeout', { timeout: Number.NaN }],
    ['timeout', { timeout: -1 }],
    ['signal', { signal: 'stop' }],
  ])('%s', async (option, wait) => {
    // Before: a NaN timeout meant no deadline at all, a NaN interval a RangeError from the backoff.
    const { getStatus, calls } = source('ok');
    const { error } = await settle(waitForCheck('7', getStatus, { method: 'GET', ...(wait as object) }), 0);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`\`${option}\``);
    expect(calls).toHaveLength(0);
  });
});
