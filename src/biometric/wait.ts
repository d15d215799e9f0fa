/**
 * Waiting for a hosted-flow session's result. The deadline is hard: every result request gets at most the time
 * that is left, and no pause outlasts it. Transient failures (5xx, 429, network, time-outs, unreadable bodies: the
 * same rule as Bank 131's polling, `isTransient`) are ridden out with backoff, and a `Retry-After` on such an answer
 * sets the next pause. Anything else (a 404 for an unknown session, a 4xx) ends the wait at once.
 *
 * A session is settled when `status` is `FINISHED` and `flow_session_result` is a boolean: public client code
 * reports that the technology results stay empty for a few seconds after `FINISHED`, and that
 * `flow_session_result` is the definitive verdict (both **inferred**, see the spec's `FlowSessionResult`).
 */
import { isTransient } from '../bank131/wait.js';
import { type CallOptions, DEFAULT_TIMEOUT_MS } from '../core/client.js';
import { startDeadline } from '../core/deadline.js';
import { ApiError, TimeoutError } from '../core/errors.js';
import { backoffDelays, retryAfterMs, sleep } from '../core/retry.js';

export interface SessionWaitOptions {
  /** First pause between result requests, in ms (default 3 000). */
  readonly interval?: number;
  /** Longest pause, in ms (default 30 000); also caps what a `Retry-After` can ask for. */
  readonly maxInterval?: number;
  /** Each pause is the previous one times this (default 1.5). */
  readonly factor?: number;
  /** Give up after this many ms (default 15 minutes; 0: never). */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
}

/** The part of a session result the wait reads (the rest is passed through untouched). */
export interface SessionResultLike {
  readonly status?: string | undefined;
  readonly flow_session_result?: boolean | null | undefined;
}

/** A finished session: `FINISHED` with a boolean verdict. */
export type SettledSessionResult<T extends SessionResultLike> = T & { status: 'FINISHED'; flow_session_result: boolean };

export function isSettled<T extends SessionResultLike>(result: T): result is SettledSessionResult<T> {
  return result !== null && typeof result === 'object' && result.status === 'FINISHED' && typeof result.flow_session_result === 'boolean';
}

const OPERATION = { api: 'biometric', method: 'GET', path: '/api/v1/flows/session/result/' } as const;

export async function waitForSessionResult<T extends SessionResultLike>(
  sessionId: string,
  getResult: (sessionId: string, init: CallOptions) => Promise<T>,
  options: SessionWaitOptions & { readonly callTimeoutMs?: number | undefined } = {},
): Promise<SettledSessionResult<T>> {
  if (typeof sessionId !== 'string' || sessionId.trim() === '') throw new TypeError('waitForSessionResult needs the session id (a non-empty string).');
  const timeout = options.timeout ?? 15 * 60_000;
  const deadline = startDeadline(timeout, options.signal);
  const interval = options.interval ?? 3_000;
  const maxInterval = Math.max(options.maxInterval ?? 30_000, interval);
  const delays = backoffDelays({ initialMs: interval, factor: options.factor ?? 1.5, maxMs: maxInterval, jitter: 0.1 });
  let lastFailure: unknown;
  let lastStatus: string | undefined;
  /** The deadline cut the last request short after an answer had come: report that answer's status, not the cut. */
  let cutAfterAnswer = false;
  try {
    for (;;) {
      const left = deadline.remaining();
      const perCall = options.callTimeoutMs ?? DEFAULT_TIMEOUT_MS;
      const callLimit = perCall > 0 ? Math.min(left, perCall) : left;
      const boundByWait = Number.isFinite(left) && callLimit === left;
      let asked: number | undefined;
      try {
        const result = await getResult(sessionId, { signal: deadline.signal, timeoutMs: Number.isFinite(callLimit) ? Math.max(1, callLimit) : 0 });
        if (isSettled(result)) return result;
        lastStatus = result !== null && typeof result === 'object' && typeof result.status === 'string' ? result.status : undefined;
        lastFailure = undefined;
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (deadline.timedOut() || (error instanceof TimeoutError && boundByWait)) {
          cutAfterAnswer = lastFailure === undefined && lastStatus !== undefined;
          lastFailure ??= error;
          break;
        }
        if (!isTransient(error)) throw error;
        lastFailure = error;
        if (error instanceof ApiError) asked = retryAfterMs(error.headers['retry-after'] ?? null, maxInterval);
      }
      const backoff = delays.next().value as number;
      const delay = asked === undefined ? backoff : Math.max(asked, backoff);
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
    lastFailure instanceof Error && !cutAfterAnswer
      ? `session ${sessionId}: the last result request failed (${lastFailure.message})`
      : `session ${sessionId} not finished (last status ${lastStatus ?? 'none'})`;
  throw new TimeoutError(OPERATION, timeout, what, lastFailure === undefined ? undefined : { cause: lastFailure });
}
