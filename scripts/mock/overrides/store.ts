/**
 * The registered overrides, indexed by api and operationId, newest first. `take` finds the newest one that fits a
 * request and counts one use of it (dropping it when its `times` are spent) in one synchronous step, so concurrent
 * requests never share the last use. An API with no overrides costs one map lookup per request.
 */
import { randomUUID } from 'node:crypto';
import type { MockRequest, TakenOverride } from '../types.js';
import type { Routed } from './match.js';
import { type RequestMatcher, requestMatcher } from './match.js';
import type { Override, OverrideInput, ResolvedAnswer } from './model.js';

interface Stored {
  readonly input: OverrideInput;
  readonly id: string;
  readonly answer: ResolvedAnswer;
  readonly matches: RequestMatcher;
  /** Registration order, for listing newest first across operations. */
  readonly seq: number;
  used: number;
  remaining: number | null;
}

export interface OverrideStore {
  /** Registers a checked override (../control does the checking) and returns it as listed. */
  add(input: OverrideInput, answer: ResolvedAnswer): Override;
  /** Newest first, optionally of some APIs only. */
  list(apis?: readonly string[]): Override[];
  /** The api of the override with this id, if registered. */
  apiOf(id: string): string | undefined;
  remove(id: string): boolean;
  /** Removes every override of these APIs (all when omitted). */
  clear(apis?: readonly string[]): void;
  /** The override that answers this request, if any, counting one use. `route` is called only when needed. */
  take(request: MockRequest, route: (method: string, path: string) => Routed | undefined): TakenOverride | undefined;
}

export function createOverrideStore(): OverrideStore {
  /** api → operationId → overrides, newest first. */
  const index = new Map<string, Map<string, Stored[]>>();
  const byId = new Map<string, Stored>();
  let seq = 0;

  const view = (stored: Stored): Override => ({ ...stored.input, id: stored.id, used: stored.used, remaining: stored.remaining });

  function remove(id: string): boolean {
    const stored = byId.get(id);
    if (!stored) return false;
    byId.delete(id);
    const operations = index.get(stored.input.api)!;
    const list = operations.get(stored.input.operationId)!;
    list.splice(list.indexOf(stored), 1);
    if (list.length === 0) operations.delete(stored.input.operationId);
    if (operations.size === 0) index.delete(stored.input.api);
    return true;
  }

  return {
    add(input, answer) {
      const stored: Stored = { input, id: randomUUID(), answer, matches: requestMatcher(input.match), seq: seq++, used: 0, remaining: input.times ?? null };
      let operations = index.get(input.api);
      if (!operations) index.set(input.api, (operations = new Map()));
      let list = operations.get(input.operationId);
      if (!list) operations.set(input.operationId, (list = []));
      list.unshift(stored);
      byId.set(stored.id, stored);
      return view(stored);
    },
    list(apis) {
      return [...byId.values()].filter((s) => !apis || apis.includes(s.input.api)).sort((a, b) => b.seq - a.seq).map(view);
    },
    apiOf: (id) => byId.get(id)?.input.api,
    remove,
    clear(apis) {
      for (const stored of [...byId.values()]) if (!apis || apis.includes(stored.input.api)) remove(stored.id);
    },
    take(request, route) {
      const operations = index.get(request.api);
      if (!operations) return undefined;
      const routed = route(request.method, request.path);
      const list = routed && operations.get(routed.operationId);
      if (!list) return undefined;
      for (const stored of list) {
        if (!stored.matches(request, routed.pathParams)) continue;
        stored.used++;
        if (stored.remaining !== null && --stored.remaining === 0) remove(stored.id);
        return { id: stored.id, answer: stored.answer, delayMs: stored.input.delayMs };
      }
      return undefined;
    },
  };
}
