import { describe, expect, it } from 'vitest';
import { startDeadline } from './deadline.js';
import { ApiError, NetworkError, RequestValidationError, TimeoutError } from './errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, backoffDelays, isRetryable, resolveRetryPolicy, retryAfterMs, sleep, withRetries } from './retry.js';

const take = (iterator: Iterator<number>, n: number) => Array.from({ length: n }, () => iterator.next().value as number);

describe('backoffDelays', () => {
  it('grows by the factor and stops at the cap', () => {
    expect(take(backoffDelays({ initialMs: 100, factor: 2, maxMs: 500 }), 6)).toEqual([100, 200, 400, 500, 500, 500]);
  });
  it('spreads delays by at most the jitter fraction', () => {
    const low = take(backoffDelays({ initialMs: 1000, factor: 1, maxMs: 1000, jitter: 0.1 }, () => 0), 2);
    const high = take(backoffDelays({ initialMs: 1000, factor: 1, maxMs: 2000, jitter: 0.1 }, () => 0.999999), 1);
    expect(low).toEqual([900, 900]);
    expect(high[0]).toBe(1100);
  });
  it('rejects nonsense', () => {
    expect(() => backoffDelays({ initialMs: 100, factor: 0.5, maxMs: 500 }).next()).toThrow(RangeError);
    expect(() => backoffDelays({ initialMs: 100, factor: 2, maxMs: 50 }).next()).toThrow(/Invalid backoff/);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, capped', () => {
    expect(retryAfterMs('2', 10_000)).toBe(2000);
    expect(retryAfterMs('120', 10_000)).toBe(10_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', 10_000, now)).toBe(3000);
  });
  it('ignores what it cannot read', () => {
    expect(retryAfterMs(null, 1000)).toBeUndefined();
    expect(retryAfterMs('soon', 1000)).toBeUndefined();
  });
});

describe('resolveRetryPolicy', () => {
  it('takes method names in any case (before, `methods: ["get"]` silently never retried)', () => {
    const policy = resolveRetryPolicy({ retries: 1, methods: ['get', 'Put'] });
    expect(policy.methods).toEqual(['GET', 'PUT']);
    expect(isRetryable(apiError(503), policy, 'GET')).toBe(true);
  });

  it('defaults to no retries and never retries POST', () => {
    const policy = resolveRetryPolicy(undefined);
    expect(policy.retries).toBe(0);
    expect(resolveRetryPolicy(3).retries).toBe(3);
    expect(resolveRetryPolicy(3).methods).not.toContain('POST');
  });
});

describe('sleep', () => {
  it('does not end at once for a delay past setTimeout\'s maximum', async () => {
    const controller = new AbortController();
    let ended = false;
    const pending = sleep(2 ** 31 + 10, controller.signal).then(() => (ended = true), () => {});
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ended).toBe(false);
    controller.abort(new Error('done'));
    await pending;
  });

  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

const operation = { api: 't', method: 'GET', path: '/x' };
const apiError = (status: number, headers: Record<string, string> = {}) => new ApiError(operation, { status, body: undefined, rawBody: '', headers });
const fast: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retries: 3, backoff: { initialMs: 1, factor: 1, maxMs: 50 } };

describe('isRetryable', () => {
  it('repeats network failures, time-outs and the listed statuses, for idempotent methods only', () => {
    for (const status of [429, 502, 503, 504]) expect(isRetryable(apiError(status), fast, 'GET'), String(status)).toBe(true);
    for (const status of [400, 401, 404, 500, 501]) expect(isRetryable(apiError(status), fast, 'get'), String(status)).toBe(false);
    expect(isRetryable(new NetworkError(operation, new Error('reset')), fast, 'GET')).toBe(true);
    expect(isRetryable(new TimeoutError(operation, 10), fast, 'DELETE')).toBe(true);
    expect(isRetryable(apiError(503), fast, 'POST')).toBe(false);
    expect(isRetryable(new NetworkError(operation, new Error('reset')), fast, 'PATCH')).toBe(false);
    expect(isRetryable(new RequestValidationError(operation, { status: 429, body: undefined, rawBody: '', headers: {} }), fast, 'GET')).toBe(false);
    expect(isRetryable(new TypeError('bug'), fast, 'GET')).toBe(false);
  });
});

describe('withRetries', () => {
  const script = (...outcomes: Array<unknown>) => {
    const calls: number[] = [];
    const attempt = async () => {
      calls.push(Date.now());
      const next = outcomes[calls.length - 1];
      if (next instanceof Error) throw next;
      return next;
    };
    return { attempt, calls };
  };

  it('repeats until success, within the count', async () => {
    const { attempt, calls } = script(apiError(503), apiError(502), 'done');
    const deadline = startDeadline(0);
    await expect(withRetries(attempt, fast, 'GET', deadline)).resolves.toBe('done');
    expect(calls).toHaveLength(3);
  });

  it('gives up after `retries` repeats with the last error, and never repeats a POST', async () => {
    const last = apiError(504);
    const { attempt, calls } = script(apiError(503), apiError(503), apiError(503), last, 'never');
    await expect(withRetries(attempt, fast, 'GET', startDeadline(0))).rejects.toBe(last);
    expect(calls).toHaveLength(4);
    const post = script(apiError(503), 'never');
    await expect(withRetries(post.attempt, fast, 'POST', startDeadline(0))).rejects.toMatchObject({ status: 503 });
    expect(post.calls).toHaveLength(1);
  });

  it('waits as long as Retry-After asks, past the backoff maximum when the deadline holds it', async () => {
    const policy: RetryPolicy = { ...fast, backoff: { initialMs: 1, factor: 1, maxMs: 50 } };
    const { attempt, calls } = script(apiError(429, { 'retry-after': '0.3' }), 'ok');
    const deadline = startDeadline(5_000);
    await expect(withRetries(attempt, policy, 'GET', deadline)).resolves.toBe('ok');
    // Before: the wait was cut to the backoff's 50 ms, asking again before the server allowed.
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(250);
    deadline.dispose();
    // Without a deadline, a Retry-After past the backoff maximum ends the retries: no hour-long wait, no early retry.
    const error = apiError(429, { 'retry-after': '3600' });
    const capped = script(error, 'ok');
    await expect(withRetries(capped.attempt, { ...fast, backoff: { initialMs: 1, factor: 1, maxMs: 20 } }, 'GET', startDeadline(0))).rejects.toBe(error);
    expect(capped.calls).toHaveLength(1);
  });

  it('does not start a wait that would outlast the deadline: the error is thrown at once', async () => {
    const error = apiError(503, { 'retry-after': '5' });
    const { attempt, calls } = script(error, 'ok');
    const deadline = startDeadline(1_000);
    const started = Date.now();
    await expect(withRetries(attempt, { ...fast, backoff: { initialMs: 1, factor: 1, maxMs: 10_000 } }, 'GET', deadline)).rejects.toBe(error);
    expect(Date.now() - started).toBeLessThan(500);
    expect(calls).toHaveLength(1);
    deadline.dispose();
  });

  it('stops at once when the deadline has aborted', async () => {
    const controller = new AbortController();
    const deadline = startDeadline(0, controller.signal);
    controller.abort(new Error('caller'));
    const { attempt, calls } = script(apiError(503), 'ok');
    await expect(withRetries(attempt, fast, 'GET', deadline)).rejects.toMatchObject({ status: 503 });
    expect(calls).toHaveLength(1);
  });
});
