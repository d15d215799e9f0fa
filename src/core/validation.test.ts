import { describe, expect, it } from 'vitest';
import spec from '../../generated/bank131.spec.js';
import { pickMediaType } from './body.js';
import type { OpenApiDocument } from './spec.js';
import { SpecValidator, stripForAjv, validatorFor } from './validation.js';

const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/things/{id}': {
      get: {
        'x-evidence': [{ source: 'test', mark: 'I' }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' }, example: { id: 1 } } },
          },
          '404': { $ref: '#/components/responses/NotFound' },
          '5XX': { description: 'server error' },
        },
      },
    },
  },
  components: {
    responses: {
      NotFound: { description: 'nf', content: { 'text/html': { schema: { type: 'string' } } } },
    },
    schemas: {
      Thing: {
        type: 'object',
        'x-note': 'documentation only',
        required: ['id'],
        discriminator: { propertyName: 'kind', mapping: { a: '#/components/schemas/Thing' } },
        properties: {
          id: { type: 'integer', format: 'int32' },
          'x-legacy': { type: 'string', description: 'a property really named x-legacy' },
          big: { type: 'integer', format: 'int64' },
          when: { type: 'string', format: 'date' },
          kind: { type: ['string', 'null'], enum: ['a', 'b', null] },
        },
      },
    },
  },
};

describe('SpecValidator', () => {
  const validator = new SpecValidator(document, 'test.json');

  it('accepts a valid body and caches the compiled schema', () => {
    expect(validator.validateResponse({ method: 'GET', path: '/things/{id}', status: 200, contentType: 'application/json; charset=utf-8', body: { id: 1, big: 2 ** 40 } })).toEqual({
      kind: 'valid',
      schemaPointer: '/paths/~1things~1{id}/get/responses/200/content/application~1json/schema',
    });
  });

  it('reports each problem with the field it concerns', () => {
    const check = validator.validateResponse({ method: 'get', path: '/things/{id}', status: 200, contentType: 'application/json', body: { id: 2 ** 31, when: '2024-02-30', kind: 'c', 'x-legacy': 5 } });
    expect(check.kind).toBe('invalid');
    const fields = check.kind === 'invalid' ? check.issues.map((i) => i.field).sort() : [];
    expect(fields).toEqual(['/id', '/kind', '/when', '/x-legacy']);
  });

  it('names a missing required property', () => {
    const check = validator.validateResponse({ method: 'get', path: '/things/{id}', status: 200, contentType: 'application/json', body: {} });
    expect(check).toMatchObject({ kind: 'invalid', issues: [{ field: '/id', code: 'required' }] });
  });

  it('follows response $refs and media-type families, and accepts documented statuses without a body', () => {
    expect(validator.validateResponse({ method: 'get', path: '/things/{id}', status: 404, contentType: 'text/html', body: '<html></html>' }).kind).toBe('valid');
    expect(validator.validateResponse({ method: 'get', path: '/things/{id}', status: 503, contentType: '', body: undefined }).kind).toBe('valid');
  });

  it('tells undocumented statuses, media types and operations apart', () => {
    expect(validator.validateResponse({ method: 'get', path: '/things/{id}', status: 418, contentType: 'application/json', body: {} })).toEqual({ kind: 'undocumented-status', documented: ['200', '404', '5XX'] });
    expect(validator.validateResponse({ method: 'get', path: '/things/{id}', status: 200, contentType: 'text/plain', body: 'x' }).kind).toBe('undocumented-media-type');
    expect(validator.validateResponse({ method: 'post', path: '/things/{id}', status: 200, contentType: 'application/json', body: {} }).kind).toBe('unknown-operation');
  });

  it('remembers where a response is checked, never the verdict, and only so many server-chosen content types', () => {
    const fresh = new SpecValidator(document, 'bounded.json');
    const check = (contentType: string, body: unknown) => fresh.validateResponse({ method: 'GET', path: '/things/{id}', status: 200, contentType, body });
    expect(check('application/json', { id: 1 }).kind).toBe('valid');
    expect(check('application/json', {}).kind).toBe('invalid');
    expect(check('application/json', { id: 1 }).kind).toBe('valid');
    // A server may send a different Content-Type every time (parameters, boundaries): the memo must not grow with it.
    for (let i = 0; i < 1_500; i++) expect(check(`application/json; x=${i}`, { id: i }).kind).toBe('valid');
    expect((fresh as unknown as { responseSchemas: Map<string, unknown> }).responseSchemas.size).toBeLessThanOrEqual(1_000);
    expect(check('application/json; x=1499', {}).kind).toBe('invalid');
  });
});

describe('stripForAjv', () => {
  it('drops extensions and discriminators but keeps properties that happen to be named x-…', () => {
    const stripped = stripForAjv(document) as typeof document;
    const thing = (stripped.components as any).schemas.Thing;
    expect(thing['x-note']).toBeUndefined();
    expect(thing.discriminator).toBeUndefined();
    expect(thing.properties['x-legacy']).toBeDefined();
    expect((stripped.paths as any)['/things/{id}'].get['x-evidence']).toBeUndefined();
  });
});

describe('pickMediaType', () => {
  it('prefers exact, then family, then */*', () => {
    expect(pickMediaType(['application/json', 'text/*'], 'application/json; charset=utf-8')).toBe('application/json');
    expect(pickMediaType(['application/json', 'text/*'], 'text/html')).toBe('text/*');
    expect(pickMediaType(['*/*'], 'application/xml')).toBe('*/*');
    expect(pickMediaType(['application/json'], 'text/html')).toBeUndefined();
  });
});

describe('validatorFor', () => {
  it('builds one validator per document and checks a bundled spec', () => {
    const validator = validatorFor(spec, 'bank131.openapi.json');
    expect(validatorFor(spec, 'bank131.openapi.json')).toBe(validator);
    expect(validator.operation('GET', '/api/v1.1/check/{id}')?.operationId).toBe('getCheck');
    const bad = validator.validateResponse({ method: 'GET', path: '/api/v1.1/check/{id}', status: 200, contentType: 'application/json', body: { status: 'ok', data: { id: 7 } } });
    expect(bad.kind).toBe('invalid');
    expect(validator.validateResponse({ method: 'GET', path: '/nowhere', status: 200, contentType: 'application/json', body: {} }).kind).toBe('unknown-operation');
  });
});
