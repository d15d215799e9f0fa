/**
 * The rules the repository's shape rests on, as tests that fail when broken: layers import one way, every vendor
 * is declared once (its manifest) and every copy of that declaration agrees with it, every spec operation has a
 * client method, and no tracked file points at a file outside the repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listOperations } from '../src/core/spec.js';
import { MANIFESTS } from '../src/manifests.js';
import { REGISTRY, fakeCredentialOptions } from '../src/registry.js';
import { ROOT, specFolders } from '../scripts/lib/apis.js';
import { envExample } from '../scripts/generate.js';

const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && existsSync(join(ROOT, file)));
const sources = tracked.filter((file) => /\.(ts|js|mjs)$/.test(file) && !file.startsWith('node_modules/'));

/** Relative module specifiers a file imports (static, dynamic, re-exports), resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)));
}

const layer = (path: string) => path.split('/')[0]!;

describe('layers run one way: src ← scripts ← contract-tests', () => {
  const forbidden: Record<string, string[]> = {
    src: ['scripts', 'contract-tests', 'redocly'],
    generated: ['scripts', 'contract-tests'],
    scripts: ['contract-tests'],
  };
  it.each(Object.keys(forbidden))('%s/ imports nothing from a higher layer', (from) => {
    const wrong = sources
      .filter((file) => layer(file) === from)
      .flatMap((file) => importsOf(file).filter((target) => forbidden[from]!.includes(layer(target))).map((target) => `${file} → ${target}`));
    expect(wrong).toEqual([]);
  });

  it('the check itself sees an import that runs the wrong way', () => {
    expect(importsOf('scripts/testing/replay.ts')).toContain('src/testing/loopback-server.js');
    expect(forbidden['src']).toContain(layer('scripts/lib/apis.js'));
  });

  it('the library reads no file at run time', () => {
    const library = sources.filter((file) => file.startsWith('src/') && !file.endsWith('.test.ts') && !file.startsWith('src/testing/'));
    const readers = library.filter((file) => /from 'node:fs'|require\(['"]fs|readFileSync|import\.meta\.url/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(readers).toEqual([]);
  });
});

describe('one manifest per vendor, and every copy agrees with it', () => {
  const ids = MANIFESTS.map((m) => m.id);

  it('has a manifest for every spec folder, and a spec, client and recordings folder for every manifest', () => {
    expect([...ids].sort()).toEqual(specFolders());
    for (const id of ids) {
      expect(existsSync(join(ROOT, 'src', id, 'manifest.ts')), `src/${id}/manifest.ts`).toBe(true);
      expect(existsSync(join(ROOT, 'src', id, 'index.ts')), `src/${id}/index.ts`).toBe(true);
      expect(existsSync(join(ROOT, 'contract-tests', 'recordings', id)), `contract-tests/recordings/${id}`).toBe(true);
    }
  });

  it("redocly.yaml's apis: are the manifests, in order, at specs/<id>/openapi.yaml", () => {
    const config = parse(readFileSync(join(ROOT, 'redocly.yaml'), 'utf8')) as { apis: Record<string, { root: string }> };
    expect(Object.keys(config.apis)).toEqual(ids);
    for (const id of ids) expect(config.apis[id]!.root).toBe(`./specs/${id}/openapi.yaml`);
  });

  it('gives every API its own mock port', () => {
    const ports = MANIFESTS.map((m) => m.mockPort);
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports).not.toContain(4000);
  });

  it('.env.example is generated from the manifests', () => {
    const file = envExample();
    expect(readFileSync(file.path, 'utf8')).toBe(file.content);
    for (const manifest of MANIFESTS) for (const c of manifest.credentials) expect(file.content).toContain(`\n${c.env}=\n`);
  });

  it("the package exports each API's client and bundled spec", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    for (const id of ids) {
      expect(pkg.exports).toHaveProperty(`./${id}`);
      expect(pkg.exports[`./${id}/openapi.json`]).toBe(`./generated/${id}.openapi.json`);
    }
  });

  it("the README's API table lists every manifest with its title, page and port", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const m of MANIFESTS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${m.id}\``));
      expect(row, `README row for ${m.id}`).toBeDefined();
      expect(row).toContain(m.title);
      expect(row).toContain(m.docsUrl);
      expect(row).toContain(String(m.mockPort));
    }
  });

  it('every credential has an obviously fake value for tests and examples', () => {
    for (const m of MANIFESTS) for (const value of Object.values(fakeCredentialOptions(m))) expect(value).toMatch(/example|demo/);
  });
});

describe('a typed method for every operation', () => {
  it.each(REGISTRY.map((api) => [api.manifest.id, api] as const))('%s: each operationId of the spec is a client method', (_id, api) => {
    const client = api.createClient({ ...fakeCredentialOptions(api.manifest), baseUrl: 'http://127.0.0.1:9' }) as unknown as Record<string, unknown>;
    const operationIds = listOperations(api.spec).map((op) => op.operationId);
    expect(operationIds.length).toBeGreaterThan(0);
    const missing = operationIds.filter((id) => typeof client[id!] !== 'function');
    expect(missing).toEqual([]);
  });
});

describe('no tracked file refers to a file outside the repository', () => {
  // Seed file names, the shared folder, search-tool ids and the reference notes are ours, not the users'.
  const OUTSIDE = /shared\/(reference|seeds)|\.\.\/shared|[0-9]{3}_[0-9a-f]{16}\.txt|code ids? [0-9]{8,}|reference [a-z0-9-]+\.md/;
  it('names no path a user cannot open', () => {
    const offending = tracked
      .filter((file) => file !== 'package-lock.json' && !file.startsWith('node_modules/'))
      .flatMap((file) => {
        const text = readFileSync(join(ROOT, file), 'utf8');
        return text.split('\n').flatMap((line, i) => (OUTSIDE.test(line) ? [`${file}:${i + 1}`] : []));
      });
    expect(offending).toEqual([]);
  });

  it('the pattern catches what it must', () => {
    // Built from pieces, so that this file does not match itself.
    const samples = [`see ../${'shared'}/reference/kycaid.md`, `seed 000_42f2db1595cb9db6${'.txt'}`, `code id ${'6323672871'}8`, `reference ${'erd-bank131'}.md §C`];
    for (const sample of samples) {
      expect(OUTSIDE.test(sample), sample).toBe(true);
    }
  });
});
