/** Deadlines past setTimeout's range, their reasons, and listener hygiene, named (mutation testing: see stryker.config.mjs). */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, raceSignal, startDeadline } from './deadline.js';
import { sleep } from './retry.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('long deadlines', () => {
  it('fires a limit past setTimeout\'s maximum exactly on time, in steps', async () => {
    vi.useFakeTimers();
    const deadline = startDeadline(MAX_TIMER_MS + 1_001);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(deadline.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(deadline.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(true);
  });

  it('fires a limit of exactly the maximum on time', async () => {
    vi.useFakeTimers();
    const deadline = startDeadline(MAX_TIMER_MS);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS - 1);
    expect(deadline.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(deadline.signal.aborted).toBe(true);
  });

  it('says how long it waited in its reason', () => {
    vi.useFakeTimers();
    const deadline = startDeadline(100);
    vi.advanceTimersByTime(100);
    expect((deadline.signal.reason as DOMException).message).toBe('Timed out after 100 ms');
  });
});

describe('listeners', () => {
  it('raceSignal leaves no listener on the signal once the work settles, either way', async () => {
    const controller = new AbortController();
    await raceSignal(Promise.resolve(1), controller.signal);
    await raceSignal(Promise.reject(new Error('x')), controller.signal).catch(() => {});
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('raceSignal and sleep leave no listener behind after an abort', async () => {
    const controller = new AbortController();
    const raced = raceSignal(new Promise(() => {}), controller.signal).catch(() => {});
    const slept = sleep(10_000, controller.signal).catch(() => {});
    controller.abort(new Error('stop'));
    await Promise.all([raced, slept]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
