/** What an answer means, each rule named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { ApiError, RequestValidationError, ResponseParseError } from './errors.js';
import { type Answer, type VendorErrorDialect, decodeSuccess, throwIfEnvelopeError, throwIfRejected } from './interpret.js';

const op = { api: 'unit', method: 'GET', path: '/x' };
const silent: VendorErrorDialect = { describeError: () => ({}) };
const answer = (status: number, bodyText: string, contentType = 'application/json', headers: Record<string, string> = {}): Answer => ({ status, bodyText, headers: { 'content-type': contentType, ...headers } });
const thrown = (fn: () => unknown) => {
  try {
    return fn();
  } catch (error) {
    return error;
  }
};

describe('throwIfRejected', () => {
  it('lets 200–299 through and rejects 300 and 199', () => {
    expect(thrown(() => throwIfRejected(op, answer(299, ''), silent))).toBeUndefined();
    expect(thrown(() => throwIfRejected(op, answer(300, ''), silent))).toBeInstanceOf(ApiError);
    expect(thrown(() => throwIfRejected(op, answer(199, ''), silent))).toBeInstanceOf(ApiError);
  });

  it("says the mock rejected the request when it reports violations", () => {
    const error = thrown(() => throwIfRejected(op, answer(400, '{}', 'application/json', { 'sl-violations': '[{"location":["request","body","a"],"message":"bad"}]' }), silent)) as RequestValidationError;
    expect(error.vendorMessage).toBe('the mock rejected the request: it does not match the spec');
    expect(error.vendorCode).toBe('request_validation');
  });

  it('takes a problem detail over its title, the title without a detail, and neither when they are no strings', () => {
    const message = (body: unknown) => (thrown(() => throwIfRejected(op, answer(500, JSON.stringify(body)), silent)) as ApiError).vendorMessage;
    expect(message({ title: 'T', detail: 'D' })).toBe('D');
    expect(message({ title: 'T' })).toBe('T');
    expect(message({ title: 5, detail: 6 })).toBeUndefined();
    expect(message(null)).toBeUndefined();
    expect(message({ title: '' })).toBeUndefined();
  });

  it("lets the vendor's dialect override the problem details, but not with undefined", () => {
    const dialect: VendorErrorDialect = { describeError: () => ({ vendorCode: 'C', vendorMessage: undefined }) };
    const error = thrown(() => throwIfRejected(op, answer(500, '{"detail":"D"}'), dialect)) as ApiError;
    expect(error).toMatchObject({ vendorCode: 'C', vendorMessage: 'D', issues: [] });
  });
});

describe('throwIfEnvelopeError', () => {
  it('has no issues when the dialect names none', () => {
    const dialect: VendorErrorDialect = { describeError: () => ({}), envelopeError: () => ({ vendorCode: 'E' }) };
    const error = thrown(() => throwIfEnvelopeError(op, answer(200, '{}'), {}, dialect)) as ApiError;
    expect(error.issues).toEqual([]);
    expect(thrown(() => throwIfEnvelopeError(op, answer(200, '{}'), {}, silent))).toBeUndefined();
  });
});

describe('decodeSuccess', () => {
  it('uses the `default` response when neither the status nor its range is documented', () => {
    expect(decodeSuccess(op, answer(200, '{"a":1}'), { default: ['application/json'] })).toEqual({ a: 1 });
  });

  it('decodes by content type when the spec documents no 2xx at all', () => {
    expect(decodeSuccess(op, answer(200, '{"a":1}'), { '404': ['application/json'] })).toEqual({ a: 1 });
  });

  it('holds an unlisted 2xx with a body to the documented bodies, even when one 2xx documents none', () => {
    const documented = { '200': ['application/json'], '204': [] };
    expect(decodeSuccess(op, answer(206, '{"a":1}'), documented)).toEqual({ a: 1 });
    expect(decodeSuccess(op, answer(206, ''), documented)).toBeUndefined();
  });

  it('keeps typed text as text, and decodes untyped text leniently, without documentation', () => {
    expect(decodeSuccess(op, answer(200, '{"a":1}', 'text/plain'), undefined)).toBe('{"a":1}');
    expect(decodeSuccess(op, answer(200, '{"a":1}', ''), undefined)).toEqual({ a: 1 });
    const error = thrown(() => decodeSuccess(op, answer(200, '{', 'application/json'), undefined)) as ResponseParseError;
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error.message).toMatch(/^unit GET \/x: HTTP 200 body is not valid JSON: /);
  });

  it('says what the spec documents when a body is empty or of another type', () => {
    const documented = { '200': ['application/json', 'text/plain'] };
    expect((thrown(() => decodeSuccess(op, answer(200, ''), documented)) as Error).message).toBe('unit GET /x: HTTP 200 body is empty; the spec documents application/json or text/plain');
    expect((thrown(() => decodeSuccess(op, answer(200, 'x', 'text/html'), documented)) as Error).message).toBe(
      'unit GET /x: HTTP 200 body has content type "text/html"; the spec documents application/json or text/plain',
    );
  });
});
