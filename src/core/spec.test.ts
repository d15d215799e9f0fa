import { describe, expect, it } from 'vitest';
import spec from '../../generated/bank131.spec.js';
import { type OpenApiDocument, findOperationById, getByPointer, listOperations, resolveLocal } from './spec.js';

const document: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/main/clients/init': { get: { operationId: 'init' } },
    '/main/clients/{id}': { get: { operationId: 'get' }, parameters: [] },
    '/a~b/{x}': { post: { operationId: 'odd' } },
  },
  components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { type: 'string' }, Loop: { $ref: '#/components/schemas/Loop' } } },
};

describe('spec lookups', () => {
  it('lists operations in document order', () => {
    expect(listOperations(document).map((o) => o.operationId)).toEqual(['init', 'get', 'odd']);
    expect(listOperations(document)[2]!.pointer).toBe('/paths/~1a~0b~1{x}/post');
  });
  it('follows local refs and refuses loops', () => {
    expect(resolveLocal(document, { $ref: '#/components/schemas/A' }, '')).toEqual({ node: { type: 'string' }, pointer: '/components/schemas/B' });
    expect(() => resolveLocal(document, { $ref: '#/components/schemas/Loop' }, '')).toThrow(/Circular/);
    expect(() => resolveLocal(document, { $ref: 'other.yaml#/x' }, '/p')).toThrow(/Only local/);
    expect(getByPointer(document, '/paths/~1main~1clients~1init/get/operationId')).toBe('init');
  });
});

describe('a bundled spec', () => {
  it('lists every operation the generated table has, and finds one by id', () => {
    const ids = listOperations(spec).map((o) => o.operationId);
    expect(ids).toEqual(expect.arrayContaining(['createCheck', 'getCheck', 'getCheckByPost', 'createCheckV2', 'getCheckV2']));
    expect(findOperationById(spec, 'getCheck')).toMatchObject({ path: '/api/v1.1/check/{id}', method: 'get' });
    expect(findOperationById(spec, 'nope')).toBeUndefined();
  });
});
