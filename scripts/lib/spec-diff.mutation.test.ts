/** Each breaking-change rule of diffSpecs, named and pinned on its own (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/core/spec.js';
import { diffSpecs } from './spec-diff.js';

/** One operation, POST /x: `request` is its JSON request body schema, `response` its 200 JSON schema. */
function api(parts: { request?: unknown; response?: unknown; parameters?: unknown[]; pathParameters?: unknown[]; schemas?: Record<string, unknown>; extra?: (d: any) => void } = {}): OpenApiDocument {
  const d: any = {
    openapi: '3.1.0',
    paths: {
      '/x': {
        ...(parts.pathParameters ? { parameters: parts.pathParameters } : {}),
        post: {
          ...(parts.parameters ? { parameters: parts.parameters } : {}),
          ...(parts.request !== undefined ? { requestBody: { content: { 'application/json': { schema: parts.request } } } } : {}),
          responses: { '200': { description: 'ok', ...(parts.response !== undefined ? { content: { 'application/json': { schema: parts.response } } } : {}) } },
        },
      },
    },
    components: { schemas: parts.schemas ?? {} },
  };
  parts.extra?.(d);
  return d as OpenApiDocument;
}
const changes = (before: OpenApiDocument, after: OpenApiDocument) => diffSpecs(before, after).map((c) => `${c.kind} @ ${c.location}: ${c.detail}`);
const obj = (properties: Record<string, unknown>, rest: object = {}) => ({ type: 'object', properties, ...rest });

describe('diffSpecs: types', () => {
  it('reports a request type narrowed, and says what is no longer accepted', () => {
    expect(changes(api({ request: { type: ['string', 'number'] } }), api({ request: { type: 'string' } }))).toEqual(['type-narrowed @ POST /x request body: no longer accepts number']);
  });

  it('reports a type lost even when number stays, and integer lost without number', () => {
    expect(changes(api({ request: { type: ['string', 'number'] } }), api({ request: { type: 'number' } }))).toEqual(['type-narrowed @ POST /x request body: no longer accepts string']);
    expect(changes(api({ request: { type: ['integer', 'string'] } }), api({ request: { type: 'string' } }))).toEqual(['type-narrowed @ POST /x request body: no longer accepts integer']);
    expect(changes(api({ request: { type: ['string', 7] } }), api({ request: { type: ['string', 8] } }))).toEqual([]);
  });

  it('does not call integer → number a narrowing of a request, but number → integer is one', () => {
    expect(changes(api({ request: { type: 'integer' } }), api({ request: { type: 'number' } }))).toEqual([]);
    expect(changes(api({ request: { type: 'number' } }), api({ request: { type: 'integer' } }))).toEqual(['type-narrowed @ POST /x request body: no longer accepts number']);
  });

  it('reports a response type widened, but not number → integer or a narrowing', () => {
    expect(changes(api({ response: { type: 'string' } }), api({ response: { type: ['string', 'null'] } }))).toEqual(['type-widened @ POST /x response 200: may now be null']);
    expect(changes(api({ response: { type: 'integer' } }), api({ response: { type: 'number' } }))).toEqual(['type-widened @ POST /x response 200: may now be number']);
    expect(changes(api({ response: { type: 'number' } }), api({ response: { type: 'integer' } }))).toEqual([]);
    expect(changes(api({ response: { type: ['string', 'null'] } }), api({ response: { type: 'string' } }))).toEqual([]);
  });

  it('reports a request that had no type and now has one, but not a response', () => {
    expect(changes(api({ request: {} }), api({ request: { type: 'string' } }))).toEqual(['type-narrowed @ POST /x request body: now only string']);
    expect(changes(api({ response: {} }), api({ response: { type: 'string' } }))).toEqual([]);
    expect(changes(api({ request: { type: 'string' } }), api({ request: {} }))).toEqual([]);
  });
});

