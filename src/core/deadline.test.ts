import { afterEach, describe, expect, it, vi } from 'vitest';
import { raceSignal, startDeadline } from './deadline.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startDeadline', () => {
  it('aborts its signal with a TimeoutError when the time is up, and says so', () => {
    vi.useFakeTimers();
    const deadline = startDeadline(100);
    expect(deadline.timeoutMs).toBe(100);
    expect(deadline.remaining()).toBe(100);
    vi.advanceTimersByTime(60);
    expect(deadline.remaining()).toBe(40);
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.timedOut()).toBe(false);
    vi.advanceTimersByTime(40);
    expect(deadline.signal.aborted).toBe(true);
    expect((deadline.signal.reason as DOMException).name).toBe('TimeoutError');
    expect(deadline.timedOut()).toBe(true);
    expect(deadline.remaining()).toBe(0);
  });

  it.each([0, undefined, Infinity, -5, Number.NaN])('treats %s as no limit', (limit) => {
    vi.useFakeTimers();
    const deadline = startDeadline(limit);
    expect(deadline.timeoutMs).toBe(0);
    expect(deadline.remaining()).toBe(Infinity);
    vi.advanceTimersByTime(10 * 24 * 3600_000);
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.timedOut()).toBe(false);
  });

  it.each([2 ** 31, 40 * 24 * 3600_000, Number.MAX_SAFE_INTEGER])('holds a limit of %i ms past setTimeout\'s maximum instead of firing at once', async (limit) => {
    const deadline = startDeadline(limit);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.timedOut()).toBe(false);
    expect(deadline.remaining()).toBeGreaterThan(2 ** 31 - 1000);
    deadline.dispose();
  });

  it("follows the caller's signal without calling it a time-out", () => {
    const caller = new AbortController();
    const limited = startDeadline(10_000, caller.signal);
    const unlimited = startDeadline(0, caller.signal);
    caller.abort(new Error('caller gave up'));
    for (const deadline of [limited, unlimited]) {
      expect(deadline.signal.aborted).toBe(true);
      expect((deadline.signal.reason as Error).message).toBe('caller gave up');
      expect(deadline.timedOut()).toBe(false);
      deadline.dispose();
    }
  });

  it('stops its timer on dispose', () => {
    vi.useFakeTimers();
    const deadline = startDeadline(50);
    deadline.dispose();
    vi.advanceTimersByTime(100);
    expect(deadline.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('raceSignal', () => {
  it('settles with the work when it finishes first', async () => {
    const controller = new AbortController();
    await expect(raceSignal(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    await expect(raceSignal(8, controller.signal)).resolves.toBe(8);
    await expect(raceSignal(Promise.reject(new Error('own')), controller.signal)).rejects.toThrow('own');
  });

  it('rejects with the reason as soon as the signal aborts, even if the work never settles', async () => {
    const controller = new AbortController();
    const pending = raceSignal(new Promise(() => {}), controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    const already = AbortSignal.abort(new Error('already'));
    await expect(raceSignal(new Promise(() => {}), already)).rejects.toThrow('already');
  });

  it('does not leave a rejection of late work unhandled', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const controller = new AbortController();
      let fail!: (error: Error) => void;
      const work = new Promise<never>((_resolve, reject) => (fail = reject));
      const pending = raceSignal(work, controller.signal);
      controller.abort(new Error('stop'));
      await expect(pending).rejects.toThrow('stop');
      fail(new Error('late'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
