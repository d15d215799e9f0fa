/** Per-call time limits through AbortSignal, combined with the caller's own signal. */

export interface DeadlineSignal {
  readonly signal: AbortSignal;
  /** True once the time limit (not the caller) aborted the signal. */
  timedOut(): boolean;
  /** Releases the timer. */
  dispose(): void;
}

export function deadlineSignal(timeoutMs: number | undefined, callerSignal?: AbortSignal): DeadlineSignal {
  if (timeoutMs === undefined || timeoutMs <= 0 || !Number.isFinite(timeoutMs)) {
    const signal = callerSignal ?? new AbortController().signal;
    return { signal, timedOut: () => false, dispose: () => {} };
  }
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new DOMException(`Timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
  return {
    signal,
    timedOut: () => fired && !callerSignal?.aborted,
    dispose: () => clearTimeout(timer),
  };
}
