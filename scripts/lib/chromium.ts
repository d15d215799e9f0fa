/**
 * Headless Chromium for the tests that look at a page the way a reader does: the DOM after the page's own scripts
 * ran (`--dump-dom`), with every host but loopback unresolvable, so a page that needs the network shows it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const CHROMIUM_MISSING =
  'Chromium is needed to look at the reference pages: install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM to the path of a Chromium or Chrome binary.';

/** `$CHROMIUM`, else the first Chromium or Chrome on the PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['CHROMIUM']) return existsSync(env['CHROMIUM']) ? env['CHROMIUM'] : undefined;
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const name of CANDIDATES) for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

export interface RenderedPage {
  /** The DOM as the page's scripts left it. */
  readonly html: string;
  /** What a reader sees: the DOM's text without scripts, styles and tags, entities decoded, whitespace collapsed. */
  readonly text: string;
}

/** Loads `url` in headless Chromium, lets its scripts run for `budgetMs` of virtual time, and returns the DOM. */
export async function renderPage(chromium: string, url: string, budgetMs = 10_000): Promise<RenderedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'kyc-chromium-'));
  try {
    const html = await new Promise<string>((resolve, reject) => {
      const child = spawn(chromium, [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
        // No background traffic, and no host but loopback: the page must render from what it carries.
        '--disable-background-networking', '--disable-component-update', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
        `--user-data-dir=${profile}`, `--virtual-time-budget=${budgetMs}`, '--dump-dom', url,
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), budgetMs + 50_000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0 && out.length > 0) resolve(out);
        else reject(new Error(`${chromium} --dump-dom ${url} ended with ${signal ?? `exit ${code}`}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
    return { html, text: visibleText(html) };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function visibleText(html: string): string {
  return html
    .replace(/<(head|script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
