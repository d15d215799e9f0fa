/**
 * Headless Chromium for the tests that look at a page the way a reader does: the DOM after the page's own scripts
 * ran, with every host but loopback unresolvable, so a page that needs the network shows it. The browser is driven
 * over the DevTools protocol on a pipe (`--remote-debugging-pipe`), not with `--dump-dom`: the Chromium that
 * @sparticuz/chromium ships (the one a machine with only Node gets) never returns from `--dump-dom` or
 * `--screenshot` there, and answers the protocol like any other Chromium.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** A browser binary and what its environment needs (the bundled one brings its own libraries and fonts). */
export interface Browser {
  readonly path: string;
  readonly env?: Readonly<Record<string, string>>;
  /** How it runs headless (default `--headless`). */
  readonly headless?: readonly string[];
}

export const CHROMIUM_MISSING =
  'no Chromium: install one (Debian/Ubuntu: `apt-get install chromium`), set CHROMIUM to the path of a Chromium or Chrome binary, or run `npm ci` on Linux x64 (the @sparticuz/chromium dev dependency ships one)';

/** `$CHROMIUM`, else the first Chromium or Chrome on the PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['CHROMIUM']) return existsSync(env['CHROMIUM']) ? env['CHROMIUM'] : undefined;
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const name of CANDIDATES) for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/**
 * The Chromium inside the @sparticuz/chromium package (Linux x64 only), unpacked once into `cacheDir`: the binary,
 * the NSS libraries it links against (a machine with only Node lacks them) and its fonts. Undefined when the package
 * is not installed or the platform is another.
 */
