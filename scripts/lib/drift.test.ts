/** Drift's schema walk on unions, each with a tiny spec. */
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/core/spec.js';
import { SpecValidator } from '../../src/core/validation.js';
import { undocumentedFields } from './drift.js';

function walk(schema: object, value: unknown): string[] {
  const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Body: schema } } } as unknown as OpenApiDocument;
  return undocumentedFields(new SpecValidator(document, 'tiny.json'), '/components/schemas/Body', value);
}

describe('undocumented fields under a union', () => {
  it('picks the branch that fits a whole array, then walks its items', () => {
    const schema = {
      type: 'object',
      properties: {
        choice: { oneOf: [{ type: 'array', items: { type: 'object', properties: { c: { type: 'string' } } } }, { type: 'string' }] },
      },
    };
    expect(walk(schema, { choice: [{ c: 'x', d: 'y' }] })).toEqual(['choice[].d']);
  });

  it('counts the properties of every anyOf branch that fits', () => {
    const schema = {
      type: 'object',
      properties: {
        any: { anyOf: [{ type: 'object', required: ['p'], properties: { p: { type: 'string' } } }, { type: 'object', properties: { q: { type: 'string' } } }] },
      },
    };
    expect(walk(schema, { any: { p: 'y', q: 'x' } })).toEqual([]);
    expect(walk(schema, { any: { p: 'y', r: 'x' } })).toEqual(['any.r']);
  });
});
