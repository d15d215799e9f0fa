import { describe, expect, it } from 'vitest';
import { backoffDelays, resolveRetryPolicy, retryAfterMs, sleep } from './retry.js';

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
  it('defaults to no retries and never retries POST', () => {
    const policy = resolveRetryPolicy(undefined);
    expect(policy.retries).toBe(0);
    expect(resolveRetryPolicy(3).retries).toBe(3);
    expect(resolveRetryPolicy(3).methods).not.toContain('POST');
  });
});

describe('sleep', () => {
  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
