/** Retry policy, Retry-After and backoff, each rule named (mutation testing: see stryker.config.mjs). Fake timers: exact waits. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDeadline } from './deadline.js';
import { ApiError, NetworkError, TimeoutError } from './errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, backoffDelays, isRetryable, resolveRetryPolicy, retryAfterMs, sleep, withRetries } from './retry.js';

afterEach(() => {
  vi.useRealTimers();
});

const operation = { api: 't', method: 'GET', path: '/x' };
const apiError = (status: number, headers: Record<string, string> = {}) => new ApiError(operation, { status, body: undefined, rawBody: '', headers });
const take = (iterator: Iterator<number>, n: number) => Array.from({ length: n }, () => iterator.next().value as number);

/** An attempt that fails with the given errors in turn, then resolves 'done'; notes when it ran. */
function attempts(...errors: unknown[]) {
  const at: number[] = [];
  const attempt = async () => {
    at.push(Date.now());
    if (at.length <= errors.length) throw errors[at.length - 1];
    return 'done';
  };
  return { attempt, at, gaps: () => at.slice(1).map((t, i) => t - at[i]!) };
}

async function run<T>(promise: Promise<T>, ms: number) {
  const outcome = promise.then((value) => ({ value, error: undefined as unknown }), (error: unknown) => ({ value: undefined, error }));
  await vi.advanceTimersByTimeAsync(ms);
  return outcome;
}

describe('the default retry policy', () => {
  it('retries nothing unless asked, and then 429, 502, 503 and 504 for idempotent methods only', () => {
    expect(DEFAULT_RETRY_POLICY.retries).toBe(0);
    expect([...DEFAULT_RETRY_POLICY.statuses].sort()).toEqual([429, 502, 503, 504]);
    expect([...DEFAULT_RETRY_POLICY.methods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PUT']);
    expect(DEFAULT_RETRY_POLICY.backoff).toEqual({ initialMs: 200, factor: 2, maxMs: 5_000, jitter: 0.2 });
  });

  it('does not retry a POST even on 503, nor a PATCH after a network failure', () => {
    const policy = resolveRetryPolicy(3);
    expect(isRetryable(apiError(503), policy, 'POST')).toBe(false);
    expect(isRetryable(new NetworkError(operation, new Error('reset')), policy, 'patch')).toBe(false);
    expect(isRetryable(new TimeoutError(operation, 5), policy, 'head')).toBe(true);
    expect(isRetryable(apiError(500), policy, 'GET')).toBe(false);
  });

  it('merges a partial policy over the defaults, and treats false like no policy', () => {
    expect(resolveRetryPolicy(false)).toBe(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy(undefined)).toBe(DEFAULT_RETRY_POLICY);
    const partial = resolveRetryPolicy({ retries: 2, statuses: [500] });
    expect(partial).toEqual({ ...DEFAULT_RETRY_POLICY, retries: 2, statuses: [500] });
    expect(isRetryable(apiError(500), partial, 'GET')).toBe(true);
    expect(isRetryable(apiError(503), partial, 'GET')).toBe(false);
    expect(resolveRetryPolicy({ methods: ['POST'] }).retries).toBe(0);
    expect(resolveRetryPolicy(2)).toEqual({ ...DEFAULT_RETRY_POLICY, retries: 2 });
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads 0 seconds as "now", fractions exactly, and caps at the maximum', () => {
    expect(retryAfterMs('0', 10_000, now)).toBe(0);
    expect(retryAfterMs('1.5', 10_000, now)).toBe(1_500);
    expect(retryAfterMs('10', 10_000, now)).toBe(10_000);
    expect(retryAfterMs('11', 10_000, now)).toBe(10_000);
  });

  it('reads an HTTP date relative to now, capped, and a past date as 0', () => {
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', 10_000, now)).toBe(5_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 01:00:00 GMT', 10_000, now)).toBe(10_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', 10_000, now)).toBe(0);
  });

  it('reads "0" as seconds, whatever the clock, and a negative number as no seconds at all', () => {
    expect(retryAfterMs('0', 10_000, 0)).toBe(0);
    expect(retryAfterMs('-1', 10_000, now)).toBe(0);
  });

  it('is undefined for an empty or unreadable header', () => {
    expect(retryAfterMs('', 10_000, now)).toBeUndefined();
    expect(retryAfterMs('later, please', 10_000, now)).toBeUndefined();
  });

  it('defaults "now" to the clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:02 GMT', 10_000)).toBe(2_000);
  });
});

