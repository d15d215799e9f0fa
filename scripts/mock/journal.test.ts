import { describe, expect, it } from 'vitest';
import { type JournalRecord, createJournal } from './journal.js';

const entry = (api: string, n: number): JournalRecord => ({
  api, operationId: n % 2 ? 'odd' : 'even', method: 'GET', path: `/${n}`, query: {}, body: null, headers: {}, status: 200, valid: true, violations: [], answeredBy: 'prism', at: 0,
});

describe('the request journal', () => {
  it('keeps the newest `capacity` entries, oldest first, and counts what it dropped per API', () => {
    const journal = createJournal(3);
    for (let n = 1; n <= 5; n++) journal.record(entry(n === 1 ? 'kycaid' : 'erd', n));
    const page = journal.list();
    expect(page.requests.map((e) => e.path)).toEqual(['/3', '/4', '/5']);
    expect(page.requests.map((e) => e.id)).toEqual([3, 4, 5]);
    expect(page.dropped).toBe(2);
    expect(journal.list({ api: 'kycaid' }).dropped).toBe(1);
    expect(journal.list({ operationId: 'odd' }).requests.map((e) => e.path)).toEqual(['/3', '/5']);
    expect(page.requests[0]!.at).toBe('1970-01-01T00:00:00.000Z');
  });

  it('clears one API or all', () => {
    const journal = createJournal(10);
    for (let n = 1; n <= 4; n++) journal.record(entry(n % 2 ? 'erd' : 'kycaid', n));
    journal.clear(['erd']);
    expect(journal.list().requests.map((e) => e.path)).toEqual(['/2', '/4']);
    journal.record(entry('erd', 5));
    expect(journal.list().requests.map((e) => e.path)).toEqual(['/2', '/4', '/5']);
    journal.clear();
    expect(journal.size).toBe(0);
    expect(() => createJournal(-1)).toThrow(/capacity/);
    const none = createJournal(0);
    none.record(entry('erd', 1));
    expect(none.list()).toEqual({ requests: [], dropped: 0 });
  });
});
