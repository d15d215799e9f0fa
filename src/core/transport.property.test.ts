import fc from 'fast-check';
import { defaultPathSerializer } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { prepareRequest } from './transport.js';

// The same serializer under another identity: prepareRequest then takes its general path (createFinalURL + checks).
const general: typeof defaultPathSerializer = (pathname, params) => defaultPathSerializer(pathname, params);

function outcome(serializer: typeof defaultPathSerializer, baseUrl: string, path: string, params: { path?: Record<string, unknown>; query?: Record<string, unknown> }) {
  try {
    return { url: prepareRequest(baseUrl, { method: 'get', path, params, headers: new Headers() }, serializer).url };
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

const value = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', '.', '..', '%2e', '%2E%2e', '/', 'a/b', '?', '#', 'ж', 'a b', '$&', '$1', 'x%'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);
const template = fc.constantFrom('/check/{id}', '/a/{id}/b/{other}', '/{id}', '/a/{id}/{id}', '/x/{.id}', '/x/{;id}', '/x/{id*}', '/plain', '/a/{id}.json');

describe('prepareRequest', () => {
  it('builds the URL of the usual call (simple placeholders, primitive values) exactly as the general path does, and refuses alike', () => {
    fc.assert(
      fc.property(
        template,
        fc.record({ id: value, other: value }, { requiredKeys: [] }),
        fc.option(fc.dictionary(fc.constantFrom('page', 'q', 'per_page'), fc.oneof(fc.string({ maxLength: 4 }), fc.integer())), { nil: undefined }),
        fc.constantFrom('http://127.0.0.1:4010', 'https://vendor.example/api/v2'),
        (path, pathParams, query, baseUrl) => {
          const params = { path: pathParams, ...(query ? { query } : {}) };
          expect(outcome(defaultPathSerializer, baseUrl, path, params)).toEqual(outcome(general, baseUrl, path, params));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
