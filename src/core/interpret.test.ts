import { describe, expect, it } from 'vitest';
import { ApiError, RequestValidationError, ResponseParseError } from './errors.js';
import { type Answer, decodeSuccess, throwIfEnvelopeError, throwIfRejected } from './interpret.js';
import { tinyDialect } from '../testing/fixtures.js';

const operation = { api: 'unit', method: 'GET', path: '/things/{id}' };
const answer = (status: number, bodyText: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Answer => ({ status, headers, bodyText });

const dialect = tinyDialect;

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('throwIfRejected', () => {
  it('lets a 2xx through', () => {
    expect(() => throwIfRejected(operation, answer(200, '{}'), dialect)).not.toThrow();
    expect(() => throwIfRejected(operation, answer(204, ''), dialect)).not.toThrow();
  });

  it('turns a non-2xx answer into ApiError with status, vendor code, message, body, raw body and headers', () => {
    const raw = '{"code":"not_found","message":"No such thing"}';
    const error = caught(() => throwIfRejected(operation, answer(404, raw, { 'content-type': 'application/json', 'x-request-id': 'r1' }), dialect)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({ status: 404, vendorCode: 'not_found', vendorMessage: 'No such thing', body: { code: 'not_found', message: 'No such thing' }, rawBody: raw, operation });
    expect(error.headers['x-request-id']).toBe('r1');
    expect(error.message).toBe('unit GET /things/{id}: HTTP 404 not_found: No such thing');
    expect(error.name).toBe('ApiError');
  });

  it('reports field-level vendor validation as RequestValidationError naming the fields', () => {
    const error = caught(() =>
      throwIfRejected(operation, answer(422, JSON.stringify({ code: 'validation', errors: [{ parameter: 'dob', message: 'Day of birth is not valid' }] })), dialect),
    ) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toEqual(['body.dob']);
    expect(error.message).toContain('body.dob: Day of birth is not valid');
  });

  it('keeps a non-JSON error body as text (an HTML 502 from a gateway)', () => {
    const html = '<html><body>502 Bad Gateway</body></html>';
    const error = caught(() => throwIfRejected(operation, answer(502, html, { 'content-type': 'text/html' }), dialect)) as ApiError;
    expect(error).toMatchObject({ status: 502, body: html, rawBody: html });
    const empty = caught(() => throwIfRejected(operation, answer(503, '', {}), dialect)) as ApiError;
    expect(empty).toMatchObject({ status: 503, body: undefined, rawBody: '' });
  });

  it('takes a message from RFC 7807 problem details when the dialect has none', () => {
    const error = caught(() => throwIfRejected(operation, answer(401, '{"title":"Unauthorized","detail":"Token expired"}', { 'content-type': 'application/problem+json' }), dialect)) as ApiError;
    expect(error.vendorMessage).toBe('Token expired');
  });

  it("reports the mock's sl-violations as RequestValidationError carrying the report, not the canned example", () => {
    const report = JSON.stringify([{ location: ['request', 'body'], code: 'required', message: "Request body must have required property 'iin'" }]);
    const error = caught(() => throwIfRejected(operation, answer(400, '{"detail":"example"}', { 'content-type': 'application/json', 'sl-violations': report }), dialect)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toEqual(['body.iin']);
    expect(error.rawBody).toBe(report);
    expect(error.vendorCode).toBe('request_validation');
  });

  it("reports Prism's 422 with fields named body.<path>", () => {
    const body = JSON.stringify({
      type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY',
      title: 'Invalid request',
      status: 422,
      validation: [{ location: ['request', 'body', 'person'], code: 'type', message: 'must be object' }],
    });
    const error = caught(() => throwIfRejected(operation, answer(422, body, { 'content-type': 'application/problem+json' }), dialect)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toEqual(['body.person']);
    expect(error.status).toBe(422);
  });
});

describe('decodeSuccess', () => {
  const documented = { '200': ['application/json'], '204': [], '2XX': ['text/plain'], default: ['application/json'] };

  it('decodes the documented JSON', () => {
    expect(decodeSuccess(operation, answer(200, '{"id":7}', { 'content-type': 'application/json; charset=utf-8' }), documented)).toEqual({ id: 7 });
    expect(decodeSuccess(operation, answer(200, 'null'), documented)).toBeNull();
  });

  it('is undefined where no body is documented, whatever arrives', () => {
    expect(decodeSuccess(operation, answer(204, ''), documented)).toBeUndefined();
    expect(decodeSuccess(operation, answer(204, 'junk', {}), documented)).toBeUndefined();
  });

  it('reports invalid JSON as ResponseParseError keeping the raw text', () => {
    const raw = '{"status": "ok", "data": {"id": "7", // comment\n}}';
    const error = caught(() => decodeSuccess(operation, answer(200, raw), documented)) as ResponseParseError;
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ status: 200, rawBody: raw, contentType: 'application/json' });
    expect(error.message).toMatch(/is not valid JSON/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('never passes off an empty or mistyped body as the documented one', () => {
    expect(caught(() => decodeSuccess(operation, answer(200, ''), documented))).toBeInstanceOf(ResponseParseError);
    const mistyped = caught(() => decodeSuccess(operation, answer(200, '{"id":7}', { 'content-type': 'text/plain' }), documented)) as ResponseParseError;
    expect(mistyped).toBeInstanceOf(ResponseParseError);
    expect(mistyped.message).toMatch(/content type "text\/plain"; the spec documents application\/json/);
    expect(caught(() => decodeSuccess(operation, answer(200, '<html></html>', { 'content-type': 'text/html' }), documented))).toBeInstanceOf(ResponseParseError);
  });

  it('falls back to the 2XX range and default; keeps non-JSON media types as text', () => {
    expect(decodeSuccess(operation, answer(201, 'created', { 'content-type': 'text/plain' }), documented)).toBe('created');
    expect(decodeSuccess(operation, answer(302, '{"a":1}'), documented)).toEqual({ a: 1 });
  });

  it('holds a 2xx status the spec does not list to the documented 2xx answers, never resolving undefined for them', () => {
    const jsonOnly = { '200': ['application/json'] };
    const empty = caught(() => decodeSuccess(operation, answer(204, '', {}), jsonOnly)) as ResponseParseError;
    expect(empty).toBeInstanceOf(ResponseParseError);
    expect(empty.message).toMatch(/HTTP 204 body is empty; the spec documents application\/json/);
    expect(caught(() => decodeSuccess(operation, answer(202, '', { 'content-type': 'application/json' }), jsonOnly))).toBeInstanceOf(ResponseParseError);
    expect(caught(() => decodeSuccess(operation, answer(201, 'ok', { 'content-type': 'text/plain' }), jsonOnly))).toBeInstanceOf(ResponseParseError);
    expect(decodeSuccess(operation, answer(201, '{"a":1}'), jsonOnly)).toEqual({ a: 1 });
    // Where a documented 2xx has no body, an empty undocumented 2xx is no surprise.
    expect(decodeSuccess(operation, answer(202, '', {}), { '200': ['application/json'], '204': [] })).toBeUndefined();
    // Only non-2xx documentation: as without documentation.
    expect(decodeSuccess(operation, answer(200, '', {}), { '404': ['application/json'] })).toBeUndefined();
  });

  it('without documentation, decodes JSON when it says JSON and keeps other text', () => {
    expect(decodeSuccess(operation, answer(200, '{"a":1}'), undefined)).toEqual({ a: 1 });
    expect(decodeSuccess(operation, answer(200, ''), undefined)).toBeUndefined();
    expect(decodeSuccess(operation, answer(200, 'plain', { 'content-type': 'text/plain' }), undefined)).toBe('plain');
    expect(decodeSuccess(operation, answer(200, '[1]', {}), undefined)).toEqual([1]);
    expect(caught(() => decodeSuccess(operation, answer(200, '{'), undefined))).toBeInstanceOf(ResponseParseError);
  });
});

describe('throwIfEnvelopeError', () => {
  it('turns an error envelope inside a 2xx into ApiError, and lets others through', () => {
    const error = caught(() => throwIfEnvelopeError(operation, answer(200, '{"status":"error"}'), { status: 'error' }, dialect)) as ApiError;
    expect(error).toMatchObject({ name: 'ApiError', status: 200, vendorCode: 'enveloped', rawBody: '{"status":"error"}' });
    expect(() => throwIfEnvelopeError(operation, answer(200, '{"status":"ok"}'), { status: 'ok' }, dialect)).not.toThrow();
    expect(() => throwIfEnvelopeError(operation, answer(200, 'null'), null, dialect)).not.toThrow();
    expect(() => throwIfEnvelopeError(operation, answer(200, '{}'), {}, { describeError: () => ({}) })).not.toThrow();
  });
});