describe('diffSpecs: enums and constraints', () => {
  it('reports a request newly limited to an enum (or a const), but not a response', () => {
    expect(changes(api({ request: { type: 'string' } }), api({ request: { type: 'string', enum: ['a', 'b'] } }))).toEqual(['constraint-narrowed @ POST /x request body: now limited to "a", "b"']);
    expect(changes(api({ request: { type: 'string' } }), api({ request: { type: 'string', const: 'a' } }))).toEqual(['constraint-narrowed @ POST /x request body: now limited to "a"']);
    expect(changes(api({ response: { type: 'string' } }), api({ response: { type: 'string', enum: ['a'] } }))).toEqual([]);
  });

  it('reports an enum value (or const) removed, compared as JSON', () => {
    expect(changes(api({ response: { enum: [1, { a: 1 }] } }), api({ response: { enum: [{ a: 1 }] } }))).toEqual(['enum-value-removed @ POST /x response 200: removed 1']);
    expect(changes(api({ request: { const: 'a' } }), api({ request: { const: 'b' } }))).toEqual(['enum-value-removed @ POST /x request body: removed "a"']);
  });

  it('reports raised lower bounds and lowered upper bounds of a request, each by name', () => {
    const before = { type: 'string', minLength: 2, maxLength: 10, minimum: 1, maximum: 9, exclusiveMinimum: 0, exclusiveMaximum: 10, minItems: 1, maxItems: 5, minProperties: 1, maxProperties: 5 };
    const after = { type: 'string', minLength: 3, maxLength: 9, minimum: 2, maximum: 8, exclusiveMinimum: 1, exclusiveMaximum: 9, minItems: 2, maxItems: 4, minProperties: 2, maxProperties: 4 };
    expect(changes(api({ request: before }), api({ request: after }))).toEqual([
      'constraint-narrowed @ POST /x request body: minLength 2 → 3',
      'constraint-narrowed @ POST /x request body: minimum 1 → 2',
      'constraint-narrowed @ POST /x request body: exclusiveMinimum 0 → 1',
      'constraint-narrowed @ POST /x request body: minItems 1 → 2',
      'constraint-narrowed @ POST /x request body: minProperties 1 → 2',
      'constraint-narrowed @ POST /x request body: maxLength 10 → 9',
      'constraint-narrowed @ POST /x request body: maximum 9 → 8',
      'constraint-narrowed @ POST /x request body: exclusiveMaximum 10 → 9',
      'constraint-narrowed @ POST /x request body: maxItems 5 → 4',
      'constraint-narrowed @ POST /x request body: maxProperties 5 → 4',
    ]);
    expect(changes(api({ request: after }), api({ request: before }))).toEqual([]);
    expect(changes(api({ request: before }), api({ request: before }))).toEqual([]);
  });

  it('reports a bound, pattern or format that a request did not have before', () => {
    expect(changes(api({ request: { type: 'string' } }), api({ request: { type: 'string', minLength: 1, maxLength: 5, pattern: '^a', format: 'email' } }))).toEqual([
      'constraint-narrowed @ POST /x request body: minLength none → 1',
      'constraint-narrowed @ POST /x request body: maxLength none → 5',
      'constraint-narrowed @ POST /x request body: pattern none → ^a',
      'constraint-narrowed @ POST /x request body: format none → email',
    ]);
    expect(changes(api({ request: { type: 'string', format: 'uuid', pattern: '^a' } }), api({ request: { type: 'string', format: 'email', pattern: '^b' } }))).toEqual([
      'constraint-narrowed @ POST /x request body: pattern ^a → ^b',
      'constraint-narrowed @ POST /x request body: format uuid → email',
    ]);
    expect(changes(api({ request: { type: 'string', format: 'uuid', pattern: '^a' } }), api({ request: { type: 'string' } }))).toEqual([]);
  });

  it('does not report a closed object that was already closed', () => {
    const closed = obj({ a: { type: 'string' } }, { additionalProperties: false });
    expect(changes(api({ request: closed }), api({ request: closed }))).toEqual([]);
    expect(changes(api({ request: obj({}, { additionalProperties: true }) }), api({ request: obj({}, { additionalProperties: false }) }))).toEqual([
      'constraint-narrowed @ POST /x request body: no longer accepts additional properties',
    ]);
  });
});

