/**
 * One deadline for everything a call does (token provider, every attempt, the waits between them), combined
 * with the caller's own AbortSignal. `timeoutMs` 0 (or undefined, or Infinity) means no limit.
 */

export interface Deadline {
  /** Aborts when the time is up or the caller aborts. */
  readonly signal: AbortSignal;
  /**
   * The signal to hand fetch: `signal`, or none at all when there is neither a limit nor a caller's signal
   * (undici keeps a listener on a request's signal until it is collected; a call that cannot be aborted needs none).
   */
  readonly fetchSignal: AbortSignal | undefined;
  readonly timeoutMs: number;
  /** Milliseconds left (Infinity without a limit). */
  remaining(): number;
  /** True once the time limit (not the caller) aborted the signal. */
  timedOut(): boolean;
  /** Releases the timer. */
  dispose(): void;
}

/**
 * The signal of a deadline without limit or caller: it never aborts, so listeners on it (raceSignal, sleep) are
 * removed when their work settles, and it is never handed to fetch (see `fetchSignal`).
 */
const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** The longest delay setTimeout honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A deadline without limit or caller's signal: nothing about it varies, so every such call shares this one. */
const UNLIMITED: Deadline = Object.freeze({
  signal: NEVER_ABORTED,
  fetchSignal: undefined,
  timeoutMs: 0,
  remaining: () => Infinity,
  timedOut: () => false,
  dispose: () => {},
});

export function startDeadline(timeoutMs: number | undefined, callerSignal?: AbortSignal): Deadline {
  const limited = timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs);
  if (limited) return new TimeLimit(timeoutMs, callerSignal);
  return callerSignal ? { ...UNLIMITED, signal: callerSignal, fetchSignal: callerSignal } : UNLIMITED;
}

/** A deadline with a time limit: one object and one timer per call (every call has one by default). */
class TimeLimit implements Deadline {
  readonly signal: AbortSignal;
  readonly fetchSignal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #endsAt: number;
  readonly #callerSignal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #fired = false;

  constructor(
    readonly timeoutMs: number,
    callerSignal: AbortSignal | undefined,
  ) {
    this.#endsAt = Date.now() + timeoutMs;
    this.#callerSignal = callerSignal;
    this.#arm(Math.min(timeoutMs, MAX_TIMER_MS));
    this.signal = callerSignal ? AbortSignal.any([callerSignal, this.#controller.signal]) : this.#controller.signal;
    this.fetchSignal = this.signal;
  }

  // setTimeout fires at once for delays past 2^31 - 1 ms (~24.8 days): longer limits wait in steps.
  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      const left = this.#endsAt - Date.now();
      if (left > 0 && ms === MAX_TIMER_MS) return this.#arm(Math.min(left, MAX_TIMER_MS));
      this.#fired = true;
      this.#controller.abort(new DOMException(`Timed out after ${this.timeoutMs} ms`, 'TimeoutError'));
    }, ms);
    // The timer alone must never keep a process alive.
    this.#timer.unref?.();
  }

  remaining(): number {
    return Math.max(0, this.#endsAt - Date.now());
  }

  timedOut(): boolean {
    return this.#fired && !this.#callerSignal?.aborted;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts (work that ignores signals). */
export function raceSignal<T>(work: Promise<T> | T, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(work).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
