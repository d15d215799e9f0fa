import { beforeAll, describe, expect, it } from 'vitest';
import { getHttpConfigFromRequest, prismParts } from './prism.js';

beforeAll(() => void prismParts());

const input = (headers: Record<string, string>, query: Record<string, string> = {}) =>
  ({ method: 'get', url: { path: '/x', query }, headers, body: null }) as Parameters<typeof getHttpConfigFromRequest>[0];

describe('getHttpConfigFromRequest', () => {
  it('gives a request without preferences what the decoder gives for none (without running it)', () => {
    const none = getHttpConfigFromRequest(input({}));
    // A Prefer the decoder reads but that names no preference of Prism's: the decoder's own "nothing".
    const decoded = getHttpConfigFromRequest(input({ prefer: 'respond-async' }));
    expect(none).toEqual(decoded);
    expect(none).toEqual({ _tag: 'Right', right: { code: undefined, exampleKey: undefined, dynamic: undefined, seed: undefined } });
  });

  it('reads Prefer and the __code style query as prism-http-server does', () => {
    expect(getHttpConfigFromRequest(input({ prefer: 'code=404, example=missing' }))).toMatchObject({ _tag: 'Right', right: { code: 404, exampleKey: 'missing' } });
    expect(getHttpConfigFromRequest(input({}, { __code: '503' }))).toMatchObject({ _tag: 'Right', right: { code: 503 } });
    expect(getHttpConfigFromRequest(input({}, { __code: 'soon' }))._tag).toBe('Left');
  });
});
