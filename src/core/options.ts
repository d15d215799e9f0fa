/**
 * Checks of what a user passes, where it enters (a client factory, a helper), never on each call: a number that
 * is not a number (an unset environment variable, `Number('')`), a negative or infinite one, a base URL that
 * carries a password, a query or a fragment. Each is a TypeError naming the option; no message echoes a value
 * that could be a credential (strings are described by their type, URLs without their user-info).
 */

/** How a value is shown in a message: numbers and booleans as they are, anything else by its type only. */
function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'string') return `a string (${value.length} characters)`;
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

export interface NumberRule {
  /** The smallest value allowed (default 0). */
  readonly min?: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** What the number means, for the message (`ms, 0: no limit`). */
  readonly meaning?: string;
}

/** `value` is undefined or a finite number ≥ min (an integer when asked); else a TypeError naming `option`. */
export function checkNumber(where: string, option: string, value: unknown, rule: NumberRule = {}): void {
  if (value === undefined) return;
  const min = rule.min ?? 0;
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (!rule.integer || Number.isInteger(value));
  if (!ok) {
    const what = `${rule.integer ? 'a whole number' : 'a finite number'} ≥ ${min}${rule.meaning ? ` (${rule.meaning})` : ''}`;
    throw new TypeError(`${where}: \`${option}\` must be ${what}, got ${shown(value)}.`);
  }
}

/** `value` is undefined or of one of the listed kinds (`function`, `boolean`, `string`, `object`), or one of `literals`. */
export function checkKind(where: string, option: string, value: unknown, kinds: readonly string[], literals: readonly unknown[] = []): void {
  if (value === undefined || literals.includes(value)) return;
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (kinds.includes(kind)) return;
  const allowed = [...kinds.map((k) => `a ${k}`), ...literals.map((l) => JSON.stringify(l))].join(' or ');
  throw new TypeError(`${where}: \`${option}\` must be ${allowed}, got ${shown(value)}.`);
}

/**
 * A base URL (or a token URL) users may pass: an absolute http(s) URL without user-info, query or fragment (paths
 * are appended to it). Returns it without trailing slashes. The message never shows a user name or password.
 */
export function checkBaseUrl(where: string, option: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${where}: \`${option}\` must be an absolute http(s) URL, got ${shown(value)}.`);
  const display = JSON.stringify(withoutUserInfo(value).slice(0, 200));
  if (!URL.canParse(value)) throw new TypeError(`${where}: \`${option}\` must be an absolute http(s) URL, got ${display}.`);
  const url = new URL(value);
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(`${where}: \`${option}\` must not carry a user name or password (${url.protocol}//…@${url.host}): pass credentials through the client's credential options.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`${where}: \`${option}\` must use http or https, got ${display}.`);
  if (value.includes('?') || value.includes('#')) {
    throw new TypeError(`${where}: \`${option}\` must not have a query or a fragment (${display}): paths are appended to it.`);
  }
  return value.replace(/\/+$/, '');
}

/** `scheme://user:password@host/…` shown as `scheme://<redacted>@host/…`. */
function withoutUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/*)[^/?#]*@/i, '$1<redacted>@');
}

/** Headers every request carries: names and values a header can hold (the value is never shown). */
export function checkHeaders(where: string, option: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${where}: \`${option}\` must be an object of header names to strings, got ${shown(value)}.`);
  for (const [name, text] of Object.entries(value)) {
    let ok = typeof text === 'string';
    if (ok) {
      try {
        new Headers([[name, text as string]]);
      } catch {
        ok = false;
      }
    }
    if (!ok) throw new TypeError(`${where}: \`${option}\` header ${JSON.stringify(name.slice(0, 100))} must be a string a header can carry (no line breaks, Latin-1 only).`);
  }
}

/** The `retry` option: false, a count, or a partial policy with sane numbers. */
export function checkRetry(where: string, retry: unknown): void {
  if (retry === undefined || retry === false) return;
  if (typeof retry === 'number') return checkNumber(where, 'retry', retry, { integer: true, meaning: 'how many repeats' });
  if (retry === null || typeof retry !== 'object' || Array.isArray(retry)) {
    throw new TypeError(`${where}: \`retry\` must be false, a whole number of repeats, or a policy object, got ${shown(retry)}.`);
  }
  const policy = retry as Record<string, unknown>;
  checkNumber(where, 'retry.retries', policy['retries'], { integer: true });
  const statuses = policy['statuses'];
  if (statuses !== undefined && !(Array.isArray(statuses) && statuses.every((s) => Number.isInteger(s) && s >= 100 && s <= 599))) {
    throw new TypeError(`${where}: \`retry.statuses\` must be an array of HTTP statuses (100 to 599).`);
  }
  const methods = policy['methods'];
  if (methods !== undefined && !(Array.isArray(methods) && methods.every((m) => typeof m === 'string'))) {
    throw new TypeError(`${where}: \`retry.methods\` must be an array of method names.`);
  }
  const backoff = policy['backoff'];
  if (backoff === undefined) return;
  if (backoff === null || typeof backoff !== 'object') throw new TypeError(`${where}: \`retry.backoff\` must be an object, got ${shown(backoff)}.`);
  const { initialMs, factor, maxMs, jitter } = backoff as Record<string, unknown>;
  for (const [name, value] of [['initialMs', initialMs], ['factor', factor], ['maxMs', maxMs]] as const) {
    if (value === undefined) throw new TypeError(`${where}: \`retry.backoff.${name}\` is missing.`);
  }
  checkNumber(where, 'retry.backoff.initialMs', initialMs, { meaning: 'ms' });
  checkNumber(where, 'retry.backoff.factor', factor, { min: 1 });
  checkNumber(where, 'retry.backoff.maxMs', maxMs, { min: initialMs as number, meaning: 'ms, at least initialMs' });
  checkNumber(where, 'retry.backoff.jitter', jitter, { meaning: 'a fraction, at most 1' });
  if (typeof jitter === 'number' && jitter > 1) throw new TypeError(`${where}: \`retry.backoff.jitter\` must be at most 1, got ${jitter}.`);
}

/** The options every client takes (CommonClientOptions), checked once at construction. */
export function checkCommonOptions(where: string, options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${where}: pass an options object, got ${shown(options)}.`);
  const o = options as Record<string, unknown>;
  if (o['baseUrl'] !== undefined) checkBaseUrl(where, 'baseUrl', o['baseUrl']);
  checkNumber(where, 'timeoutMs', o['timeoutMs'], { meaning: 'ms, 0: no limit' });
  checkNumber(where, 'maxResponseBytes', o['maxResponseBytes'], { integer: true, min: 1, meaning: 'bytes' });
  checkRetry(where, o['retry']);
  checkKind(where, 'validateResponses', o['validateResponses'], ['boolean']);
  checkKind(where, 'fetch', o['fetch'], ['function']);
  checkKind(where, 'onExchange', o['onExchange'], ['function']);
  checkHeaders(where, 'headers', o['headers']);
}

/** A call's own `timeoutMs` (the only per-call number): one comparison when it is set, nothing when it is not. */
export function checkCallTimeout(where: string, timeoutMs: unknown): void {
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs >= 0 && timeoutMs < Infinity)) {
    checkNumber(where, 'timeoutMs', timeoutMs, { meaning: 'ms, 0: no limit' });
  }
}
