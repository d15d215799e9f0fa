import { describe, expect, it } from 'vitest';
import type { MockRequest } from '../types.js';
import { createOverrideStore } from './store.js';
import type { OverrideInput, ResolvedAnswer } from './model.js';

const request = (body: unknown, api = 'erd'): MockRequest => ({ api, method: 'post', path: '/r', query: {}, headers: {}, body }) as unknown as MockRequest;
const route = () => ({ operationId: 'retrieveErd', pathParams: {} });
const answer = (status: number): ResolvedAnswer => ({ kind: 'respond', status, headers: {}, body: { status } });
const input = (over: Partial<OverrideInput> = {}): OverrideInput => ({ api: 'erd', operationId: 'retrieveErd', respond: { status: 200 }, ...over });

describe('the override store', () => {
  it('tries the newest first, counts uses and drops an override when its times are spent', () => {
    const store = createOverrideStore();
    const older = store.add(input(), answer(200));
    const newer = store.add(input({ times: 2, match: { body: { iin: '1' } } }), answer(503));
    expect(store.list().map((o) => o.id)).toEqual([newer.id, older.id]);
    expect(store.take(request({ iin: '1' }), route)?.id).toBe(newer.id);
    expect(store.take(request({ iin: '2' }), route)?.id).toBe(older.id);
    expect(store.list()[0]).toMatchObject({ id: newer.id, used: 1, remaining: 1 });
    expect(store.take(request({ iin: '1' }), route)?.id).toBe(newer.id);
    expect(store.list().map((o) => o.id)).toEqual([older.id]);
    expect(store.take(request({ iin: '1' }), route)?.id).toBe(older.id);
  });

  it('asks for the route only when the API has overrides, and removes or clears by id and API', () => {
    const store = createOverrideStore();
    let routed = 0;
    const counting = () => (routed++, route());
    expect(store.take(request({}), counting)).toBeUndefined();
    expect(routed).toBe(0);
    const erd = store.add(input(), answer(200));
    const kycaid = store.add(input({ api: 'kycaid' }), answer(200));
    expect(store.take(request({}, 'kycaid'), counting)?.id).toBe(kycaid.id);
    expect(routed).toBe(1);
    store.clear(['kycaid']);
    expect(store.list().map((o) => o.id)).toEqual([erd.id]);
    expect(store.remove('nope')).toBe(false);
    expect(store.remove(erd.id)).toBe(true);
    expect(store.list()).toEqual([]);
    expect(store.take(request({}), counting)).toBeUndefined();
  });
});
