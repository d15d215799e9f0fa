import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, visibleText } from './chromium.js';

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
