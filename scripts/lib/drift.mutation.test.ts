/** Each drift finding kind and each schema walk of driftForRecording, named and pinned (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/core/spec.js';
import { SpecValidator } from '../../src/core/validation.js';
import { driftForRecording, undocumentedFields } from './drift.js';
import type { Recording } from './recordings.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const document = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/items/{id}': {
      get: {
        operationId: 'getItem',
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: ref('Item') } } },
          '204': { description: 'none' },
          '206': { description: 'partial', content: { 'application/json': { schema: ref('Item') }, 'application/xml': { schema: { type: 'string' } } } },
          '4XX': { $ref: '#/components/responses/Problem' },
        },
      },
    },
    '/empty': { get: { operationId: 'getEmpty', responses: {} } },
    '/texts': { get: { operationId: 'getText', responses: { '200': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
  },
  components: {
    responses: { Problem: { description: 'problem', content: { 'application/json': { schema: { type: 'object', properties: { detail: { type: 'string' } } } } } } },
    schemas: {
      Item: {
        type: 'object',
        required: ['id'],
        properties: {
          id: { type: 'integer' },
          v2: { type: 'string' },
          '2v': { type: 'string' },
          kind: { type: 'string', enum: ['a', 'b'] },
          mode: { const: 'x' },
          email: { type: 'string', format: 'email' },
          name: { type: 'string', maxLength: 3 },
          tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' } } } },
          meta: { type: 'object', additionalProperties: { type: 'string' } },
          open: { type: 'object', additionalProperties: true },
          patterned: { type: 'object', patternProperties: { '^x': { type: 'string' } } },
          shape: { oneOf: [{ type: 'object', required: ['r'], properties: { r: { type: 'number' } } }, { type: 'object', required: ['w'], properties: { w: { type: 'number' } } }] },
          any: { anyOf: [{ type: 'object', required: ['p'], properties: { p: { type: 'string' } } }, { type: 'object', properties: { q: { type: 'string' } } }] },
          both: { allOf: [{ type: 'object', properties: { left: { type: 'string' } } }, ref('Right')] },
          variants: { type: 'array', items: { oneOf: [{ type: 'object', required: ['v'], properties: { v: { type: 'string' } } }, { type: 'object', required: ['u'], properties: { u: { type: 'string' } } }] } },
          nested: { type: 'array', items: { type: 'array', items: { type: 'object', properties: { deep: { type: 'string' } } } } },
          free: {},
          list: { type: 'array' },
        },
      },
      Right: { type: 'object', properties: { right: { type: 'string' } } },
    },
  },
} as unknown as OpenApiDocument;
const validator = new SpecValidator(document, 'drift-mutation.json');

const recording = (response: Recording['response'], operationId = 'getItem', reason?: string) => ({
  api: 'unit',
  file: 'unit/getItem.json',
  recording: {
    operationId,
    source: 'test',
    recordedAt: '2026-01-01T00:00:00Z',
    request: { method: 'GET', path: '/items/1' },
    response,
    ...(reason ? { knownDeviation: { reason } } : {}),
  } as Recording,
});
const json = { 'content-type': 'application/json' };
const drift = (body: unknown, status = 200, headers: Record<string, string> = json) => driftForRecording(recording({ status, headers, body }), validator);
const found = (body: unknown) => drift(body).map((f) => `${f.kind} ${f.field}`);

describe('driftForRecording: finding kinds', () => {
  it('finds nothing in a body that matches the spec', () => {
    expect(drift({ id: 1, kind: 'a', tags: [{ label: 'l' }], meta: { any: 'x' }, both: { left: 'l', right: 'r' } })).toEqual([]);
  });

  it('fills in api, file, operation, status and excuse on every finding', () => {
    const [finding] = driftForRecording(recording({ status: 200, headers: json, body: { id: 'one' } }, 'getItem', 'known'), validator);
    expect(finding).toEqual({
      api: 'unit', file: 'unit/getItem.json', operationId: 'getItem', operation: 'GET /items/{id}', status: 200,
      kind: 'type-mismatch', field: 'id', detail: 'must be integer', excusedBy: 'known',
    });
  });

  it('reports an operationId the spec does not have', () => {
    expect(driftForRecording(recording({ status: 200, headers: json, body: {} }, 'nope'), validator)).toEqual([
      expect.objectContaining({ kind: 'unknown-operation', operation: '?', field: '', detail: 'operationId nope is not in specs/unit' }),
    ]);
  });

  it('reports a status the spec does not declare, listing those it does', () => {
    expect(drift({}, 500)).toEqual([expect.objectContaining({ kind: 'undocumented-status', field: '', detail: 'status 500 is not declared (declared: 200, 204, 206, 4XX)' })]);
    expect(driftForRecording(recording({ status: 200, headers: json, body: {} }, 'getEmpty'), validator)).toEqual([
      expect.objectContaining({ kind: 'undocumented-status', field: '', detail: 'status 200 is not declared (declared: none)' }),
    ]);
    expect(drift({ detail: 'x' }, 404)).toEqual([]);
  });

  it('reports a content type the spec does not declare', () => {
    expect(drift('x', 200, { 'content-type': 'text/html' })).toEqual([
      expect.objectContaining({ kind: 'undocumented-media-type', field: '', detail: 'content type "text/html" is not declared (declared: application/json)' }),
    ]);
    expect(drift('x', 206, { 'content-type': 'text/html' })[0]!.detail).toBe('content type "text/html" is not declared (declared: application/json, application/xml)');
  });

  it('reports a JSON bodyText that does not parse, and reads one that does', () => {
    const unparseable = driftForRecording(recording({ status: 200, headers: json, bodyText: '{"id":' }), validator);
    expect(unparseable).toEqual([expect.objectContaining({ kind: 'unparseable-body', field: '' })]);
    expect(unparseable[0]!.detail).toMatch(/^the application\/json body is not valid JSON: /);
    expect(driftForRecording(recording({ status: 200, headers: json, bodyText: '{"id":1,"extra":2}' }), validator).map((f) => f.kind)).toEqual(['undocumented-field']);
    expect(driftForRecording(recording({ status: 200, headers: { 'content-type': 'text/plain' }, bodyText: 'hello' }, 'getText'), validator)).toEqual([]);
  });

  it('names each schema keyword by its own kind', () => {
    expect(found({})).toEqual(['missing-required-field id']);
    expect(found({ id: 'x' })).toEqual(['type-mismatch id']);
    expect(found({ id: 1, kind: 'c' })).toEqual(['enum-mismatch kind']);
    expect(found({ id: 1, mode: 'y' })).toEqual(['enum-mismatch mode']);
    expect(found({ id: 1, email: 'not-an-email' })).toEqual(['format-mismatch email']);
    expect(found({ id: 1, name: 'long' })).toEqual(['constraint-mismatch name']);
    expect(found({ id: 1, shape: {} })).toContain('no-matching-variant shape');
    expect(found({ id: 1, any: 5 })).toEqual(['type-mismatch any', 'no-matching-variant any']);
  });

  it('has nothing to say about a body where the spec documents none', () => {
    expect(drift({ anything: 1 }, 204)).toEqual([]);
  });

  it('brackets only array positions, not names with digits', () => {
    expect(found({ id: 1, v2: 5, '2v': 5 })).toEqual(['type-mismatch v2', 'type-mismatch 2v']);
    const tags = Array.from({ length: 11 }, () => ({ label: 'l' }) as { label: unknown });
    tags[10]!.label = 1;
    expect(found({ id: 1, tags })).toEqual(['type-mismatch tags[10].label']);
  });

  it('names array positions in brackets and reports each problem once', () => {
    expect(found({ id: 1, tags: [{ label: 1 }] })).toEqual(['type-mismatch tags[0].label']);
    const twice = drift({ id: 1, shape: { r: 'x' } });
    expect(new Set(twice.map((f) => `${f.kind}|${f.field}|${f.detail}`)).size).toBe(twice.length);
  });
});

describe('undocumented fields', () => {
  it('reports undeclared keys at any depth, in array items too', () => {
    expect(drift({ id: 1, extra: 1 })).toEqual([expect.objectContaining({ kind: 'undocumented-field', field: 'extra', detail: 'sent by the vendor, not in the spec' })]);
    expect(found({ id: 1, extra: 1, tags: [{ label: 'l', colour: 'c' }, { shade: 's' }] })).toEqual([
      'undocumented-field extra',
      'undocumented-field tags[].colour',
      'undocumented-field tags[].shade',
    ]);
  });

  it('reports a key once however many items send it', () => {
    expect(found({ id: 1, tags: [{ colour: 'c' }, { colour: 'd' }] })).toEqual(['undocumented-field tags[].colour']);
  });

  it('treats maps (additionalProperties or patternProperties) as declaring every key', () => {
    expect(found({ id: 1, meta: { a: 'x' }, open: { b: 1 }, patterned: { y: 'z' } })).toEqual([]);
  });

  it('counts the properties of every allOf branch, through $refs', () => {
    expect(found({ id: 1, both: { left: 'l', right: 'r', middle: 'm' } })).toEqual(['undocumented-field both.middle']);
  });

  it('takes the properties of the oneOf / anyOf branch that validates, or of all when none does', () => {
    expect(found({ id: 1, shape: { w: 1 } })).toEqual([]);
    expect(found({ id: 1, shape: { r: 1, z: 2 } })).toEqual(['undocumented-field shape.z']);
    expect(found({ id: 1, any: { q: 'x' } })).toEqual([]);
    expect(found({ id: 1, shape: { r: 'not a number', w: 'nor this', z: 1 } })).toEqual(expect.arrayContaining(['undocumented-field shape.z']));
    expect(found({ id: 1, shape: { r: 'not a number', w: 'nor this', z: 1 } })).not.toContain('undocumented-field shape.w');
    expect(found({ id: 1, any: { q: 'x', z: 1 } })).toEqual(['undocumented-field any.z']);
  });

  it('picks the validating branch per array item', () => {
    expect(found({ id: 1, variants: [{ u: 'x' }, { v: 'y' }] })).toEqual([]);
    expect(found({ id: 1, variants: [{ u: 'x', extra: 1 }] })).toEqual(['undocumented-field variants[].extra']);
    // An array held against a union of array schemas picks one branch for the whole array: scripts/lib/drift.test.ts.
  });

  it('walks arrays of arrays', () => {
    expect(found({ id: 1, nested: [[{ deep: 'd', deeper: 'x' }]] })).toEqual(['undocumented-field nested[][].deeper']);
  });

  it('says nothing about the items of an array without items; reports the keys of an object that declares none', () => {
    expect(found({ id: 1, list: [{ anything: 1 }] })).toEqual([]);
    expect(found({ id: 1, free: { anything: 1 } })).toEqual(['undocumented-field free.anything']);
    expect(undocumentedFields(validator, '/components/schemas/Item', 'not an object')).toEqual([]);
  });

  it('starts from a path when given one', () => {
    expect(undocumentedFields(validator, '/components/schemas/Right', { right: 'r', wrong: 'w' }, 'root')).toEqual(['root.wrong']);
  });
});
