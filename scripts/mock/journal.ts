/**
 * The request journal: what the mock received, oldest first, masked when written (./mask.ts), in a ring buffer of
 * `capacity` entries (default 10 000; 0 keeps none, as WireMock's --no-request-journal). When full, the oldest entry is
 * dropped and counted per API, and the listing says how many were dropped. Control requests are never journaled.
 */
import type { FaultKind } from './overrides/model.js';
import type { AnsweredBy, Violation } from './types.js';

export const DEFAULT_JOURNAL_CAPACITY = 10_000;

export interface JournalEntry {
  readonly id: number;
  readonly api: string;
  /** The operation Prism routed to; null when no route matched. */
  readonly operationId: string | null;
  /** Upper case (`POST`). */
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly body: unknown;
  /** Credential headers masked. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The status answered, unless a fault was committed or the client went away first. */
  readonly status?: number;
  readonly fault?: FaultKind;
  /** The request passed Prism's validation (security included). */
  readonly valid: boolean;
  /** Prism's request violations (errors and warnings). */
  readonly violations: readonly Violation[];
  readonly answeredBy: AnsweredBy;
  readonly overrideId?: string;
  /** When it arrived, ISO 8601. */
  readonly at: string;
}

export type JournalRecord = Omit<JournalEntry, 'id' | 'at'> & { readonly at: number };

export interface JournalFilter {
  readonly apis?: readonly string[];
  readonly api?: string;
  readonly operationId?: string;
}

export interface JournalPage {
  readonly requests: JournalEntry[];
  /** Entries of these APIs dropped because the journal was full. */
  readonly dropped: number;
}

export interface Journal {
  record(entry: JournalRecord): void;
  list(filter?: JournalFilter): JournalPage;
  /** Forgets the entries (and dropped counts) of these APIs, or all. */
  clear(apis?: readonly string[]): void;
  readonly size: number;
}

export function createJournal(capacity = DEFAULT_JOURNAL_CAPACITY): Journal {
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`journal capacity must be a whole number ≥ 0, got ${capacity}`);
  let ring: Array<(JournalRecord & { id: number }) | undefined> = new Array(capacity);
  let start = 0;
  let count = 0;
  let nextId = 1;
  const dropped = new Map<string, number>();

  const at = (i: number) => ring[(start + i) % capacity]!;

  return {
    record(entry) {
      if (capacity === 0) return;
      const stored = { id: nextId++, ...entry };
      if (count < capacity) {
        ring[(start + count) % capacity] = stored;
        count++;
      } else {
        const oldest = ring[start]!;
        dropped.set(oldest.api, (dropped.get(oldest.api) ?? 0) + 1);
        ring[start] = stored;
        start = (start + 1) % capacity;
      }
    },
    list(filter = {}) {
      const requests: JournalEntry[] = [];
      for (let i = 0; i < count; i++) {
        const entry = at(i);
        if (filter.apis && !filter.apis.includes(entry.api)) continue;
        if (filter.api !== undefined && entry.api !== filter.api) continue;
        if (filter.operationId !== undefined && entry.operationId !== filter.operationId) continue;
        requests.push({ ...entry, at: new Date(entry.at).toISOString() });
      }
      let lost = 0;
      for (const [api, n] of dropped) if ((!filter.apis || filter.apis.includes(api)) && (filter.api === undefined || filter.api === api)) lost += n;
      return { requests, dropped: lost };
    },
    clear(apis) {
      if (!apis) {
        ring = new Array(capacity);
        start = 0;
        count = 0;
        dropped.clear();
        return;
      }
      const kept: Array<JournalRecord & { id: number }> = [];
      for (let i = 0; i < count; i++) if (!apis.includes(at(i).api)) kept.push(at(i));
      ring = new Array(capacity);
      kept.forEach((entry, i) => (ring[i] = entry));
      start = 0;
      count = kept.length;
      for (const api of apis) dropped.delete(api);
    },
    get size() {
      return count;
    },
  };
}
