import { describe, expect, it } from 'vitest';
import type { HttpOperation } from '../prism.js';
import type { MockRequest } from '../types.js';
import { bodyMatcher, operationRouter, requestMatcher } from './match.js';

const request = (over: Partial<MockRequest>): MockRequest =>
  ({ api: 'x', method: 'post', path: '/checks/7', query: {}, headers: {}, body: null, input: {} as never, preferences: { _tag: 'Right', right: {} }, stateful: true, at: 0, ...over }) as MockRequest;

describe('bodyMatcher', () => {
  it('finds the given keys at any depth and ignores extra ones', () => {
    expect(bodyMatcher({ a: { b: 1 } })({ a: { b: 1, c: 2 }, d: 3 })).toBe(true);
    expect(bodyMatcher({ a: { b: 1 } })({ a: { b: 2 } })).toBe(false);
    expect(bodyMatcher({ a: 1 })({ b: 1 })).toBe(false);
    expect(bodyMatcher({ a: undefined })({})).toBe(false);
  });

  it('compares arrays element by element with the same length, and scalars strictly', () => {
    expect(bodyMatcher([{ id: 1 }])([{ id: 1, x: 2 }])).toBe(true);
    expect(bodyMatcher([{ id: 1 }])([{ id: 1 }, { id: 2 }])).toBe(false);
    expect(bodyMatcher('1')(1)).toBe(false);
    expect(bodyMatcher(null)(null)).toBe(true);
    expect(bodyMatcher({})(null)).toBe(false);
  });
});

describe('requestMatcher', () => {
  it('matches body, query, path parameters and headers (names in any case, values as text)', () => {
    const r = request({ body: { iin: '900101300123', n: 1 }, query: { page: '2', tag: ['a', 'b'] }, headers: { 'x-partner-project': 'p' } });
    expect(requestMatcher(undefined)(r, {})).toBe(true);
    expect(requestMatcher({ body: { iin: '900101300123' }, query: { page: 2, tag: 'b' }, path: { id: 7 }, headers: { 'X-Partner-Project': 'p' } })(r, { id: '7' })).toBe(true);
    expect(requestMatcher({ query: { tag: ['a', 'b'] } })(r, {})).toBe(true);
    expect(requestMatcher({ body: { iin: '0' } })(r, {})).toBe(false);
    expect(requestMatcher({ query: { page: 3 } })(r, {})).toBe(false);
    expect(requestMatcher({ path: { id: 8 } })(r, { id: '7' })).toBe(false);
    expect(requestMatcher({ headers: { missing: 'x' } })(r, {})).toBe(false);
  });
});

describe('operationRouter', () => {
  const op = (iid: string, method: string, path: string) => ({ id: iid, iid, method, path, responses: [] }) as HttpOperation;
  const route = operationRouter([op('getCheck', 'get', '/checks/{id}'), op('getLatest', 'get', '/checks/latest'), op('createCheck', 'post', '/checks')]);

  it('prefers a concrete path over a template, and gives the decoded path parameters', () => {
    expect(route('get', '/checks/latest')).toEqual({ operationId: 'getLatest', pathParams: {} });
    expect(route('get', '/checks/a%20b')).toEqual({ operationId: 'getCheck', pathParams: { id: 'a b' } });
    expect(route('post', '/checks')).toMatchObject({ operationId: 'createCheck' });
    expect(route('delete', '/checks')).toBeUndefined();
  });
});
