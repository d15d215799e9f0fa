import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Browser, bundledChromium, decideBrowser, findChromium, visibleText } from './chromium.js';

describe('visibleText', () => {
  it('keeps what a reader sees: no head, scripts or styles, entities decoded, whitespace collapsed', () => {
    const html = '<html><head><title>Tab title</title></head><body><script>var hidden = 1;</script><style>p{}</style>\n<h1>A &amp; B</h1>  <p>x &lt; y &#8212; &#x41;&nbsp;z &unknown;</p></body></html>';
    expect(visibleText(html)).toBe('A & B x < y — A z &unknown;');
  });
});

describe('findChromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyc-chromium-test-'));
  const binary = join(dir, 'chromium');
  writeFileSync(binary, '#!/bin/sh\n');
  chmodSync(binary, 0o755);

  it('takes $CHROMIUM when it exists, and nothing else then', () => {
    expect(findChromium({ CHROMIUM: binary, PATH: '' })).toBe(binary);
    expect(findChromium({ CHROMIUM: join(dir, 'missing'), PATH: dir })).toBeUndefined();
  });

  it('else finds a Chromium or Chrome on the PATH, or says there is none', () => {
    expect(findChromium({ PATH: `/nonexistent:${dir}` })).toBe(binary);
    expect(findChromium({ PATH: '/nonexistent' })).toBeUndefined();
  });
});

describe('decideBrowser: whether the reference-page test runs here', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyc-chromium-decide-'));
  const onPath = join(dir, 'chromium-browser');
  writeFileSync(onPath, '#!/bin/sh\n');
  chmodSync(onPath, 0o755);
  // A machine with Node alone: a PATH without any Chromium, CHROMIUM unset, no usable bundled browser.
  const bare = { PATH: '/nonexistent:/also/nonexistent' };
  const none = () => undefined;
  const bundled: Browser = { path: '/cache/chromium', headless: ['--headless=shell'] };

  it('runs with a Chromium on the PATH or in $CHROMIUM, before asking for the bundled one', () => {
    const ask = () => {
      throw new Error('not asked');
    };
    expect(decideBrowser({ PATH: dir }, ask)).toEqual({ run: true, browser: { path: onPath } });
    expect(decideBrowser({ CHROMIUM: onPath, PATH: '' }, ask)).toEqual({ run: true, browser: { path: onPath } });
  });

  it('else runs with the Chromium of @sparticuz/chromium', () => {
    expect(decideBrowser({ PATH: '/nonexistent' }, () => bundled)).toEqual({ run: true, browser: bundled });
  });

  it('on a machine without any, skips with one line saying how to get one', () => {
    const decision = decideBrowser(bare, none);
    expect(decision).toMatchObject({ run: false, fail: false });
    const message = (decision as { message: string }).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('apt-get install chromium');
    expect(message).toContain('CHROMIUM');
  });

  it('under CI=true, a missing browser fails instead', () => {
    expect(decideBrowser({ ...bare, CI: 'true' }, none)).toMatchObject({ run: false, fail: true, message: expect.stringContaining('CI=true') });
  });

  it('a CHROMIUM that does not exist fails, naming it, even outside CI', () => {
    expect(decideBrowser({ CHROMIUM: join(dir, 'nope'), PATH: dir }, () => bundled)).toEqual({ run: false, fail: true, message: `CHROMIUM=${join(dir, 'nope')} does not exist` });
  });

  it('a bundled browser that cannot be unpacked is a skip that says why (a failure under CI)', () => {
    const broken = () => {
      throw new Error('disk full');
    };
    expect(decideBrowser(bare, broken)).toMatchObject({ run: false, fail: false, message: expect.stringContaining('could not be unpacked (disk full)') });
    expect(decideBrowser({ ...bare, CI: 'true' }, broken)).toMatchObject({ run: false, fail: true });
  });

  it('there is no bundled browser but on Linux x64', () => {
    expect(bundledChromium(dir, 'darwin-arm64')).toBeUndefined();
    expect(bundledChromium(dir, 'linux-arm64')).toBeUndefined();
  });
});
