/**
 * Polling a Bank 131 check until it leaves `pending`, on the shared polling core (src/core/poll.ts). The deadline is
 * hard: every status request gets at most the time that is left, and no wait outlasts it. Transient failures (5xx,
 * network, time-outs, unreadable bodies) are ridden out with backoff; anything the bank says about the check itself (`error` envelopes, 4xx) ends the wait.
 * A `Retry-After` on an answer (a pending envelope, a 429, a 503) is honoured: the next request waits at least that
 * long, and when that wait would outlast the deadline, the wait ends at once.
 */
import type { CallOptions } from '../core/client.js';
import { ResponseValidationError } from '../core/errors.js';
import { checkKind, checkNumber } from '../core/options.js';
import { isTransientPollFailure, pollUntilSettled } from '../core/poll.js';

export interface WaitOptions {
  /** First delay between status requests, in ms (default 2 000). */
  readonly interval?: number | undefined;
  /** Longest delay between status requests, in ms (default 60 000). */
  readonly maxInterval?: number | undefined;
  /** Each delay is the previous one times this (default 1.5). */
  readonly factor?: number | undefined;
  /** Give up after this many ms (default 10 minutes; 0: never). Live checks can take up to two days: poll from a job. */
  readonly timeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

interface Envelope {
  readonly status: string;
}

/** A failure worth another poll: the check may still complete (a 2xx ApiError is the bank's own `error` envelope). */
export const isTransient = isTransientPollFailure;

/** Polls `getStatus` until the check is `ok` (src/core/poll.ts), and resolves with that envelope. */
export async function waitForCheck<T extends Envelope>(
  id: string,
  getStatus: (id: string, init: CallOptions) => Promise<T | Envelope>,
  options: WaitOptions & { readonly callTimeoutMs?: number | undefined; readonly method: string; readonly path?: string },
): Promise<T & { status: 'ok' }> {
  checkWaitOptions(id, options);
  const operation = { api: 'bank131', method: options.method, path: options.path ?? '/api/v1.1/check/{id}' };
  const settled = await pollUntilSettled<T | Envelope>(
    {
      operation,
      what: `check ${id}`,
      callTimeoutMs: options.callTimeoutMs,
      // The client's ApiPromise as is: a Retry-After on a pending answer counts too, in full, and never shortens the backoff.
      poll: (init) => getStatus(id, init),
      retryAfter: { onAnswers: true, atLeastBackoff: true, uncapped: true },
      settled: (envelope) => {
        const status = envelope !== null && typeof envelope === 'object' ? (envelope as { status?: unknown }).status : undefined;
        if (status === 'ok') return true;
        if (status === 'pending') return false;
        // `error` envelopes reject in the client; anything but `pending` here is no status envelope at all.
        throw new ResponseValidationError(operation, {
          status: 200,
          issues: [{ field: '/status', message: `expected a status envelope ("ok", "pending" or "error"), got ${JSON.stringify(envelope)?.slice(0, 200)}` }],
          body: envelope,
        });
      },
      // A request the deadline cut short is the cause even after a pending answer, and is then named as the failure.
      describeEnd: ({ failure, cut }) => {
        const last = failure ?? cut;
        return { what: last instanceof Error ? `check ${id}: the last status request failed (${last.message})` : `check ${id} still pending`, cause: last };
      },
    },
    options,
  );
  return settled as T & { status: 'ok' };
}

function checkWaitOptions(id: unknown, options: WaitOptions): void {
  const where = 'bank131 waitForCheck';
  if (typeof id !== 'string' || id === '') throw new TypeError(`${where}: the check id must be a non-empty string or number.`);
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: the wait options must be an object.`);
  checkNumber(where, 'interval', options.interval, { meaning: 'ms' });
  checkNumber(where, 'maxInterval', options.maxInterval, { meaning: 'ms' });
  checkNumber(where, 'factor', options.factor, { min: 1 });
  checkNumber(where, 'timeout', options.timeout, { meaning: 'ms, 0: no limit' });
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) checkKind(where, 'signal', options.signal, ['AbortSignal']);
}
