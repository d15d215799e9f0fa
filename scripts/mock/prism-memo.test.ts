import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { directDual, memoizePrismHttp, memoizeRoute, memoizeTypeIs, prismHttpRequire } from './prism-memo.js';
import { REPO_ROOT } from './spec.js';

type Either = { _tag: 'Left'; left: Error } | { _tag: 'Right'; right: { path: string } };
const input = (method: string, path: string, baseUrl?: string): { method: string; url: { path: string; baseUrl?: string | undefined } } => ({ method, url: { path, ...(baseUrl ? { baseUrl } : {}) } });

describe('memoizePrismHttp', () => {
  it('hands prism-http one compiled URI template per template, matching as before', () => {
    const prismRequire = prismHttpRequire();
    const { URI } = prismRequire('uri-template-lite') as { URI: { Template: new (t: string) => { match(u: string): unknown } } };
    memoizePrismHttp(prismRequire);
    memoizePrismHttp(prismRequire);

    const first = new URI.Template('/api/v1.1/check/{id}');
    expect(new URI.Template('/api/v1.1/check/{id}')).toBe(first);
    expect(new URI.Template('/applicants/{applicant_id}')).not.toBe(first);
    expect(first.match('/api/v1.1/check/42')).toEqual({ id: '42' });
    expect(first.match('/api/v1.1/check/a%20b')).toEqual({ id: 'a b' });
    expect(first.match('/elsewhere')).toBeNull();
  });

  it("answers prism-http's media type matches as Prism does, the first time and every time after", () => {
    const prismRequire = prismHttpRequire();
    memoizePrismHttp(prismRequire);
    const { wildcardMediaTypeMatch } = prismRequire('./validator/utils/wildcardMediaTypeMatch.js') as { wildcardMediaTypeMatch(a: unknown, b: unknown): boolean };
    for (let round = 0; round < 2; round++) {
      expect(wildcardMediaTypeMatch('application/json', 'application/json')).toBe(true);
      expect(wildcardMediaTypeMatch('application/json; charset=utf-8', 'application/*')).toBe(true);
      expect(wildcardMediaTypeMatch('application/problem+json', 'application/json')).toBe(true);
      expect(wildcardMediaTypeMatch('text/plain', 'application/json')).toBe(false);
      expect(wildcardMediaTypeMatch('not a media type', 'application/json')).toBe(false);
      // The key joins both strings: a pair that concatenates alike is still another pair.
      expect(wildcardMediaTypeMatch('text/plain\napplication', 'json')).toBe(false);
      expect(wildcardMediaTypeMatch(['application/json'], 'application/json')).toBe(false);
    }
  });

  it("parses content-type headers as prism-http's parseMIMEHeader does, and throws as it does on a bad one", () => {
    const prismRequire = prismHttpRequire();
    memoizePrismHttp(prismRequire);
    const { parseMIMEHeader } = prismRequire('./validator/validators/headers.js') as { parseMIMEHeader(h: string): [string | undefined, string] };
    for (let round = 0; round < 2; round++) {
      expect(parseMIMEHeader('multipart/form-data; boundary=abc')).toEqual(['abc', 'multipart/form-data']);
      expect(parseMIMEHeader('Application/JSON; charset=utf-8')).toEqual([undefined, 'application/json']);
      expect(() => parseMIMEHeader('no slash here')).toThrow();
    }
  });
});

describe('memoizeRoute', () => {
  function countingRoute() {
    const calls: string[] = [];
    const route = ({ input: { method, url } }: { resources: readonly object[]; input: ReturnType<typeof input> }): Either => {
      calls.push(`${method} ${url.baseUrl ?? ''} ${url.path}`);
      return url.path.startsWith('/known') ? { _tag: 'Right', right: { path: url.path } } : { _tag: 'Left', left: new Error(`no ${url.path}`) };
    };
    return { calls, route: memoizeRoute(route) };
  }

  it('routes a method, path and base URL once per operations array', () => {
    const { calls, route } = countingRoute();
    const erd: object[] = [];
    const bank: object[] = [];
    const first = route({ resources: erd, input: input('post', '/known/1') });
    expect(route({ resources: erd, input: input('post', '/known/1') })).toBe(first);
    expect(calls).toEqual(['post  /known/1']);
    route({ resources: erd, input: input('get', '/known/1') });
    route({ resources: erd, input: input('post', '/known/2') });
    route({ resources: erd, input: input('post', '/known/1', 'http://elsewhere') });
    route({ resources: bank, input: input('post', '/known/1') });
    expect(calls).toHaveLength(5);
  });

  it("routes again when Prism found nothing: each error is Prism's own, made fresh", () => {
    const { calls, route } = countingRoute();
    const ops: object[] = [];
    const a = route({ resources: ops, input: input('get', '/unknown') });
    const b = route({ resources: ops, input: input('get', '/unknown') });
    expect(a._tag).toBe('Left');
    expect(b).not.toBe(a);
    expect(calls).toHaveLength(2);
  });

  it('stays bounded: a stream of distinct paths never grows the memo past its limit', () => {
    const { calls, route } = countingRoute();
    const ops: object[] = [];
    for (let i = 0; i < 10_001; i++) route({ resources: ops, input: input('get', `/known/${i}`) });
    // The 10 001st entry emptied the memo: the first path is routed again, the last one is not.
    route({ resources: ops, input: input('get', '/known/0') });
    route({ resources: ops, input: input('get', '/known/10000') });
    expect(calls).toHaveLength(10_002);
  });
});