describe('diffSpecs: what is not a rule', () => {
  it('ignores bounds, patterns, formats and required names of the wrong type', () => {
    expect(changes(api({ request: { type: 'object' } }), api({ request: { type: 'object', minLength: '3', maxItems: '1', pattern: 5, format: 7, required: [5] } }))).toEqual([]);
  });

  it('compares nothing where a side has no schema', () => {
    const noSchema = (d: any) => (d.paths['/x'].post.requestBody.content['application/json'] = {});
    expect(changes(api({ request: {}, extra: noSchema }), api({ request: { type: 'string' } }))).toEqual([]);
    expect(changes(api({ request: { type: 'string' } }), api({ request: {}, extra: noSchema }))).toEqual([]);
  });

  it('stops flattening an allOf that refers to itself', () => {
    const schemas = { Loop: { allOf: [{ $ref: '#/components/schemas/Loop' }], type: 'string' } };
    expect(changes(api({ request: { $ref: '#/components/schemas/Loop' }, schemas }), api({ request: { $ref: '#/components/schemas/Loop' }, schemas }))).toEqual([]);
  });
});

describe('diffSpecs: rules inherited through allOf', () => {
  const all = (schema: object) => ({ allOf: [schema] });
  it('takes types, variants, closedness, patterns and formats from allOf branches', () => {
    expect(changes(api({ request: all({ type: ['string', 'null'] }) }), api({ request: all({ type: 'string' }) }))).toEqual(['type-narrowed @ POST /x request body: no longer accepts null']);
    expect(changes(api({ request: all({ oneOf: [{ type: 'string' }, { type: 'number' }] }) }), api({ request: all({ oneOf: [{ type: 'string' }] }) }))).toEqual(['variant-removed @ POST /x request body: 2 variants → 1']);
    expect(changes(api({ request: all({ additionalProperties: true }) }), api({ request: all({ additionalProperties: false }) }))).toEqual(['constraint-narrowed @ POST /x request body: no longer accepts additional properties']);
    expect(changes(api({ request: all({ pattern: '^a', format: 'uuid' }) }), api({ request: all({ pattern: '^a', format: 'uuid' }) }))).toEqual([]);
  });

  it("keeps a schema's own property over an allOf branch's property of the same name", () => {
    const schema = (maxLength: number) => obj({ a: { type: 'string', maxLength } }, { allOf: [obj({ a: {} })] });
    expect(changes(api({ request: schema(9) }), api({ request: schema(5) }))).toEqual(['constraint-narrowed @ POST /x request body › a: maxLength 9 → 5']);
  });
});

