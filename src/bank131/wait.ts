/**
 * Polling a Bank 131 check until it leaves `pending`. The deadline is hard: every status request gets at most the
 * time that is left, and no wait outlasts it. Transient failures (5xx, network, time-outs, unreadable bodies) are
 * ridden out with backoff; anything the bank says about the check itself (`error` envelopes, 4xx) ends the wait.
 * A `Retry-After` on an answer (a pending envelope, a 429, a 503) is honoured: the next request waits at least that
 * long, and when that wait would outlast the deadline, the wait ends at once.
 */
import { ApiPromise } from '../core/api-promise.js';
import { startDeadline } from '../core/deadline.js';
import { ApiError, NetworkError, ResponseParseError, ResponseValidationError, TimeoutError } from '../core/errors.js';
import { type CallOptions, DEFAULT_TIMEOUT_MS } from '../core/client.js';
import { checkKind, checkNumber } from '../core/options.js';
import { backoffDelays, retryAfterMs, sleep } from '../core/retry.js';

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

/** A failure worth another poll: the check may still complete. */
export function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof ResponseParseError) return true;
  // A 2xx ApiError is the bank's own `error` envelope: the check's outcome, not a hiccup.
  return error instanceof ApiError && (error.status >= 500 || error.status === 429);
}

export async function waitForCheck<T extends Envelope>(
  id: string,
  getStatus: (id: string, init: CallOptions) => Promise<T | Envelope>,
  options: WaitOptions & { readonly callTimeoutMs?: number | undefined; readonly method: string; readonly path?: string },
): Promise<T & { status: 'ok' }> {
  checkWaitOptions(id, options);
  const timeout = options.timeout ?? 10 * 60_000;
  const deadline = startDeadline(timeout, options.signal);
  const operation = { api: 'bank131', method: options.method, path: options.path ?? '/api/v1.1/check/{id}' };
  const interval = options.interval ?? 2_000;
  const delays = backoffDelays({ initialMs: interval, factor: options.factor ?? 1.5, maxMs: Math.max(options.maxInterval ?? 60_000, interval), jitter: 0.1 });
  let lastFailure: unknown;
  // What the last answer's Retry-After asked for (seconds or an HTTP date).
  let retryAfter: string | undefined;
  try {
    for (;;) {
      const left = deadline.remaining();
      // Each status request keeps the client's own limit (its default when unset; 0: none), and never outlasts the wait.
      const perCall = options.callTimeoutMs ?? DEFAULT_TIMEOUT_MS;
      const callLimit = perCall > 0 ? Math.min(left, perCall) : left;
      const boundByWait = Number.isFinite(left) && callLimit === left;
      try {
        retryAfter = undefined;
        const asked = getStatus(id, { signal: deadline.signal, timeoutMs: Number.isFinite(callLimit) ? Math.max(1, callLimit) : 0 });
        let envelope: T | Envelope;
        if (asked instanceof ApiPromise) {
          const { data, response } = await (asked as ApiPromise<T | Envelope>).withResponse();
          envelope = data;
          retryAfter = response.headers['retry-after'];
        } else envelope = await asked;
        const status = envelope !== null && typeof envelope === 'object' ? (envelope as { status?: unknown }).status : undefined;
        if (status === 'ok') return envelope as T & { status: 'ok' };
        // `error` envelopes reject in the client; anything but `pending` here is no status envelope at all.
        if (status !== 'pending') {
          throw new ResponseValidationError(operation, {
            status: 200,
            issues: [{ field: '/status', message: `expected a status envelope ("ok", "pending" or "error"), got ${JSON.stringify(envelope)?.slice(0, 200)}` }],
            body: envelope,
          });
        }
        lastFailure = undefined;
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        // The wait's deadline cut this request short (its own timer, or the request's limit clamped to what was
        // left): report the failure that came before it, or this request when nothing did.
        if (deadline.timedOut() || (error instanceof TimeoutError && boundByWait)) {
          lastFailure ??= error;
          break;
        }
        if (!isTransient(error)) throw error;
        lastFailure = error;
        if (error instanceof ApiError) retryAfter = error.headers['retry-after'];
      }
      const backoff = delays.next().value as number;
      const delay = Math.max(backoff, retryAfterMs(retryAfter ?? null, Infinity) ?? 0);
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
  const what = lastFailure instanceof Error ? `check ${id}: the last status request failed (${lastFailure.message})` : `check ${id} still pending`;
  throw new TimeoutError(operation, timeout, what, lastFailure === undefined ? undefined : { cause: lastFailure });
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
