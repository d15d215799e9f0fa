/** Backoff, sleeping and retry decisions, shared by request retries and by polling (Bank 131 checks). */
import { ApiError, NetworkError, RequestValidationError, TimeoutError } from './errors.js';
import { type Deadline, MAX_TIMER_MS } from './deadline.js';

export interface BackoffOptions {
  /** First delay, in ms. */
  readonly initialMs: number;
  /** Each delay is the previous one times this. */
  readonly factor: number;
  /** No delay exceeds this. */
  readonly maxMs: number;
  /** Spread each delay randomly by up to this fraction (0 to 1), so that many clients do not poll in step. */
  readonly jitter?: number | undefined;
}

/** An endless sequence of delays: initial, initial·factor, … capped at maxMs, each with optional jitter. */
export function* backoffDelays(options: BackoffOptions, random: () => number = Math.random): Generator<number> {
  const { initialMs, factor, maxMs, jitter = 0 } = options;
  if (!(initialMs >= 0) || !(factor >= 1) || !(maxMs >= initialMs)) {
    throw new RangeError(`Invalid backoff: initialMs ${initialMs}, factor ${factor}, maxMs ${maxMs}.`);
  }
  let base = initialMs;
  for (;;) {
    const spread = jitter > 0 ? base * jitter * (random() * 2 - 1) : 0;
    yield Math.max(0, Math.min(maxMs, Math.round(base + spread)));
    base = Math.min(maxMs, base * factor);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // Capped at setTimeout's own maximum (~24.8 days): a longer delay would fire at once.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.min(ms, MAX_TIMER_MS));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryPolicy {
  /** How many times to repeat a failed call (0: never). */
  readonly retries: number;
  /** HTTP statuses worth repeating. */
  readonly statuses: readonly number[];
  /** Methods that may be repeated. Only idempotent ones by default: a repeated POST could create twice. */
  readonly methods: readonly string[];
  readonly backoff: BackoffOptions;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 0,
  statuses: [429, 502, 503, 504],
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
  backoff: { initialMs: 200, factor: 2, maxMs: 5_000, jitter: 0.2 },
};

export function resolveRetryPolicy(retry: Partial<RetryPolicy> | number | false | undefined): RetryPolicy {
  if (retry === false || retry === undefined) return DEFAULT_RETRY_POLICY;
  if (typeof retry === 'number') return { ...DEFAULT_RETRY_POLICY, retries: retry };
  // Method names in any case (`['get']` would otherwise never match and silently never retry).
  return { ...DEFAULT_RETRY_POLICY, ...retry, ...(retry.methods ? { methods: retry.methods.map((m) => m.toUpperCase()) } : {}) };
}

/**
 * The delay a `Retry-After` header asks for, in ms (seconds or an HTTP date), capped at `maxMs`;
 * undefined when the header is absent or unreadable.
 */
export function retryAfterMs(header: string | null, maxMs: number, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(maxMs, seconds * 1000);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.min(maxMs, Math.max(0, date - now));
}

/** Whether a failed attempt is worth repeating under `policy`: network failures, time-outs, and the policy's statuses. */
export function isRetryable(error: unknown, policy: RetryPolicy, method: string): boolean {
  if (!policy.methods.includes(method.toUpperCase())) return false;
  if (error instanceof NetworkError || error instanceof TimeoutError) return true;
  return error instanceof ApiError && !(error instanceof RequestValidationError) && policy.statuses.includes(error.status);
}

/**
 * The wait before the next request: what the answer's `Retry-After` asks for (seconds or an HTTP date), in full,
 * else the next backoff delay. Undefined when the server asks for more than `limitMs` (the time left, or without
 * a deadline the backoff's maxMs): asking again sooner would ignore the server, so the caller gives up instead.
 */
export function nextWait(error: unknown, backoff: () => number, limitMs: number): number | undefined {
  const header = error instanceof ApiError ? error.headers['retry-after'] : undefined;
  const asked = header === undefined ? undefined : retryAfterMs(header, Infinity);
  if (asked === undefined) return backoff();
  return asked < limitMs ? asked : undefined;
}

/**
 * Runs `attempt` until it succeeds, the policy says stop, or the next wait would not end before the deadline:
 * then the last error is thrown. A `Retry-After` on the error's answer sets the wait; one longer than the time
 * left (without a deadline: than the backoff's maxMs) ends the retries.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, method: string, deadline: Deadline): Promise<T> {
  if (policy.retries === 0) return attempt();
  const delays = backoffDelays(policy.backoff);
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= policy.retries || deadline.signal.aborted || !isRetryable(error, policy, method)) throw error;
      const left = deadline.remaining();
      const wait = nextWait(error, () => delays.next().value as number, Number.isFinite(left) ? left : policy.backoff.maxMs + 1);
      if (wait === undefined || wait >= left) throw error;
      await sleep(wait, deadline.signal);
    }
  }
}