describe('diffSpecs: fields, items and variants', () => {
  it('names nested fields with dots after the first ›, and array items with []', () => {
    const before = obj({ a: obj({ b: { type: 'string' }, list: { type: 'array', items: obj({ c: { type: 'string' } }) } }) });
    const after = obj({ a: obj({ list: { type: 'array', items: obj({}) } }) });
    expect(changes(api({ response: before }), api({ response: after }))).toEqual([
      'field-removed @ POST /x response 200 › a.b: the field is gone',
      'field-removed @ POST /x response 200 › a.list[].c: the field is gone',
    ]);
  });

  it('reports a newly required request field, not a response one', () => {
    const before = obj({ a: { type: 'string' } });
    const after = obj({ a: { type: 'string' } }, { required: ['a'] });
    expect(changes(api({ request: before }), api({ request: after }))).toEqual(['required-request-field-added @ POST /x request body › a: newly required']);
    expect(changes(api({ response: before }), api({ response: after }))).toEqual([]);
    expect(changes(api({ request: after }), api({ request: after }))).toEqual([]);
  });

  it('merges allOf branches: their properties, required names and rules count', () => {
    const before = { allOf: [obj({ a: { type: 'string' } }), obj({ b: { type: 'string', maxLength: 9 } })] };
    const after = { allOf: [obj({ a: { type: 'string' } }, { required: ['a'] }), obj({ b: { type: 'string', maxLength: 5 } })] };
    expect(changes(api({ request: before }), api({ request: after }))).toEqual([
      'required-request-field-added @ POST /x request body › a: newly required',
      'constraint-narrowed @ POST /x request body › b: maxLength 9 → 5',
    ]);
    const typed = { allOf: [{ type: 'string', enum: ['a', 'b'], minLength: 1, pattern: '^.', format: 'email' }] };
    const narrowed = { allOf: [{ type: 'string', enum: ['a'], minLength: 1, pattern: '^.', format: 'email' }] };
    expect(changes(api({ request: typed }), api({ request: narrowed }))).toEqual(['enum-value-removed @ POST /x request body: removed "b"']);
    expect(changes(api({ request: typed }), api({ request: typed }))).toEqual([]);
    const items = { allOf: [{ type: 'array', items: obj({ z: { type: 'string' } }) }] };
    expect(changes(api({ response: items }), api({ response: { allOf: [{ type: 'array', items: obj({}) }] } }))).toEqual(['field-removed @ POST /x response 200[] › z: the field is gone']);
    const closed = { allOf: [obj({}, { additionalProperties: false })] };
    expect(changes(api({ request: closed }), api({ request: closed }))).toEqual([]);
  });

  it('keeps the schema\'s own rules over those of its allOf branches', () => {
    const own = { type: 'string', maxLength: 5, allOf: [{ type: 'number', maxLength: 50 }] };
    expect(changes(api({ request: own }), api({ request: own }))).toEqual([]);
    expect(changes(api({ request: { ...own, maxLength: 9 } }), api({ request: own }))).toEqual(['constraint-narrowed @ POST /x request body: maxLength 9 → 5']);
  });

  it('reports removed anyOf variants of a request, not of a response, and compares the variants left by position', () => {
    const before = { anyOf: [obj({ r: { type: 'number' } }), { type: 'string' }] };
    const after = { anyOf: [obj({})] };
    expect(changes(api({ request: before }), api({ request: after }))).toEqual([
      'variant-removed @ POST /x request body: 2 variants → 1',
      'field-removed @ POST /x request body (variant 1) › r: the field is gone',
    ]);
    expect(changes(api({ response: before }), api({ response: after }))).toEqual(['field-removed @ POST /x response 200 (variant 1) › r: the field is gone']);
    expect(changes(api({ request: { oneOf: [obj({ r: {} })] } }), api({ request: { oneOf: [obj({}), obj({ s: {} })] } }))).toEqual(['field-removed @ POST /x request body (variant 1) › r: the field is gone']);
    expect(changes(api({ request: { oneOf: [obj({ r: {} })] } }), api({ request: {} }))).toEqual([]);
  });

  it('compares array items only where both sides have them', () => {
    expect(changes(api({ request: { type: 'array', items: obj({ a: {} }) } }), api({ request: { type: 'array' } }))).toEqual([]);
    expect(changes(api({ request: { type: 'array' } }), api({ request: { type: 'array', items: { type: 'string' } } }))).toEqual([]);
  });

  it('tells inline schemas apart when it guards against loops', () => {
    const shared = obj({ a: { type: 'string' } });
    const before = obj({ one: shared, two: obj({ a: { type: 'string' } }) });
    const after = obj({ one: shared, two: obj({}) });
    expect(changes(api({ request: before }), api({ request: after }))).toEqual(['field-removed @ POST /x request body › two.a: the field is gone']);
    const values = obj({ x: { items: 1 }, y: { items: 1 } });
    expect(changes(api({ response: { type: 'array', items: values } }), api({ response: { type: 'array', items: obj({ x: { items: 1 } }) } }))).toEqual(['field-removed @ POST /x response 200[] › y: the field is gone']);
  });

  it('follows $refs on both sides, and stops at a schema that refers to itself', () => {
    const node = obj({ name: { type: 'string' }, next: { $ref: '#/components/schemas/Node' } });
    const schemas = { Node: node };
    const before = api({ request: { $ref: '#/components/schemas/Node' }, schemas });
    expect(changes(before, api({ request: { $ref: '#/components/schemas/Node' }, schemas }))).toEqual([]);
    const after = api({ request: { $ref: '#/components/schemas/Node' }, schemas: { Node: obj({ next: { $ref: '#/components/schemas/Node' } }) } });
    expect(changes(before, after)).toEqual(['field-removed @ POST /x request body › name: the field is gone']);
  });
});

