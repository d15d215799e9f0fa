/**
 * Waiting for a hosted-flow session's result, on the shared polling core (src/core/poll.ts). The deadline is hard:
 * every result request gets at most the time that is left, and no pause outlasts it. Transient failures (5xx, 429,
 * network, time-outs, unreadable bodies: the core's `isTransientPollFailure`) are ridden out with backoff, and a
 * `Retry-After` on such an answer sets the next pause when longer than the backoff. Anything else (a 404 for an unknown session, a 4xx) ends the wait at once.
 *
 * A session is settled when `status` is `FINISHED` and `flow_session_result` is a boolean: public client code
 * reports that the technology results stay empty for a few seconds after `FINISHED`, and that
 * `flow_session_result` is the definitive verdict (both **inferred**, see the spec's `FlowSessionResult`).
 */
import type { CallOptions } from '../core/client.js';
import { pollUntilSettled } from '../core/poll.js';

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
  const settled = await pollUntilSettled<T>(
    {
      operation: OPERATION,
      what: `session ${sessionId}`,
      callTimeoutMs: options.callTimeoutMs,
      poll: (init) => getResult(sessionId, init),
      settled: isSettled,
      // A Retry-After on a refused request never shortens the backoff.
      retryAfter: { atLeastBackoff: true },
      // When the deadline cuts a request short after an answer, that answer's status is named, and the cut is the cause.
      describeEnd: ({ failure, cut, answer }) => {
        const result = answer?.value;
        const lastStatus = result !== null && typeof result === 'object' && typeof result.status === 'string' ? result.status : undefined;
        const last = failure ?? cut;
        return {
          what:
            last instanceof Error && !(failure === undefined && lastStatus !== undefined)
              ? `session ${sessionId}: the last result request failed (${last.message})`
              : `session ${sessionId} not finished (last status ${lastStatus ?? 'none'})`,
          cause: last,
        };
      },
    },
    { ...options, interval: options.interval ?? 3_000, maxInterval: options.maxInterval ?? 30_000, timeout: options.timeout ?? 15 * 60_000 },
  );
  return settled as SettledSessionResult<T>;
}
