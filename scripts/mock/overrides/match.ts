/**
 * Matching, pure: which operation a request is for (before Prism routes it, from the operations' method and path
 * template, concrete paths first as Prism prefers them), and whether a request fits an override's `match`.
 */
import { type HttpOperation, pathMatcher } from '../prism.js';
import type { MockRequest } from '../types.js';
import type { OverrideMatch } from './model.js';

export interface Routed {
  readonly operationId: string;
  readonly pathParams: Record<string, string>;
}

/** A router over one API's operations: (method, path) → the operation and its path parameters. */
export function operationRouter(operations: readonly HttpOperation[]): (method: string, path: string) => Routed | undefined {
  const routes = operations
    .map((operation) => ({ operation, templated: (operation.path.match(/\{/g) ?? []).length, match: pathMatcher(operation.path) }))
    .sort((a, b) => a.templated - b.templated);
  return (method, path) => {
    for (const route of routes) {
      if (route.operation.method !== method) continue;
      const pathParams = route.match(path);
      if (pathParams) return { operationId: route.operation.iid ?? route.operation.id, pathParams };
    }
    return undefined;
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a request fits an override's `match`; built once, when the override is registered. */
export type RequestMatcher = (request: MockRequest, pathParams: Readonly<Record<string, string>>) => boolean;
type ValueMatcher = (actual: unknown) => boolean;
type TextMatcher = (actual: string | string[] | undefined) => boolean;

/**
 * `expected` is found in `actual`: objects by their given keys (extra keys in `actual` are fine), arrays element by
 * element with the same length, anything else equal. Compiled once per override: every request to an operation is
 * held against each of its overrides, so the walk over `expected` is done at registration, not per request.
 */
export function bodyMatcher(expected: unknown): ValueMatcher {
  if (isPlainObject(expected)) {
    const keys = Object.keys(expected);
    const values = keys.map((key) => bodyMatcher(expected[key]));
    return (actual) => {
      if (!isPlainObject(actual)) return false;
      for (let i = 0; i < keys.length; i++) if (!(keys[i]! in actual) || !values[i]!(actual[keys[i]!])) return false;
      return true;
    };
  }
  if (Array.isArray(expected)) {
    const items = expected.map(bodyMatcher);
    return (actual) => Array.isArray(actual) && actual.length === items.length && items.every((item, i) => item(actual[i]));
  }
  return (actual) => Object.is(expected, actual);
}

/** A query, path or header value (always text on the wire) against an expected scalar or list. */
function textMatcher(expected: unknown): TextMatcher {
  if (Array.isArray(expected)) {
    const texts = expected.map(String);
    return (actual) => Array.isArray(actual) && actual.length === texts.length && texts.every((text, i) => text === actual[i]);
  }
  const text = String(expected);
  return (actual) => actual !== undefined && (Array.isArray(actual) ? actual.includes(text) : text === actual);
}

/** Every named value matches; `lookup` reads a value by the name as given. */
function textsMatcher(expected: Readonly<Record<string, unknown>> | undefined, caseless = false): ((lookup: (name: string) => string | string[] | undefined) => boolean) | undefined {
  if (!expected) return undefined;
  const entries = Object.keys(expected).map((name) => [caseless ? name.toLowerCase() : name, textMatcher(expected[name])] as const);
  return (lookup) => entries.every(([name, matches]) => matches(lookup(name)));
}

export function requestMatcher(match: OverrideMatch | undefined): RequestMatcher {
  if (!match) return () => true;
  const body = match.body !== undefined ? bodyMatcher(match.body) : undefined;
  const query = textsMatcher(match.query);
  const path = textsMatcher(match.path);
  const headers = textsMatcher(match.headers, true);
  return (request, pathParams) =>
    (!body || body(request.body)) &&
    (!query || query((name) => request.query[name])) &&
    (!path || path((name) => pathParams[name])) &&
    (!headers || headers((name) => request.headers[name]));
}
