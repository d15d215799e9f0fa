import { describe, expect, it } from 'vitest';
import { ApiPromise, type WithResponse } from './api-promise.js';

const response = { status: 201, headers: { 'x-request-id': 'r1' }, url: 'http://127.0.0.1/x' };
const ok = <T>(data: T) => new ApiPromise(Promise.resolve<WithResponse<T>>({ data, response }));

describe('ApiPromise', () => {
  it('resolves with the body when awaited', async () => {
    await expect(ok({ id: 1 })).resolves.toEqual({ id: 1 });
    expect(await ok('text')).toBe('text');
  });

  it('gives the status, headers and URL with withResponse()', async () => {
    const promise = ok({ id: 1 });
    await expect(promise.withResponse()).resolves.toEqual({ data: { id: 1 }, response });
    // Awaiting the same promise afterwards still gives the body.
    expect(await promise).toEqual({ id: 1 });
  });

  it('is a Promise whose then/catch/finally return plain Promises', async () => {
    const promise = ok(1);
    expect(promise).toBeInstanceOf(Promise);
    const chained = promise.then((v) => v + 1);
    expect(chained).not.toBeInstanceOf(ApiPromise);
    expect(await chained).toBe(2);
    expect(await promise.finally(() => {})).toBe(1);
    expect(await Promise.all([ok('a'), ok('b')])).toEqual(['a', 'b']);
  });

  it('rejects with the call\'s error through await, catch and withResponse', async () => {
    const error = new Error('failed');
    const failed = () => new ApiPromise<number>(Promise.reject(error));
    await expect(failed()).rejects.toBe(error);
    expect(await failed().catch((e: unknown) => e)).toBe(error);
    await expect(failed().withResponse()).rejects.toBe(error);
    let ran = false;
    await expect(failed().finally(() => (ran = true))).rejects.toBe(error);
    expect(ran).toBe(true);
  });
});
