import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTarget } from './receive.js';

/** What prism-http-server reads from a request target. */
const byUrl = (target: string) => read(() => new URL(target, 'http://example.com'));
const bySplit = (target: string) => read(() => splitTarget(target));
function read(parse: () => { pathname: string; searchParams: URLSearchParams }) {
  try {
    const { pathname, searchParams } = parse();
    return { pathname, query: [...searchParams] };
  } catch (error) {
    // A target the URL parser refuses (`//`: a host that is empty) is refused alike.
    return { refused: (error as Error).name };
  }
}

// Pieces that matter to the URL parser: dot segments (plain and encoded), doubled and back slashes, the query and
// fragment marks, characters it percent-encodes, non-ASCII, and plain path text.
const piece = fc.constantFrom('/', '//', '.', '..', '%2e', '%2E', '%2e%2E', '\\', '?', '#', '&', '=', ' ', '"', "'", '<', '>', '`', '{', '|', '%', '%41', '%zz', 'é', 'ж', '\t', 'api', 'v1.1', 'check', '42', '+', ';', ':', '@', '~');
const target = fc.array(piece, { maxLength: 14 }).map((parts) => `/${parts.join('')}`);

describe('splitTarget', () => {
  it('reads every request target exactly as the URL parser does', () => {
    fc.assert(
      fc.property(target, (t) => {
        expect([t, bySplit(t)]).toEqual([t, byUrl(t)]);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the usual targets without the URL parser, and the unusual ones as it does', () => {
    for (const t of ['/api/v1.1/check/1', '/api/v1/backend/erd/retrieve/', '/applicants?page=2&per_page=10', '/a/../b', '/a/%2e%2E/b', '//evil/x', '/a b?q=1 2', '/x?a=1#frag', '/ж?q=é', '/x?q="a"']) {
      expect([t, bySplit(t)]).toEqual([t, byUrl(t)]);
    }
  });
});
