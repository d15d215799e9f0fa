/**
 * Polling a vendor's resource until it settles, under one hard deadline: every request gets at most the time
 * that is left, no wait outlasts it, transient failures (5xx, 429, network, time-outs, unreadable bodies) are
 * ridden out with backoff, and a `Retry-After` on a refused poll sets the next wait. Anything else ends the wait.
 * Vendor helpers (Bank 131's `waitForCheck`, Biometric.kz's `waitForSessionResult`, BrainySoft's `waitForLeadCheck`)
 * supply what "settled" means, their time-out's wording, and where their `Retry-After` rule differs (`retryAfter`).
 */
import { ApiPromise } from './api-promise.js';
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

/** PollOptions as helpers pass them on: a field may be present and undefined (its default then applies). */
export type PollSettings = { readonly [K in keyof PollOptions]?: PollOptions[K] | undefined };

/** How a wait ended without settling, for its TimeoutError. */
export interface PollEnd<T> {
  /** The last failure since the last answer (undefined when the last request before the end was answered). */
  readonly failure: unknown;
  /** The request the wait's own deadline cut short, if one was. */
  readonly cut: unknown;
  /** The last (unsettled) answer, if any came. */
  readonly answer: { readonly value: T } | undefined;
}

/** Where a helper's `Retry-After` rule departs from the default (refused polls only, instead of the backoff, capped at maxInterval). */
export interface RetryAfterRule {
  /** Also read it on an answer that is not settled yet: `poll` must then return the client's ApiPromise as is. */
  readonly onAnswers?: boolean;
  /** Wait the longer of it and the backoff (the backoff then advances as if no Retry-After had come). */
  readonly atLeastBackoff?: boolean;
  /** Waited out in full up to the deadline, not capped at maxInterval. */
  readonly uncapped?: boolean;
}

export interface PollTarget<T> {
  /** The operation polled, for errors. */
  readonly operation: OperationRef;
  /** What is awaited, for the time-out message (`lead 3692`). */
  readonly what: string;
  /** One request; it must honour the signal and time limit it is given. */
  poll(init: CallOptions): Promise<T>;
  /** True when the answer is final. It may throw to end the wait (an answer that is no answer at all). */
  settled(value: T): boolean;
  /** Each request's own limit (the client's `timeoutMs`; its default when unset; 0: none). */
  readonly callTimeoutMs?: number | undefined;
  readonly retryAfter?: RetryAfterRule;
  /** The time-out's wording and cause in the helper's own terms (default: `describePollEnd`). */
  describeEnd?(end: PollEnd<T>): { readonly what: string; readonly cause: unknown };
}

/**
 * The default time-out: the last failure (or, when nothing was ever answered, the request the deadline cut short)
 * is named and is the cause; when the last request was answered, the resource had not settled, without a cause.
 */
export function describePollEnd<T>(what: string, end: PollEnd<T>): { what: string; cause: unknown } {
  const failure = end.failure ?? (end.answer === undefined ? end.cut : undefined);
  return {
    what: failure instanceof Error ? `${what}: the last request failed (${failure.message})` : `${what} not settled${end.answer ? '' : ' (no answer)'}`,
    cause: failure,
  };
}

/** A failure worth another poll: the resource may still settle. An ApiError with a 2xx status is the vendor's answer. */
export function isTransientPollFailure(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof ResponseParseError) return true;
  return error instanceof ApiError && (error.status >= 500 || error.status === 429);
}

/** Polls until `settled`, resolving with that answer; rejects with a TimeoutError (cause: the last failure) when time runs out. */
export async function pollUntilSettled<T>(target: PollTarget<T>, options: PollSettings = {}): Promise<T> {
  const timeout = options.timeout ?? 10 * 60_000;
  const interval = options.interval ?? 2_000;
  const maxInterval = Math.max(options.maxInterval ?? 60_000, interval);
  const delays = backoffDelays({ initialMs: interval, factor: options.factor ?? 1.5, maxMs: maxInterval, jitter: 0.1 });
  const rule = target.retryAfter ?? {};
  const deadline = startDeadline(timeout, options.signal);
  let lastFailure: unknown;
  let cut: unknown;
  let lastAnswer: { value: T } | undefined;
  try {
    for (;;) {
      const left = deadline.remaining();
      const perCall = target.callTimeoutMs ?? DEFAULT_TIMEOUT_MS;
      const callLimit = perCall > 0 ? Math.min(left, perCall) : left;
      const boundByWait = Number.isFinite(left) && callLimit === left;
      // What this round's Retry-After asked for (seconds or an HTTP date).
      let retryAfter: string | undefined;
      try {
        const asked = target.poll({ signal: deadline.signal, timeoutMs: Number.isFinite(callLimit) ? Math.max(1, callLimit) : 0 });
        let value: T;
        if (rule.onAnswers && asked instanceof ApiPromise) {
          const { data, response } = await (asked as ApiPromise<T>).withResponse();
          value = data;
          retryAfter = response.headers['retry-after'];
        } else value = await asked;
        if (target.settled(value)) return value;
        lastAnswer = { value };
        lastFailure = undefined;
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        // The wait's own deadline cut this request short (its own timer, or the request's limit clamped to what was
        // left): the wait ends, and describeEnd says what to report.
        if (deadline.timedOut() || (error instanceof TimeoutError && boundByWait)) {
          cut = error;
          break;
        }
        if (!isTransientPollFailure(error)) throw error;
        lastFailure = error;
        if (error instanceof ApiError) retryAfter = error.headers['retry-after'];
      }
      const askedDelay = retryAfterMs(retryAfter ?? null, rule.uncapped ? Infinity : maxInterval);
      const delay = rule.atLeastBackoff
        ? Math.max(delays.next().value as number, askedDelay ?? 0)
        : (askedDelay ?? (delays.next().value as number));
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
  const end = { failure: lastFailure, cut, answer: lastAnswer };
  const { what, cause } = target.describeEnd ? target.describeEnd(end) : describePollEnd(target.what, end);
  throw new TimeoutError(target.operation, timeout, what, cause === undefined ? undefined : { cause });
}
