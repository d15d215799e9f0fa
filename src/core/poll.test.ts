/** pollUntilSettled: settles, rides out transient failures, honours Retry-After, keeps its deadline. */
import { describe, expect, it } from 'vitest';
import type { CallOptions } from './client.js';
import { ApiError, NetworkError, TimeoutError } from './errors.js';
import { type PollTarget, isTransientPollFailure, pollUntilSettled } from './poll.js';

const operation = { api: 'test', method: 'GET', path: '/things/{id}' };
const apiError = (status: number, headers: Record<string, string> = {}) => new ApiError(operation, { status, body: null, rawBody: '', headers });

/** A target answering from a script: a value, or an error to throw. */
function scripted(steps: Array<string | Error>, last: string | Error = 'done') {
  const calls: CallOptions[] = [];
  const target: PollTarget<string> = {
    operation,
    what: 'thing 7',
    poll: async (init) => {
      calls.push(init);
      const step = steps[calls.length - 1] ?? last;
      if (step instanceof Error) throw step;
      return step;
    },
    settled: (value) => value === 'done',
  };
  return { target, calls };
}

describe('pollUntilSettled', () => {
  it('polls until the answer settles and resolves with it', async () => {
    const { target, calls } = scripted(['waiting', 'checking']);
    await expect(pollUntilSettled(target, { interval: 1, timeout: 5_000 })).resolves.toBe('done');
    expect(calls).toHaveLength(3);
  });

  it('rides out a network failure, a 503, a 429 and a request time-out', async () => {
    const { target, calls } = scripted([new NetworkError(operation, new Error('reset')), apiError(503), apiError(429), new TimeoutError(operation, 100), 'waiting']);
    // Each request's own limit (1 s) is shorter than the wait: its time-out is the request's, not the wait's.
    await expect(pollUntilSettled({ ...target, callTimeoutMs: 1_000 }, { interval: 1, factor: 1, timeout: 5_000 })).resolves.toBe('done');
    expect(calls).toHaveLength(6);
  });

  it('ends at once on what the vendor says about the resource (a 404, an error envelope with HTTP 200)', async () => {
    for (const status of [404, 200]) {
      const refusal = apiError(status);
      const { target, calls } = scripted(['waiting', refusal]);
      await expect(pollUntilSettled(target, { interval: 1, timeout: 5_000 })).rejects.toBe(refusal);
      expect(calls).toHaveLength(2);
    }
  });

  it('waits what a Retry-After asks instead of its own, longer backoff', async () => {
    // The own backoff (1 minute) would outlast the deadline; Retry-After: 0 lets the next poll run at once.
    const { target, calls } = scripted([apiError(503, { 'retry-after': '0' })]);
    await expect(pollUntilSettled(target, { interval: 60_000, timeout: 5_000 })).resolves.toBe('done');
    expect(calls).toHaveLength(2);
    const without = scripted([apiError(503)]);
    await expect(pollUntilSettled(without.target, { interval: 60_000, timeout: 5_000 })).rejects.toBeInstanceOf(TimeoutError);
    expect(without.calls).toHaveLength(1);
  });

  it('gives up at the deadline with a TimeoutError naming the last failure, or saying it never settled', async () => {
    const failing = scripted([], apiError(503));
    const error = (await pollUntilSettled(failing.target, { interval: 5, timeout: 200 }).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(200);
    expect(error.cause).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/thing 7: the last request failed \(.*HTTP 503\)/);

    const waiting = scripted([], 'waiting');
    const still = (await pollUntilSettled(waiting.target, { interval: 5, timeout: 200 }).catch((e: unknown) => e)) as TimeoutError;
    expect(still).toBeInstanceOf(TimeoutError);
    expect(still.cause).toBeUndefined();
    expect(still.message).toMatch(/thing 7 not settled/);
  });

  it('says "not settled" when the deadline cuts a request short after an unsettled answer', async () => {
    let calls = 0;
    const target: PollTarget<string> = {
      operation,
      what: 'thing 7',
      // The first request answers at once; the second hangs until the wait's deadline aborts it.
      poll: (init) =>
        calls++ === 0
          ? Promise.resolve('waiting')
          : new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new TimeoutError(operation, 100, 'aborted')), { once: true })),
      settled: (value) => value === 'done',
    };
    const error = (await pollUntilSettled(target, { interval: 1, timeout: 300 }).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/thing 7 not settled/);
    expect(error.cause).toBeUndefined();
    expect(calls).toBe(2);
  });

  it('gives every request the wait’s signal and no more time than is left', async () => {
    const { target, calls } = scripted(['waiting']);
    await pollUntilSettled({ ...target, callTimeoutMs: 60_000 }, { interval: 1, timeout: 5_000 });
    for (const call of calls) {
      expect(call.signal).toBeInstanceOf(AbortSignal);
      expect(call.timeoutMs).toBeGreaterThan(0);
      expect(call.timeoutMs).toBeLessThanOrEqual(5_000);
    }
  });

  it('stops when the caller aborts, with the caller’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const target: PollTarget<string> = {
      operation,
      what: 'thing 7',
      poll: async () => {
        controller.abort(reason);
        return 'waiting';
      },
      settled: () => false,
    };
    await expect(pollUntilSettled(target, { interval: 1, timeout: 5_000, signal: controller.signal })).rejects.toBe(reason);
  });

  it('counts 5xx, 429, network failures and time-outs as transient, and nothing else', () => {
    expect([apiError(500), apiError(503), apiError(429), new NetworkError(operation, 'x'), new TimeoutError(operation, 1)].map(isTransientPollFailure)).toEqual([true, true, true, true, true]);
    expect([apiError(200), apiError(400), apiError(404), new Error('x'), undefined].map(isTransientPollFailure)).toEqual([false, false, false, false, false]);
  });
});