describe('diffSpecs: operations, parameters, bodies, statuses', () => {
  it('reports a removed or narrowed parameter, from the path item or the operation', () => {
    const verbose = { name: 'verbose', in: 'query', schema: { type: ['boolean', 'string'] } };
    const id = { name: 'id', in: 'header', schema: { type: 'string' } };
    expect(changes(api({ parameters: [verbose], pathParameters: [id] }), api({ parameters: [{ ...verbose, schema: { type: 'boolean' } }] }))).toEqual([
      'parameter-removed @ POST /x parameter header:id: the parameter is gone',
      'type-narrowed @ POST /x parameter query:verbose: no longer accepts string',
    ]);
  });

  it('tells a new required parameter from one that became required', () => {
    const optional = { name: 'a', in: 'query', schema: { type: 'string' } };
    const required = { ...optional, required: true };
    const extra = { name: 'b', in: 'query', required: true, schema: { type: 'string' } };
    expect(changes(api({ parameters: [optional] }), api({ parameters: [required, extra] }))).toEqual([
      'required-parameter-added @ POST /x parameter query:a: the parameter became required',
      'required-parameter-added @ POST /x parameter query:b: a new required parameter',
    ]);
    expect(changes(api({ parameters: [required] }), api({ parameters: [required] }))).toEqual([]);
  });

  it('ignores parameters without a name or a location', () => {
    expect(changes(api({ parameters: [{ name: 'a' }, { in: 'query' }] }), api({}))).toEqual([]);
  });

  it('reports a request body that became required, not one that already was', () => {
    const required = (d: any) => (d.paths['/x'].post.requestBody.required = true);
    expect(changes(api({ request: {} }), api({ request: {}, extra: required }))).toEqual(['request-body-required @ POST /x request body: the request body became required']);
    expect(changes(api({ request: {}, extra: required }), api({ request: {}, extra: required }))).toEqual([]);
  });

  it('reports a removed media type of a response, and of a request body that still has content', () => {
    const both = (d: any) => {
      d.paths['/x'].post.requestBody.content['text/plain'] = { schema: { type: 'string' } };
      d.paths['/x'].post.responses['200'].content['text/plain'] = { schema: { type: 'string' } };
    };
    expect(changes(api({ request: {}, response: {}, extra: both }), api({ request: {}, response: {} }))).toEqual([
      'media-type-removed @ POST /x request body text/plain: text/plain is no longer documented',
      'media-type-removed @ POST /x response 200 text/plain: text/plain is no longer documented',
    ]);
    // A request body taken away altogether accepts anything: no media type is reported for it.
    expect(changes(api({ request: {} }), api({}))).toEqual([]);
  });

  it('reports a removed status and a removed operation', () => {
    const extra404 = (d: any) => (d.paths['/x'].post.responses['404'] = { description: 'nf' });
    expect(changes(api({ extra: extra404 }), api({}))).toEqual(['response-status-removed @ POST /x response 404: status 404 is no longer documented']);
    expect(changes(api({}), api({ extra: (d) => (d.paths = {}) }))).toEqual(['operation-removed @ POST /x: POST /x is gone']);
  });

  it('compares webhooks by name and method, and only their HTTP methods', () => {
    const hooks = (d: any) => (d.webhooks = { CHANGED: { summary: 's', 'x-note': { responses: {} }, trace: { responses: {} }, put: { responses: { '200': { description: 'ok' } } }, patch: { responses: {} } } });
    expect(changes(api({ extra: hooks }), api({}))).toEqual(['operation-removed @ WEBHOOK CHANGED PUT: WEBHOOK CHANGED PUT is gone', 'operation-removed @ WEBHOOK CHANGED PATCH: WEBHOOK CHANGED PATCH is gone']);
    const refd = (d: any) => {
      d.components.pathItems = { Hook: { get: { responses: {} }, delete: { responses: {} } } };
      d.webhooks = { H: { $ref: '#/components/pathItems/Hook' } };
    };
    expect(changes(api({ extra: refd }), api({}))).toEqual(['operation-removed @ WEBHOOK H GET: WEBHOOK H GET is gone', 'operation-removed @ WEBHOOK H DELETE: WEBHOOK H DELETE is gone']);
  });
});
