import { beforeAll, describe, expect, it } from 'vitest';
import { type Logger, getHttpConfigFromRequest, lazyChildren, prismParts } from './prism.js';

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

describe('lazyChildren', () => {
  it("makes a child logger on its first enabled line, logging as pino's own child would; a disabled level does nothing", async () => {
    const { createRequire } = await import('node:module');
    const { createLogger } = createRequire(import.meta.url)('@stoplight/prism-core') as { createLogger(name: string, options: object, destination: object): Logger };
    const lines: Array<{ name?: string; msg?: string; level?: number }> = [];
    const base = createLogger('HTTP SERVER', { level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    let made = 0;
    const child = base.child.bind(base);
    (base as { child: Logger['child'] }).child = (bindings) => (made++, child(bindings));
    const logger = lazyChildren(base);

    const negotiator = logger.child({ name: 'NEGOTIATOR' }) as Logger & { info(msg: string): void; success(msg: string): void };
    negotiator.info('not at this level');
    negotiator.success('nor this');
    expect(made).toBe(0);
    expect(lines).toEqual([]);

    negotiator.error('boom');
    negotiator.error('again');
    expect(made).toBe(1);
    expect(lines.map((l) => [l.name, l.msg])).toEqual([['NEGOTIATOR', 'boom'], ['NEGOTIATOR', 'again']]);
  });
});
