/** Walking a spec document, each rule named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { type OpenApiDocument, getByPointer, listOperations, resolveLocal } from './spec.js';

describe('getByPointer', () => {
  const doc = { a: { b: 'abc', 'x/y': 1, 'p~q': 2 }, list: [10, 20] };
  it('is the whole document for "" and "/"', () => {
    expect(getByPointer(doc, '')).toBe(doc);
    expect(getByPointer(doc, '/')).toBe(doc);
  });

  it('reads escaped and unescaped tokens, array indexes, and a pointer without its leading slash', () => {
    expect(getByPointer(doc, '/a/x~1y')).toBe(1);
    expect(getByPointer(doc, '/a/p~0q')).toBe(2);
    expect(getByPointer(doc, '/list/1')).toBe(20);
    expect(getByPointer(doc, 'a/b')).toBe('abc');
  });

  it('does not step into strings', () => {
    expect(getByPointer(doc, '/a/b/length')).toBeUndefined();
  });
});

describe('resolveLocal', () => {
  it('refuses a $ref to nothing, naming it', () => {
    expect(() => resolveLocal({}, { $ref: '#/components/schemas/Gone' }, '/x')).toThrow('Unresolvable $ref "#/components/schemas/Gone".');
  });
});

describe('listOperations', () => {
  it('skips path items that are no objects and reads only string operationIds', () => {
    const doc = { openapi: '3.1.0', paths: { '/none': null, '/x': { get: { operationId: 7 }, post: { operationId: 'make' } } } } as unknown as OpenApiDocument;
    expect(listOperations(doc).map((o) => [o.method, o.operationId])).toEqual([['get', undefined], ['post', 'make']]);
  });
});
