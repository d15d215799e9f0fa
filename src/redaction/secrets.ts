/**
 * Masking credentials the caller knows (an API key, a token, a client secret, a signature) in any text the library
 * builds: error messages, stacks, vendor messages, recordings. A vendor may echo a credential in several spellings,
 * and each is masked: verbatim, percent-encoded (upper or lower hex, `+` or `%20` for spaces), JSON-escaped, and
 * base64 (standard or url-safe, with or without padding), including inside a longer base64 text such as the
 * `user:password` of a `Basic` header, wherever the credential starts in it.
 *
 * Credentials shorter than MIN_SECRET_LENGTH characters are not masked: a two-letter "secret" would mask ordinary
 * words everywhere, and no vendor here issues credentials that short.
 */
import { REDACTED } from './redact.js';

/** The shortest credential that is masked (shorter ones would mask ordinary text). */
export const MIN_SECRET_LENGTH = 6;

/** How a credential was spelled where it was found. */
export type SecretEncoding = 'verbatim' | 'percent-encoded' | 'form-encoded' | 'json-escaped' | 'base64' | 'base64url';

export interface SecretSpelling {
  readonly text: string;
  readonly encoding: SecretEncoding;
}

/** Every spelling under which `secret` can appear in a text (none when it is shorter than MIN_SECRET_LENGTH). */
export function secretSpellings(secret: string): SecretSpelling[] {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return [];
  const out = new Map<string, SecretEncoding>();
  const add = (text: string, encoding: SecretEncoding) => {
    if (text && !out.has(text)) out.set(text, encoding);
  };
  add(secret, 'verbatim');
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  const percent = encodeURIComponent(secret);
  // RFC 3986 encoders also escape !'()*, which encodeURIComponent leaves alone.
  const strict = percent.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const form = new URLSearchParams({ v: secret }).toString().slice(2);
  for (const text of [percent, strict]) {
    add(text, 'percent-encoded');
    add(lowerHex(text), 'percent-encoded');
  }
  add(form, 'form-encoded');
  add(lowerHex(form), 'form-encoded');
  add(JSON.stringify(secret).slice(1, -1), 'json-escaped');
  const bytes = Buffer.from(secret, 'utf8');
  const standalone = bytes.toString('base64');
  add(standalone, 'base64');
  add(standalone.replace(/=+$/, ''), 'base64');
  add(toUrlSafe(standalone), 'base64url');
  add(toUrlSafe(standalone).replace(/=+$/, ''), 'base64url');
  // Inside a longer base64 text the credential starts at a byte offset of 0, 1 or 2 modulo 3: for each, the
  // characters that depend on the credential's bytes alone (`Basic base64(user:secret)`, a token in a JWT).
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    add(core, 'base64');
    add(toUrlSafe(core), 'base64url');
  }
  return [...out].map(([text, encoding]) => ({ text, encoding }));
}

function toUrlSafe(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_');
}

interface CompiledSecrets {
  readonly pattern: RegExp | undefined;
  readonly encodings: ReadonlyMap<string, SecretEncoding>;
}

// Compiled once per list of secrets (a client keeps its list): masking an error costs one regular expression run.
const compiled = new WeakMap<readonly string[], CompiledSecrets>();

function compile(secrets: readonly string[]): CompiledSecrets {
  const known = compiled.get(secrets);
  if (known) return known;
  const encodings = new Map<string, SecretEncoding>();
  for (const secret of secrets) for (const { text, encoding } of secretSpellings(secret)) if (!encodings.has(text)) encodings.set(text, encoding);
  // The longest spelling first where several start at one place: a whole base64 text before its core.
  const literals = [...encodings.keys()].sort((a, b) => b.length - a.length);
  const pattern = literals.length ? new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
  const result = { pattern, encodings };
  compiled.set(secrets, result);
  return result;
}

/** `text` with every spelling of every secret replaced by `<redacted>`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const { pattern } = compile(secrets);
  return pattern && typeof text === 'string' ? text.replace(pattern, REDACTED) : text;
}

/** A copy of a JSON-like value (objects, arrays, strings) with every string and key masked; other values as they are. */
export function maskSecretsIn<T>(value: T, secrets: readonly string[]): T {
  if (!compile(secrets).pattern) return value;
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return maskSecrets(node, secrets);
    if (depth > 64 || node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    if (Object.getPrototypeOf(node) !== Object.prototype && Object.getPrototypeOf(node) !== null) return node;
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [maskSecrets(key, secrets), walk(child, depth + 1)]));
  };
  return walk(value, 0) as T;
}

/** The encoding under which a secret appears in `text`, or undefined. */
export function findSecret(text: string, secrets: readonly string[]): SecretEncoding | undefined {
  const { pattern, encodings } = compile(secrets);
  if (!pattern || typeof text !== 'string') return undefined;
  pattern.lastIndex = 0;
  const match = pattern.exec(text);
  pattern.lastIndex = 0;
  return match ? encodings.get(match[0]) : undefined;
}

/**
 * Where a secret still appears in a JSON-like value: the first string (or key) holding one, as a dotted path
 * (`response.body.detail`, `request.headers.authorization`) with its encoding. Never the secret itself.
 */
export function findSecretIn(value: unknown, secrets: readonly string[]): { readonly path: string; readonly encoding: SecretEncoding } | undefined {
  if (!compile(secrets).pattern) return undefined;
  const walk = (node: unknown, path: string): { path: string; encoding: SecretEncoding } | undefined => {
    if (typeof node === 'string' || typeof node === 'number') {
      const encoding = findSecret(String(node), secrets);
      return encoding ? { path: path || '(the whole value)', encoding } : undefined;
    }
    if (node === null || typeof node !== 'object') return undefined;
    for (const [key, child] of Object.entries(node)) {
      const inKey = findSecret(key, secrets);
      // The key itself is not named: it holds the secret.
      if (inKey) return { path: `${path || '(top level)'} (one of its keys)`, encoding: inKey };
      const at = Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      const found = walk(child, at);
      if (found) return found;
    }
    return undefined;
  };
  return walk(value, '');
}
