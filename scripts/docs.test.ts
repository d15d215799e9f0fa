/**
 * The reference pages: one per API, self-contained (no script or stylesheet from another host), naming every
 * operationId of the spec; served by the mock host at /docs and /docs/<api>.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFESTS } from '../src/manifests.js';
import { buildDocs } from './docs.js';
import { type MockHost, startMockHost } from './mock/host.js';
import { bundlePath } from './mock/spec.js';

const apis = MANIFESTS.map((m) => m.id);
const out = mkdtempSync(join(tmpdir(), 'kyc-docs-'));

function operationIds(api: string): string[] {
  const document = JSON.parse(readFileSync(bundlePath(api), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
  return Object.values(document.paths).flatMap((item) => Object.values(item).flatMap((op) => (op && typeof op === 'object' && op.operationId ? [op.operationId] : [])));
}

describe('reference pages', () => {
  let files: string[] = [];
  beforeAll(async () => {
    files = await buildDocs(apis, out);
  }, 120_000);

  it('builds one page per API and an index', () => {
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual([...apis.map((api) => `${api}.html`), 'index.html'].sort());
  });

  it.each(apis)('%s: self-contained, and names every operationId', (api) => {
    const html = readFileSync(join(out, `${api}.html`), 'utf8');
    const external = [...html.matchAll(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?\/\/[^"'\s>]+/gi)].map((m) => m[0]);
    expect(external).toEqual([]);
    const ids = operationIds(api);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(html, id).toContain(id);
  });

  it('links every page from the index', () => {
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const api of apis) expect(index).toContain(`href="${api}.html"`);
  });

  describe('served by the mock host', () => {
    let host: MockHost;
    beforeAll(async () => {
      host = await startMockHost({ ports: { erd: 0, kycaid: 0, bank131: 0, brainysoft: 0, all: 0 }, quiet: true, docsDir: out });
    });
    afterAll(() => host.stop());

    it('at /docs/ (the index), /docs/<api> and /docs/<api>.html', async () => {
      const redirect = await fetch(`${host.allUrl}/docs`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/docs/');
      const index = await fetch(`${host.allUrl}/docs/`);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await index.text()).toContain('href="kycaid.html"');
      for (const path of ['/docs/kycaid', '/docs/kycaid.html']) {
        const page = await fetch(`${host.allUrl}${path}`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('createVerification');
      }
    });
  });
});