describe('memoizeTypeIs', () => {
  it("answers type-is's is() as type-is does, for the forms it memoizes and the ones it passes through", async () => {
    const { createRequire } = await import('node:module');
    const typeIs = createRequire(prismHttpRequire().resolve('type-is'))('type-is') as { is(value: unknown, ...types: unknown[]): string | false };
    const { is: original } = typeIs;
    memoizeTypeIs(typeIs);
    const cases: Array<[unknown, ...unknown[]]> = [
      ['application/json', ['application/json', 'application/*+json']],
      ['application/problem+json; charset=utf-8', ['application/json', 'application/*+json']],
      ['text/plain', ['application/json', 'application/*+json']],
      ['text/html', ['text/*']],
      [undefined, ['application/json']],
      ['application/json', 'application/json', 'text/*'],
      ['not/a type at all', ['application/json']],
    ];
    for (let round = 0; round < 2; round++) for (const [value, ...types] of cases) expect(typeIs.is(value, ...types)).toBe(original(value, ...types));
  });
});

describe('directDual', () => {
  const fpFunction = () => {
    // A fresh copy of fp-ts's function module, so that the original `dual` is at hand beside the direct one.
    const require = prismHttpRequire();
    const path = require.resolve('fp-ts/function');
    const saved = require.cache[path];
    delete require.cache[path];
    try {
      return require('fp-ts/function') as { dual: (arity: unknown, body: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown };
    } finally {
      require.cache[path] = saved;
    }
  };

  it('gives the functions it builds the same answers as fp-ts, data first and data last, arity 2 and 3', () => {
    const module = fpFunction();
    const original = module.dual;
    directDual(() => module);
    expect(module.dual).not.toBe(original);
    const body2 = (self: unknown, f: unknown) => [self, f, 'two'];
    const body3 = (self: unknown, f: unknown, g: unknown) => [self, f, g, 'three'];
    for (const [dual, name] of [[original, 'fp-ts'], [module.dual, 'direct']] as const) {
      const two = dual(2, body2);
      const three = dual(3, body3);
      expect([name, two(1, 2)]).toEqual([name, [1, 2, 'two']]);
      expect([name, (two(2) as (s: unknown) => unknown)(1)]).toEqual([name, [1, 2, 'two']]);
      expect([name, three(1, 2, 3)]).toEqual([name, [1, 2, 3, 'three']]);
      expect([name, (three(2, 3) as (s: unknown) => unknown)(1)]).toEqual([name, [1, 2, 3, 'three']]);
      expect([name, (three(2) as (s: unknown) => unknown)(1)]).toEqual([name, [1, 2, undefined, 'three']]);
      // A predicate arity is fp-ts's own wrapper, untouched.
      const byPredicate = dual((args: IArguments) => typeof args[0] === 'number', body2);
      expect([name, byPredicate(1, 2), (byPredicate('f') as (s: unknown) => unknown)(1)]).toEqual([name, [1, 2, 'two'], [1, 'f', 'two']]);
    }
    directDual(() => module);
    directDual(() => {
      throw Object.assign(new Error('no fp-ts here'), { code: 'MODULE_NOT_FOUND' });
    });
  });

  it("is in place before Prism loads fp-ts, in a process of the mock's own", () => {
    // A fresh process: in this one, another test file may have loaded fp-ts (and Prism) already.
    const program = `
      import { createRequire } from 'node:module';
      import { createPrism } from './scripts/mock/prism.ts';
      createPrism({ api: 'erd', mock: () => () => ({ _tag: 'Left', left: new Error('unused') }), logLevel: 'silent' });
      const fromPrism = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http'));
      const E = fromPrism('fp-ts/Either');
      console.log(JSON.stringify({ arity: E.flatMap.length, chain: E.chain === E.flatMap, answer: E.chain((n) => E.right(n + 1))(E.right(1)) }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ arity: 2, chain: true, answer: { _tag: 'Right', right: 2 } });
  });
});
