/**
 * Polling a vendor's resource until it settles, under one hard deadline: every request gets at most the time
 * that is left, no wait outlasts it, transient failures (5xx, 429, network, time-outs, unreadable bodies) are
 * ridden out with backoff, and a `Retry-After` on a refused poll sets the next wait. Anything else ends the wait.
 * Vendor helpers (BrainySoft's `waitForLeadCheck`) supply what "settled" means.
 */
import { type CallOptions, DEFAULT_TIMEOUT_MS } from './client.js';
import { startDeadline } from './deadline.js';
import { ApiError, NetworkError, type OperationRef, ResponseParseError, TimeoutError } from './errors.js';
import { backoffDelays, retryAfterMs, sleep } from './retry.js';

export interface PollOptions {
  /** First delay between requests, in ms (default 2 000). */
  readonly interval?: number;
  /** Longest delay between requests, in ms (default 60 000); also caps a `Retry-After`. */
  readonly maxInterval?: number;
  /** Each delay is the previous one times this (default 1.5). */
  readonly factor?: number;
  /** Give up after this many ms (default 10 minutes; 0: never). */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
}

export interface PollTarget<T> {
  /** The operation polled, for errors. */
  readonly operation: OperationRef;
  /** What is awaited, for the time-out message (`lead 3692`). */
  readonly what: string;
  /** One request; it must honour the signal and time limit it is given. */
  poll(init: CallOptions): Promise<T>;
  /** True when the answer is final. */
  settled(value: T): boolean;
  /** Each request's own limit (the client's `timeoutMs`; its default when unset; 0: none). */
  readonly callTimeoutMs?: number | undefined;
}

/** A failure worth another poll: the resource may still settle. An ApiError with a 2xx status is the vendor's answer. */
export function isTransientPollFailure(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof ResponseParseError) return true;
  return error instanceof ApiError && (error.status >= 500 || error.status === 429);
}

/** Polls until `settled`, resolving with that answer; rejects with a TimeoutError (cause: the last failure) when time runs out. */
export async function pollUntilSettled<T>(target: PollTarget<T>, options: PollOptions = {}): Promise<T> {
  const timeout = options.timeout ?? 10 * 60_000;
  const interval = options.interval ?? 2_000;
  const maxInterval = Math.max(options.maxInterval ?? 60_000, interval);
  const delays = backoffDelays({ initialMs: interval, factor: options.factor ?? 1.5, maxMs: maxInterval, jitter: 0.1 });
  const deadline = startDeadline(timeout, options.signal);
  let lastFailure: unknown;
  let lastAnswer: { value: T } | undefined;
  try {
    for (;;) {
      const left = deadline.remaining();
      const perCall = target.callTimeoutMs ?? DEFAULT_TIMEOUT_MS;
      const callLimit = perCall > 0 ? Math.min(left, perCall) : left;
      const boundByWait = Number.isFinite(left) && callLimit === left;
      let askedDelay: number | undefined;
      try {
        const value = await target.poll({ signal: deadline.signal, timeoutMs: Number.isFinite(callLimit) ? Math.max(1, callLimit) : 0 });
        if (target.settled(value)) return value;
        lastAnswer = { value };
        lastFailure = undefined;
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        // The wait's own deadline cut this request short: report the failure before it; or, when the last request
        // was answered, that the resource had not settled; or this request's failure when nothing was answered.
        if (deadline.timedOut() || (error instanceof TimeoutError && boundByWait)) {
          if (lastAnswer === undefined) lastFailure ??= error;
          break;
        }
        if (!isTransientPollFailure(error)) throw error;
        lastFailure = error;
        if (error instanceof ApiError) askedDelay = retryAfterMs(error.headers['retry-after'] ?? null, maxInterval);
      }
      const delay = askedDelay ?? (delays.next().value as number);
      if (delay >= deadline.remaining()) break;
      try {
        await sleep(delay, deadline.signal);
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (!deadline.timedOut()) throw error;
        break;
      }
    }
  } finally {
    deadline.dispose();
  }
  const what =
    lastFailure instanceof Error
      ? `${target.what}: the last request failed (${lastFailure.message})`
      : `${target.what} not settled${lastAnswer ? '' : ' (no answer)'}`;
  throw new TimeoutError(target.operation, timeout, what, lastFailure === undefined ? undefined : { cause: lastFailure });
}
