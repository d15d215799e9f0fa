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

/**
 * `expected` is found in `actual`: objects by their given keys (extra keys in `actual` are fine), arrays element by
 * element with the same length, anything else equal.
 */
export function partialDeepMatch(expected: unknown, actual: unknown): boolean {
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    for (const key of Object.keys(expected)) if (!(key in actual) || !partialDeepMatch(expected[key], actual[key])) return false;
    return true;
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((value, i) => partialDeepMatch(value, actual[i]));
  }
  return Object.is(expected, actual);
}

/** A query, path or header value (always text on the wire) against an expected scalar or list. */
function textMatch(expected: unknown, actual: string | string[] | undefined): boolean {
  if (actual === undefined) return false;
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((value, i) => String(value) === actual[i]);
  return Array.isArray(actual) ? actual.includes(String(expected)) : String(expected) === actual;
}

function textsMatch(expected: Readonly<Record<string, unknown>> | undefined, actual: (name: string) => string | string[] | undefined): boolean {
  if (!expected) return true;
  for (const name of Object.keys(expected)) if (!textMatch(expected[name], actual(name))) return false;
  return true;
}

export function requestMatches(match: OverrideMatch | undefined, request: MockRequest, pathParams: Readonly<Record<string, string>>): boolean {
  if (!match) return true;
  if (match.body !== undefined && !partialDeepMatch(match.body, request.body)) return false;
  return (
    textsMatch(match.query, (name) => request.query[name]) &&
    textsMatch(match.path, (name) => pathParams[name]) &&
    textsMatch(match.headers, (name) => request.headers[name.toLowerCase()])
  );
}