export function bundledChromium(cacheDir: string, platform = `${process.platform}-${process.arch}`): Browser | undefined {
  if (platform !== 'linux-x64') return undefined;
  let packageDir: string;
  try {
    // The package exports no package.json: its CommonJS entry is build/cjs/index.cjs.
    packageDir = dirname(dirname(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'))));
  } catch {
    return undefined;
  }
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = join(cacheDir, `sparticuz-chromium-${version}`);
  if (!existsSync(join(dir, 'chromium'))) unpack(join(packageDir, 'bin'), dir);
  // A build for AWS Lambda: headless-shell only, and its pages start only in one process (no renderer comes up else).
  return { path: join(dir, 'chromium'), env: { LD_LIBRARY_PATH: join(dir, 'lib'), FONTCONFIG_PATH: join(dir, 'fonts') }, headless: ['--headless=shell', '--single-process', '--no-zygote'] };
}

function unpack(bin: string, dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  const work = mkdtempSync(`${dir}.partial-`);
  try {
    writeFileSync(join(work, 'chromium'), brotliDecompressSync(readFileSync(join(bin, 'chromium.br'))), { mode: 0o755 });
    untar(brotliDecompressSync(readFileSync(join(bin, 'al2023.tar.br'))), work); // lib/libnss3.so and friends
    mkdirSync(join(work, 'fonts'));
    untar(brotliDecompressSync(readFileSync(join(bin, 'fonts.tar.br'))), join(work, 'fonts'));
    // The package's fonts.conf names /tmp/fonts: point it at this copy.
    writeFileSync(join(work, 'fonts', 'fonts.conf'), `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${join(dir, 'fonts', 'fonts')}</dir><cachedir>${join(dir, 'fonts-cache')}</cachedir></fontconfig>\n`);
    renameSync(work, dir);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    // Another process unpacked it first.
    if (!existsSync(join(dir, 'chromium'))) throw error;
  }
}

function untar(archive: Buffer, into: string): void {
  const result = spawnSync('tar', ['-x', '-C', into], { input: archive });
  if (result.status !== 0) throw new Error(`tar -x into ${into} failed: ${result.stderr.toString().trim()}`);
}

/** Whether the browser test runs here, and if not, the one line that says why and what to do. */
export type BrowserDecision =
  | { readonly run: true; readonly browser: Browser }
  | { readonly run: false; readonly fail: boolean; readonly message: string };

/**
 * `$CHROMIUM`, a Chromium on the PATH, else the bundled one (`bundled()`, asked only then). Without any, the test is
 * skipped with a message, except under `CI=true`, where it fails: CI must look at the pages.
 */
export function decideBrowser(env: NodeJS.ProcessEnv, bundled: () => Browser | undefined): BrowserDecision {
  const found = findChromium(env);
  if (found) return { run: true, browser: { path: found } };
  if (env['CHROMIUM']) return { run: false, fail: true, message: `CHROMIUM=${env['CHROMIUM']} does not exist` };
  let browser: Browser | undefined;
  let why = CHROMIUM_MISSING;
  try {
    browser = bundled();
  } catch (error) {
    why = `the Chromium of @sparticuz/chromium could not be unpacked (${(error as Error).message}); ${CHROMIUM_MISSING}`;
  }
  if (browser) return { run: true, browser };
  const ci = env['CI'] === 'true' || env['CI'] === '1';
  return { run: false, fail: ci, message: `${ci ? 'CI=true, and ' : ''}${why}` };
}

export interface RenderedPage {
  /** The DOM as the page's scripts left it. */
  readonly html: string;
  /** What a reader sees: the DOM's text without scripts, styles and tags, entities decoded, whitespace collapsed. */
  readonly text: string;
}

/**
 * Loads `url` in headless Chromium and returns the DOM once the page has loaded and then stopped changing for 2 s
 * (sampled every 250 ms), or after `budgetMs` at the latest.
 */
export async function renderPage(browser: Browser | string, url: string, budgetMs = 10_000): Promise<RenderedPage> {
  const { path, env, headless = ['--headless'] } = typeof browser === 'string' ? ({ path: browser } as Browser) : browser;
  const profile = mkdtempSync(join(tmpdir(), 'kyc-chromium-'));
  const child = spawn(path, [
    ...headless, '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-sync',
    // No background traffic, and no host but loopback: the page must render from what it carries.
    '--disable-background-networking', '--disable-component-update', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const devtools = new DevTools(child.stdio[3] as NodeJS.WritableStream, child.stdio[4] as NodeJS.ReadableStream);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ended = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`${path} ended with ${signal ?? `exit ${code}`} before ${url} rendered: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
  });
  ended.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const hard = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${path} did not render ${url} within ${budgetMs + 50_000} ms`)), budgetMs + 50_000)));
  try {
    const html = await Promise.race([ended, hard, load(devtools, url, budgetMs)]);
    return { html, text: visibleText(html) };
  } finally {
    clearTimeout(timer);
    child.kill('SIGKILL');
    // The profile is removed once the browser has stopped writing to it.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function load(devtools: DevTools, url: string, budgetMs: number): Promise<string> {
  const { targetId } = (await devtools.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await devtools.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  await devtools.send('Page.enable', {}, sessionId);
  const loaded = devtools.once('Page.loadEventFired', sessionId);
  await devtools.send('Page.navigate', { url }, sessionId);
  const deadline = Date.now() + budgetMs;
  await Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, budgetMs))]);
  const evaluate = async (expression: string) =>
    ((await devtools.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value: unknown } }).result.value;
  // Settled: the text and the number of elements unchanged for 2 s (a large page's app may start a second or more
  // after its load event).
  let last: unknown;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await evaluate('document.body ? document.body.innerText.length + ":" + document.getElementsByTagName("*").length : ""');
    if (now === '' || now !== last) stableSince = Date.now();
    else if (Date.now() - stableSince >= 2_000) break;
    last = now;
  }
  return String(await evaluate('"<!DOCTYPE html>\\n" + document.documentElement.outerHTML'));
}

/** The DevTools protocol over Chromium's pipe: JSON messages, each ended by a NUL byte. */
class DevTools {
  private nextId = 0;
  private buffered = '';
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Set<(message: { method: string; sessionId?: string }) => void>();

  constructor(private readonly input: NodeJS.WritableStream, output: NodeJS.ReadableStream) {
    output.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
      for (let end = this.buffered.indexOf('\0'); end >= 0; end = this.buffered.indexOf('\0')) {
        const message = JSON.parse(this.buffered.slice(0, end)) as { id?: number; method?: string; sessionId?: string; result?: unknown; error?: { message: string } };
        this.buffered = this.buffered.slice(end + 1);
        const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
        if (waiting) {
          this.pending.delete(message.id!);
          if (message.error) waiting.reject(new Error(`DevTools: ${message.error.message}`));
          else waiting.resolve(message.result);
        } else if (message.method) for (const listener of this.listeners) listener(message as { method: string; sessionId?: string });
      }
    });
  }

  send(method: string, params: object, sessionId?: string): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  once(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) => {
      const listener = (message: { method: string; sessionId?: string }) => {
        if (message.method !== method || message.sessionId !== sessionId) return;
        this.listeners.delete(listener);
        resolve();
      };
      this.listeners.add(listener);
    });
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
