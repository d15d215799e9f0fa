/** The validator's formats, options and lookups, each rule named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from './spec.js';
import { SpecValidator, stripForAjv } from './validation.js';

const schemas = {
  Int32: { type: 'integer', format: 'int32' },
  Int64: { type: 'integer', format: 'int64' },
  Float: { type: 'number', format: 'float' },
  Double: { type: 'number', format: 'double' },
  Byte: { type: 'string', format: 'byte' },
  Binary: { type: 'string', format: 'binary' },
  Password: { type: 'string', format: 'password' },
  Email: { type: 'string', format: 'email' },
  Closed: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
  Two: { type: 'object', required: ['a', 'b'], properties: { a: {}, b: {} } },
  Kind: { enum: ['a', 'b'] },
  Fixed: { const: 'x' },
  Text: 'not a schema',
};
const doc = {
  openapi: '3.1.0',
  paths: {
    '/items': {
      get: { responses: { '200': { $ref: '#/components/schemas/Text' }, default: { description: 'any', content: { 'application/json': { schema: { type: 'object' } } } } } },
      post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Closed' } }, 'text/plain': {} } }, responses: 'none' },
      put: { requestBody: { $ref: '#/components/schemas/Text' }, responses: {} },
      patch: { responses: {} },
    },
  },
  components: { schemas },
} as unknown as OpenApiDocument;
const validator = new SpecValidator(doc, 'validation-mutation.json');
const issues = (name: keyof typeof schemas, value: unknown) => validator.validateAt(`/components/schemas/${name}`, value);
const ok = (name: keyof typeof schemas, value: unknown) => issues(name, value).length === 0;

describe('OpenAPI formats', () => {
  it('int32 holds integers from -2^31 to 2^31 - 1', () => {
    expect(ok('Int32', 2 ** 31 - 1)).toBe(true);
    expect(ok('Int32', -(2 ** 31))).toBe(true);
    expect(ok('Int32', 2 ** 31)).toBe(false);
    expect(ok('Int32', -(2 ** 31) - 1)).toBe(false);
  });

  it('int64 holds any integer; float and double any finite number', () => {
    expect(ok('Int64', 2 ** 53)).toBe(true);
    expect(ok('Float', 1.5)).toBe(true);
    expect(ok('Double', -2.25)).toBe(true);
    const infinite = new SpecValidator({ openapi: '3.1.0', components: { schemas: { F: { type: 'number', format: 'float' }, D: { type: 'number', format: 'double' } } } } as unknown as OpenApiDocument, 'inf.json');
    expect(infinite.validateAt('/components/schemas/F', Number.POSITIVE_INFINITY)).not.toEqual([]);
    expect(infinite.validateAt('/components/schemas/D', Number.NaN)).not.toEqual([]);
    expect(infinite.validateAt('/components/schemas/F', 3)).toEqual([]);
  });

  it('byte is whole base64, padded', () => {
    for (const value of ['', 'QUJD', 'QUI=', 'QQ==', 'QUJDRA==', 'ab+/']) expect(ok('Byte', value), value).toBe(true);
    for (const value of ['QUJ', 'Q===', 'QQ=', 'ab!c', 'QUJD=', ' QUJD', 'QUJD ', 'QUI=QUJD']) expect(ok('Byte', value), value).toBe(false);
  });

  it('binary and password accept any string; email is checked', () => {
    expect(ok('Binary', '\u0000 anything')).toBe(true);
    expect(ok('Password', 'hunter2')).toBe(true);
    expect(ok('Email', 'user@example.com')).toBe(true);
    expect(ok('Email', 'not an email')).toBe(false);
  });
});

describe('issues', () => {
  it('reports every problem, not just the first', () => {
    expect(issues('Two', {}).map((i) => i.field)).toEqual(['/a', '/b']);
  });

  it('names an extra property as the field, and lists allowed values', () => {
    expect(issues('Closed', { a: 'x', extra: 1 })).toEqual([{ field: '/extra', message: 'must NOT have additional properties', code: 'additionalProperties' }]);
    expect(issues('Kind', 'c')).toEqual([{ field: '', message: 'must be equal to one of the allowed values: ["a","b"]', code: 'enum' }]);
    expect(issues('Fixed', 'y')).toEqual([{ field: '', message: 'must be equal to constant: "x"', code: 'const' }]);
  });

  it('refuses a pointer to nothing, naming it and the document', () => {
    expect(() => validator.validateAt('/components/schemas/Gone', 1)).toThrow('No schema at /components/schemas/Gone in validation-mutation.json.');
  });

  it('is strict: a schema keyword ajv does not know is refused', () => {
    const strict = new SpecValidator({ openapi: '3.1.0', components: { schemas: { S: { type: 'string', nonsense: 1 } } } } as unknown as OpenApiDocument, 'strict.json');
    expect(() => strict.validateAt('/components/schemas/S', 'x')).toThrow(/nonsense/);
  });
});

describe('responses and request bodies', () => {
  it('falls back to `default`, and calls a response that is no object undocumented', () => {
    expect(validator.validateResponse({ method: 'get', path: '/items', status: 418, contentType: 'application/json', body: {} })).toEqual({ kind: 'valid', schemaPointer: '/paths/~1items/get/responses/default/content/application~1json/schema' });
    expect(validator.validateResponse({ method: 'get', path: '/items', status: 200, contentType: 'application/json', body: {} })).toEqual({ kind: 'undocumented-status', documented: ['200', 'default'] });
    expect(validator.validateResponse({ method: 'post', path: '/items', status: 200, contentType: 'application/json', body: {} })).toEqual({ kind: 'undocumented-status', documented: [] });
  });

  it('checks a request body against its media type, and passes what documents no schema', () => {
    expect(validator.validateRequestBody({ method: 'post', path: '/items', contentType: 'application/json', body: { a: 'x' } })).toEqual({ kind: 'valid', schemaPointer: '/paths/~1items/post/requestBody/content/application~1json/schema' });
    expect(validator.validateRequestBody({ method: 'post', path: '/items', contentType: 'application/json', body: { b: 1 } }).kind).toBe('invalid');
    expect(validator.validateRequestBody({ method: 'post', path: '/items', contentType: 'text/plain', body: 'x' })).toEqual({ kind: 'valid', schemaPointer: undefined });
    expect(validator.validateRequestBody({ method: 'post', path: '/items', contentType: 'image/png', body: 'x' })).toEqual({ kind: 'undocumented-media-type', documented: ['application/json', 'text/plain'] });
  });

  it('has nothing to check without a request body, or with one that is no object, and knows no unknown operation', () => {
    expect(validator.validateRequestBody({ method: 'patch', path: '/items', contentType: 'application/json', body: {} })).toEqual({ kind: 'valid', schemaPointer: undefined });
    expect(validator.validateRequestBody({ method: 'put', path: '/items', contentType: 'application/json', body: {} })).toEqual({ kind: 'valid', schemaPointer: undefined });
    expect(validator.validateRequestBody({ method: 'delete', path: '/items', contentType: 'application/json', body: {} })).toEqual({ kind: 'unknown-operation' });
  });
});

describe('stripForAjv', () => {
  it('strips extensions inside lists of schemas and keeps lists as lists', () => {
    expect(stripForAjv({ allOf: [{ 'x-note': 1, type: 'string' }] })).toEqual({ allOf: [{ type: 'string' }] });
  });

  it('copies data keywords untouched, x- keys and all', () => {
    const data = { 'x-kept': 1, discriminator: 2 };
    for (const keyword of ['example', 'default', 'const', 'enum']) expect(stripForAjv({ [keyword]: data }), keyword).toEqual({ [keyword]: data });
    expect(stripForAjv({ examples: { one: { value: data } } })).toEqual({ examples: { one: { value: data } } });
  });
});
