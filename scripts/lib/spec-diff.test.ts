import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/core/spec.js';
import { diffSpecs } from './spec-diff.js';

/** A small document: POST /things (request body Thing, response 200 Thing) and GET /things/{id}. */
function doc(edit: (d: any) => void = () => {}): OpenApiDocument {
  const d: any = {
    openapi: '3.1.0',
    paths: {
      '/things': {
        post: {
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, '404': { description: 'nf' } },
        },
      },
      '/things/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { parameters: [{ name: 'verbose', in: 'query', schema: { type: 'boolean' } }], responses: { '200': { description: 'ok' } } },
      },
    },
    webhooks: { THING_CHANGED: { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, responses: { '200': { description: 'ok' } } } } },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 50 },
            kind: { type: 'string', enum: ['a', 'b'] },
            note: { type: ['string', 'null'] },
            tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' } } } },
            child: { $ref: '#/components/schemas/Thing' },
            shape: { oneOf: [{ type: 'object', properties: { r: { type: 'number' } } }, { type: 'object', properties: { w: { type: 'number' } } }] },
          },
        },
      },
    },
  };
  edit(d);
  return d as OpenApiDocument;
}
const thing = (d: any) => d.components.schemas.Thing;
const kinds = (before: OpenApiDocument, after: OpenApiDocument) => diffSpecs(before, after).map((c) => [c.kind, c.location]);

describe('diffSpecs', () => {
  it('finds nothing when nothing changed, even through a recursive schema', () => {
    expect(diffSpecs(doc(), doc())).toEqual([]);
  });

  it('treats additions as safe: a new optional field, operation, status or request enum value', () => {
    const after = doc((d) => {
      thing(d).properties.extra = { type: 'string' };
      thing(d).properties.kind.enum.push('c');
      d.paths['/things'].get = { responses: { '200': { description: 'ok' } } };
      d.paths['/things'].post.responses['409'] = { description: 'conflict' };
    });
    expect(diffSpecs(doc(), after)).toEqual([]);
  });

  it('reports a removed operation, webhook and response status', () => {
    const after = doc((d) => {
      delete d.paths['/things/{id}'];
      delete d.webhooks.THING_CHANGED;
      delete d.paths['/things'].post.responses['404'];
    });
    expect(kinds(doc(), after)).toEqual([
      ['response-status-removed', 'POST /things response 404'],
      ['operation-removed', 'GET /things/{id}'],
      ['operation-removed', 'WEBHOOK THING_CHANGED POST'],
    ]);
  });

  it('reports a removed field in requests and responses, nested and in array items', () => {
    const after = doc((d) => {
      delete thing(d).properties.tags.items.properties.label;
    });
    expect(kinds(doc(), after)).toEqual(
      expect.arrayContaining([
        ['field-removed', 'POST /things request body › tags[].label'],
        ['field-removed', 'POST /things response 200 › tags[].label'],
      ]),
    );
  });

  it('reports narrowed request types and widened response types', () => {
    const narrowed = diffSpecs(doc(), doc((d) => (thing(d).properties.note.type = 'string')));
    expect(narrowed.map((c) => [c.kind, c.location])).toContainEqual(['type-narrowed', 'POST /things request body › note']);
    expect(narrowed.some((c) => c.location.includes('response'))).toBe(false);
    const widened = diffSpecs(doc(), doc((d) => (thing(d).properties.name.type = ['string', 'integer'])));
    expect(widened.map((c) => [c.kind, c.location])).toContainEqual(['type-widened', 'POST /things response 200 › name']);
  });

  it('reports removed enum values on both sides', () => {
    const changes = diffSpecs(doc(), doc((d) => (thing(d).properties.kind.enum = ['a'])));
    expect(changes.filter((c) => c.kind === 'enum-value-removed').map((c) => c.detail)).toEqual(['removed "b"', 'removed "b"', 'removed "b"']);
  });

  it('reports newly required request fields, parameters and bodies', () => {
    const after = doc((d) => {
      thing(d).required.push('kind');
      d.paths['/things/{id}'].get.parameters[0].required = true;
      d.paths['/things'].post.requestBody.required = true;
    });
    expect(kinds(doc(), after)).toEqual(
      expect.arrayContaining([
        ['required-request-field-added', 'POST /things request body › kind'],
        ['required-parameter-added', 'GET /things/{id} parameter query:verbose'],
        ['request-body-required', 'POST /things request body'],
      ]),
    );
  });

  it('reports tightened request constraints but not response ones', () => {
    const changes = diffSpecs(doc(), doc((d) => {
      thing(d).properties.name.maxLength = 10;
      thing(d).properties.name.pattern = '^[a-z]+$';
      thing(d).additionalProperties = false;
    }));
    const request = changes.filter((c) => c.location.includes('request body') && c.kind === 'constraint-narrowed').map((c) => c.detail);
    expect(request).toEqual(expect.arrayContaining(['maxLength 50 → 10', 'pattern none → ^[a-z]+$', 'no longer accepts additional properties']));
    expect(changes.some((c) => c.location.includes('response') && c.kind === 'constraint-narrowed')).toBe(false);
  });

  it('reports a removed oneOf variant in a request, and changes inside variants', () => {
    const changes = kinds(doc(), doc((d) => thing(d).properties.shape.oneOf.pop()));
    expect(changes).toContainEqual(['variant-removed', 'POST /things request body › shape']);
    const inner = kinds(doc(), doc((d) => delete thing(d).properties.shape.oneOf[0].properties.r));
    expect(inner).toContainEqual(['field-removed', 'POST /things response 200 › shape (variant 1).r']);
  });
});