describe('backoffDelays', () => {
  it('draws no random number without jitter', () => {
    const random = () => {
      throw new Error('random() called');
    };
    expect(take(backoffDelays({ initialMs: 10, factor: 1, maxMs: 10 }, random), 2)).toEqual([10, 10]);
  });

  it('has no jitter unless asked', () => {
    expect(take(backoffDelays({ initialMs: 100, factor: 3, maxMs: 1_000 }, () => 0), 4)).toEqual([100, 300, 900, 1_000]);
  });

  it('spreads by the jitter fraction around the base (random 0.75: +50 % of the fraction)', () => {
    expect(take(backoffDelays({ initialMs: 1_000, factor: 2, maxMs: 10_000, jitter: 0.2 }, () => 0.75), 3)).toEqual([1_100, 2_200, 4_400]);
  });

  it('never goes above the maximum or below zero, whatever the jitter', () => {
    expect(take(backoffDelays({ initialMs: 1_000, factor: 1, maxMs: 1_000, jitter: 1 }, () => 0.999), 1)[0]).toBe(1_000);
    expect(take(backoffDelays({ initialMs: 0, factor: 1, maxMs: 0, jitter: 1 }, () => 0), 1)[0]).toBe(0);
    expect(take(backoffDelays({ initialMs: 10, factor: 1, maxMs: 10, jitter: 1 }, () => 0), 1)[0]).toBe(0);
  });

  it('accepts the edge of each rule (initial 0, factor 1, max = initial) and refuses just past it', () => {
    expect(take(backoffDelays({ initialMs: 0, factor: 1, maxMs: 0 }), 2)).toEqual([0, 0]);
    expect(take(backoffDelays({ initialMs: 5, factor: 1, maxMs: 5 }), 2)).toEqual([5, 5]);
    expect(() => backoffDelays({ initialMs: -1, factor: 1, maxMs: 5 }).next()).toThrow('Invalid backoff: initialMs -1, factor 1, maxMs 5.');
    expect(() => backoffDelays({ initialMs: 1, factor: 0.99, maxMs: 5 }).next()).toThrow(RangeError);
    expect(() => backoffDelays({ initialMs: 6, factor: 1, maxMs: 5 }).next()).toThrow(RangeError);
    expect(() => backoffDelays({ initialMs: Number.NaN, factor: 1, maxMs: 5 }).next()).toThrow(RangeError);
  });

  it('uses Math.random by default', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(1);
    expect(take(backoffDelays({ initialMs: 100, factor: 1, maxMs: 200, jitter: 0.5 }), 1)[0]).toBe(150);
    random.mockRestore();
  });
});

describe('sleep', () => {
  it('resolves after the delay, not before', async () => {
    vi.useFakeTimers();
    let done = false;
    void sleep(100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('rejects at once with the reason of a signal that already aborted', async () => {
    await expect(sleep(10_000, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('forgets its abort listener once it has slept', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const pending = sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await pending;
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
  });
});

describe('withRetries', () => {
  const policy = (backoff: Partial<RetryPolicy['backoff']> = {}, retries = 3): RetryPolicy => ({ ...DEFAULT_RETRY_POLICY, retries, backoff: { initialMs: 100, factor: 2, maxMs: 1_000, ...backoff } });

  it('waits the backoff between attempts: 100, 200, 400 ms', async () => {
    vi.useFakeTimers();
    const { attempt, gaps } = attempts(apiError(503), apiError(503), apiError(503));
    const { value } = await run(withRetries(attempt, policy(), 'GET', startDeadline(0)), 10_000);
    expect(value).toBe('done');
    expect(gaps()).toEqual([100, 200, 400]);
  });

  it('waits exactly what Retry-After asks instead of the backoff; without a deadline, one past the backoff maximum ends the retries', async () => {
    vi.useFakeTimers();
    const tooLong = apiError(503, { 'retry-after': '60' });
    const { attempt, gaps } = attempts(apiError(429, { 'retry-after': '0.7' }), tooLong, apiError(503));
    const { error } = await run(withRetries(attempt, policy(), 'GET', startDeadline(0)), 10_000);
    expect(gaps()).toEqual([700]);
    // Asking again after the backoff's 1 s would ignore the server's 60 s.
    expect(error).toBe(tooLong);
  });

  it('waits a Retry-After longer than the backoff maximum in full when the deadline holds it, and gives up when it does not', async () => {
    vi.useFakeTimers();
    const held = attempts(apiError(503, { 'retry-after': '60' }), apiError(503, { 'retry-after': 'Thu, 01 Jan 1970 00:02:00 GMT' }));
    vi.setSystemTime(0);
    const deadline = startDeadline(200_000);
    const { value } = await run(withRetries(held.attempt, policy(), 'GET', deadline), 200_000);
    expect(value).toBe('done');
    // Before: each wait was cut to the backoff's 1 000 ms.
    expect(held.gaps()).toEqual([60_000, 60_000]);
    deadline.dispose();
    const over = apiError(503, { 'retry-after': '30' });
    const short = attempts(over);
    const tight = startDeadline(20_000);
    const { error } = await run(withRetries(short.attempt, policy(), 'GET', tight), 20_000);
    expect(error).toBe(over);
    expect(short.at).toHaveLength(1);
    tight.dispose();
  });

  it('makes exactly `retries` repeats and throws the last error', async () => {
    vi.useFakeTimers();
    const last = apiError(504);
    const { attempt, at } = attempts(apiError(503), apiError(502), last);
    const { error } = await run(withRetries(attempt, policy({}, 2), 'GET', startDeadline(0)), 10_000);
    expect(error).toBe(last);
    expect(at).toHaveLength(3);
  });

  it('gives up at once on a status outside the policy', async () => {
    const notFound = apiError(404);
    const { attempt, at } = attempts(notFound);
    await expect(withRetries(attempt, policy(), 'GET', startDeadline(0))).rejects.toBe(notFound);
    expect(at).toHaveLength(1);
  });

  it('starts a wait that ends just before the deadline, but not one that ends on it', async () => {
    vi.useFakeTimers();
    const fits = attempts(apiError(503));
    const deadline = startDeadline(101);
    expect((await run(withRetries(fits.attempt, policy(), 'GET', deadline), 1_000)).value).toBe('done');
    deadline.dispose();
    const tooLong = attempts(apiError(503));
    const exact = startDeadline(100);
    const { error } = await run(withRetries(tooLong.attempt, policy(), 'GET', exact), 0);
    expect(error).toMatchObject({ status: 503 });
    expect(tooLong.at).toHaveLength(1);
    exact.dispose();
  });

  it('rejects with the deadline\'s reason when it aborts during a wait', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const { attempt, at } = attempts(apiError(503), apiError(503));
    const outcome = withRetries(attempt, policy({ initialMs: 500, maxMs: 500 }), 'GET', startDeadline(0, controller.signal)).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('caller'));
    expect(await outcome).toEqual(new Error('caller'));
    expect(at).toHaveLength(1);
  });
});
