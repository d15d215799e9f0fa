/** What each error says, named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  KycContractsError,
  MissingDependencyError,
  NetworkError,
  RequestValidationError,
  ResponseParseError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';

const op = { api: 'unit', method: 'post', path: '/things/{id}' };

describe('error messages', () => {
  it('prefix the api, the upper-case method and the path, and carry the class name', () => {
    const error = new TimeoutError(op, 50);
    expect(error.message).toBe('unit POST /things/{id}: no answer within 50 ms');
    expect(error.name).toBe('TimeoutError');
    expect(error).toBeInstanceOf(KycContractsError);
    expect(error.operation).toBe(op);
    expect(new TimeoutError(op, 5, 'no token').message).toBe('unit POST /things/{id}: no token within 5 ms');
  });

  it('ApiError: status, then code and message, then the field issues', () => {
    const base = { body: undefined, rawBody: '', headers: {} };
    expect(new ApiError(op, { status: 502, ...base }).message).toBe('unit POST /things/{id}: HTTP 502');
    expect(new ApiError(op, { status: 400, vendorCode: 'validation', ...base }).message).toBe('unit POST /things/{id}: HTTP 400 validation');
    expect(new ApiError(op, { status: 400, vendorMessage: 'bad', ...base }).message).toBe('unit POST /things/{id}: HTTP 400 bad');
    const full = new RequestValidationError(op, { status: 422, vendorCode: 'validation', vendorMessage: 'bad', issues: [{ field: 'body.dob', message: 'not a date' }, { field: '', message: 'whole' }], ...base });
    expect(full.message).toBe('unit POST /things/{id}: HTTP 422 validation: bad (body.dob: not a date; whole)');
    expect(full.issues).toHaveLength(2);
    expect(new ApiError(op, { status: 500, ...base }).issues).toEqual([]);
  });

  it('RequestValidationError lists each named field once', () => {
    const error = new RequestValidationError(op, {
      status: 422, body: undefined, rawBody: '', headers: {},
      issues: [{ field: 'body.a', message: '1' }, { field: '', message: '2' }, { field: 'body.a', message: '3' }, { field: 'query.b', message: '4' }],
    });
    expect(error.fields).toEqual(['body.a', 'query.b']);
  });

  it('ResponseParseError keeps status, content type, raw body and cause', () => {
    const cause = new SyntaxError('x');
    const error = new ResponseParseError(op, { status: 200, contentType: 'application/json', rawBody: '{', reason: 'is not valid JSON', cause });
    expect(error.message).toBe('unit POST /things/{id}: HTTP 200 body is not valid JSON');
    expect(error).toMatchObject({ status: 200, contentType: 'application/json', rawBody: '{', cause });
    expect('cause' in new ResponseParseError(op, { status: 200, contentType: '', rawBody: '', reason: 'is empty' })).toBe(false);
  });

  it('ResponseValidationError shows five issues and counts the rest', () => {
    const issues = Array.from({ length: 7 }, (_, i) => ({ field: i === 0 ? '' : `/f${i}`, message: `m${i}` }));
    const error = new ResponseValidationError(op, { status: 200, issues, body: { a: 1 } });
    expect(error.message).toBe('unit POST /things/{id}: HTTP 200 body does not match the spec: (body) m0; /f1 m1; /f2 m2; /f3 m3; /f4 m4; and 2 more');
    expect(new ResponseValidationError(op, { status: 200, issues: issues.slice(0, 5), body: 1 }).message).not.toContain('more');
    expect(error).toMatchObject({ status: 200, issues, body: { a: 1 } });
  });

  it('ResponseTooLargeError names the limit', () => {
    const error = new ResponseTooLargeError(op, { status: 200, limitBytes: 10 });
    expect(error.message).toBe('unit POST /things/{id}: HTTP 200 body is larger than maxResponseBytes (10 bytes); reading stopped');
    expect(error).toMatchObject({ status: 200, limitBytes: 10 });
  });

  it('NetworkError tells the phase and names the deepest reason', () => {
    const request = new NetworkError(op, new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }));
    expect(request.message).toBe('unit POST /things/{id}: request failed before any HTTP answer: ECONNREFUSED');
    expect(request).toMatchObject({ phase: 'request', status: undefined });
    const body = new NetworkError(op, new Error('reset'), { phase: 'body', status: 200 });
    expect(body.message).toBe('unit POST /things/{id}: connection failed while reading the HTTP 200 body: reset');
    expect(body).toMatchObject({ phase: 'body', status: 200 });
    expect(new NetworkError(op, 'plain').message).toBe('unit POST /things/{id}: request failed before any HTTP answer: plain');
  });

  it('MissingDependencyError names the packages and how to install them', () => {
    expect(new MissingDependencyError(op, ['ajv', 'ajv-formats'], 'validateResponses').message).toBe(
      'unit POST /things/{id}: validateResponses needs ajv and ajv-formats, which are not installed: npm install ajv ajv-formats',
    );
    expect(new MissingDependencyError(op, ['ajv'], 'x').message).toBe('unit POST /things/{id}: x needs ajv, which is not installed: npm install ajv');
  });
});
