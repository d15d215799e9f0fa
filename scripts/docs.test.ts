/**
 * The reference pages: one per API, self-contained (no script or stylesheet from another host), naming every
 * operationId of the spec; served by the mock host at /docs and /docs/<api>.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFESTS } from '../src/manifests.js';
import { buildDocs, hashRouterLinks } from './docs.js';
import { ROOT } from './lib/apis.js';
import { type BrowserDecision, bundledChromium, decideBrowser, renderPage } from './lib/chromium.js';
import { type MockHost, startMockHost } from './mock/host.js';
import { bundlePath } from './mock/spec.js';

const apis = MANIFESTS.map((m) => m.id);
const out = mkdtempSync(join(tmpdir(), 'kyc-docs-'));

interface BundledSpec {
  readonly info: { readonly title: string; readonly summary?: string };
  readonly paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
}
const bundled = (api: string) => JSON.parse(readFileSync(bundlePath(api), 'utf8')) as BundledSpec;
const operationsOf = (api: string) => Object.values(bundled(api).paths).flatMap((item) => Object.values(item).filter((op) => op && typeof op === 'object' && op.operationId));

function operationIds(api: string): string[] {
  return operationsOf(api).map((op) => op.operationId!);
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

  it('points pre-rendered router links at the hash the page routes by, and leaves every other link alone', () => {
    expect(hashRouterLinks('<a class="x" href="/erd" data-discover="true"><li>erd</li></a>')).toBe('<a class="x" href="#/erd" data-discover="true"><li>erd</li></a>');
    expect(hashRouterLinks('<a href="/" data-discover="true">')).toBe('<a href="#/" data-discover="true">');
    expect(hashRouterLinks('<a href="#/erd" data-discover="true">')).toBe('<a href="#/erd" data-discover="true">');
    expect(hashRouterLinks('<a href="/erd">x</a><a href="https://guide.biometric.kz/" data-discover="true">')).toBe('<a href="/erd">x</a><a href="https://guide.biometric.kz/" data-discover="true">');
  });

  it('links every page from the index', () => {
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const api of apis) expect(index).toContain(`href="${api}.html"`);
  });

  describe('served by the mock host', () => {
    let host: MockHost;
    let browser: BrowserDecision;
    beforeAll(async () => {
      host = await startMockHost({ ports: { erd: 0, kycaid: 0, bank131: 0, brainysoft: 0, biometric: 0, all: 0 }, quiet: true, docsDir: out });
      // A Chromium wherever one can be had; elsewhere one line says the pages were not opened and how to open them.
      browser = decideBrowser(process.env, () => bundledChromium(join(ROOT, 'node_modules', '.cache', 'kyc-contracts')));
      if (!browser.run && !browser.fail) console.warn(`reference pages NOT opened in a browser: ${browser.message}`);
    }, 120_000);
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

    // What a reader gets: the page after its scripts ran, in a real browser that can reach nothing but loopback.
    // The HTML is pre-rendered, so the text alone proves little: the app must also have started (the "Loading..."
    // placeholder replaced by its search box), which a page that needs a script from the network never does.
    it.for(apis)('%s: starts in headless Chromium with no network, showing title, summary and every tag with operations', { timeout: 90_000 }, async (api, { skip }) => {
      if (!browser.run) {
        if (browser.fail) throw new Error(browser.message);
        return skip(browser.message);
      }
      const { html, text } = await renderPage(browser.browser, `${host.allUrl}/docs/${api}`);
      expect(text).not.toContain('Loading...');
      expect(text).toMatch(/^Search\b/);
      const spec = bundled(api);
      expect(text).toContain(spec.info.title);
      if (spec.info.summary) expect(text).toContain(spec.info.summary.replace(/`/g, ''));
      for (const tag of new Set(operationsOf(api).flatMap((op) => op.tags ?? []))) expect(text, `tag ${tag}`).toContain(tag);
      expect(text).not.toMatch(/something went wrong|failed to load|error loading/i);
      // The page routes by hash: a sidebar link to `/erd` (what the pre-rendered HTML had) leaves the page for the
      // mock's ERD API when opened in a new tab or copied.
      const routerLinks = [...html.matchAll(/<a\b[^>]*\bdata-discover="true"[^>]*>/g)].map((m) => /\bhref="([^"]*)"/.exec(m[0])?.[1]);
      expect(routerLinks.length).toBeGreaterThan(1);
      expect(routerLinks.filter((href) => !href?.startsWith('#/'))).toEqual([]);
    });
  });
});
