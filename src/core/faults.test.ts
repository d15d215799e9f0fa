/**
 * The fault suite: every vendor client, built with its real factory and its manifest's fake credentials, against
 * a loopback server that misbehaves. Every outcome must be the documented body or a documented KycContractsError
 * subclass: never `undefined` where a body is documented, never a TypeError, never a hang, never an unhandled
 * rejection, never a credential sent to another origin, and no memory kept after the call.
 */
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CannedResponse, type LoopbackServer, type ReceivedRequest, json, startLoopbackServer } from '../testing/loopback-server.js';
import { createBank131Client } from '../bank131/index.js';
import { bank131Manifest } from '../bank131/manifest.js';
import { createBrainysoftClient } from '../brainysoft/index.js';
import { brainysoftManifest } from '../brainysoft/manifest.js';
import { createErdClient } from '../erd/index.js';
import { erdManifest } from '../erd/manifest.js';
import { createKycaidClient } from '../kycaid/index.js';
import { kycaidManifest } from '../kycaid/manifest.js';
import type { CommonClientOptions } from './client.js';
import {
  ApiError,
  KycContractsError,
  NetworkError,
  ResponseParseError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import type { Exchange } from './exchange.js';
import type { VendorManifest } from './manifest.js';
import { type OpenApiDocument, resolveLocal } from './spec.js';
import bank131Spec from '../../generated/bank131.spec.js';
import brainysoftSpec from '../../generated/brainysoft.spec.js';
import erdSpec from '../../generated/erd.spec.js';
import kycaidSpec from '../../generated/kycaid.spec.js';

const specs: Record<string, OpenApiDocument> = { erd: erdSpec, kycaid: kycaidSpec, bank131: bank131Spec, brainysoft: brainysoftSpec };

// Every case is bounded: 15 s at most (each call's own limit is far shorter; `settle` reports a hang after 5 s).
vi.setConfig({ testTimeout: 15_000 });

const fakeOf = (manifest: VendorManifest) => manifest.credentials.find((c) => c.placement)!.fake;

/** One documented 2xx example of the operation under test, straight from the bundled spec. */
function documentedExample(api: string, method: string, path: string): unknown {
  const document = specs[api]!;
  const item = resolveLocal(document, document.paths![path], '').node as Record<string, { responses: Record<string, unknown> }>;
  const response = resolveLocal(document, item[method]!.responses['200'], '').node as { content: Record<string, { example?: unknown; examples?: Record<string, unknown> }> };
  const media = response.content['application/json']!;
  const examples = media.example !== undefined ? [media.example] : Object.values(media.examples ?? {}).map((e) => (resolveLocal(document, e, '').node as { value: unknown }).value);
  return examples.find((e) => (e as { status?: unknown }).status !== 'error');
}

interface Vendor {
  readonly id: string;
  readonly method: 'GET' | 'POST';
  readonly specPath: string;
  /** The one credential value: it must reach the configured origin and never another. */
  readonly credential: string;
  /** Calls the operation under test through the vendor's real client. */
  call(options: Partial<CommonClientOptions>, baseUrl: string): Promise<unknown>;
  example?: unknown;
}

const vendors: Vendor[] = [
  {
    id: 'erd',
    method: 'POST',
    specPath: '/api/v1/backend/erd/retrieve/',
    credential: fakeOf(erdManifest),
    call: (options, baseUrl) => createErdClient({ apiKey: fakeOf(erdManifest), ...options, baseUrl }).retrieveErd({ body: { iin: '010203040506' } }),
  },
  {
    id: 'kycaid',
    method: 'GET',
    specPath: '/applicants/{applicant_id}',
    credential: fakeOf(kycaidManifest),
    call: (options, baseUrl) => createKycaidClient({ apiToken: fakeOf(kycaidManifest), ...options, baseUrl }).getApplicant({ params: { path: { applicant_id: 'a1' } } }),
  },
  {
    id: 'bank131',
    method: 'GET',
    specPath: '/api/v1.1/check/{id}',
    credential: fakeOf(bank131Manifest),
    call: (options, baseUrl) => createBank131Client({ partnerProject: fakeOf(bank131Manifest), ...options, baseUrl }).getCheck({ params: { path: { id: '7' } } }),
  },
  {
    id: 'brainysoft',
    method: 'GET',
    specPath: '/main/clients/{id}',
    credential: fakeOf(brainysoftManifest),
    call: (options, baseUrl) => createBrainysoftClient({ token: fakeOf(brainysoftManifest), ...options, baseUrl }).getClientUsingGET({ params: { path: { id: 1 } } } as never),
  },
];

type Outcome = { kind: 'value'; value: unknown } | { kind: 'error'; error: unknown } | { kind: 'hang' };

/** Settles the call, or reports a hang after `limitMs` (the client's own limits are far shorter). */
async function settle(promise: Promise<unknown>, limitMs = 5_000): Promise<Outcome & { ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ kind: 'hang' }), limitMs)));
  const outcome = await Promise.race([
    promise.then(
      (value): Outcome => ({ kind: 'value', value }),
      (error: unknown): Outcome => ({ kind: 'error', error }),
    ),
    hang,
  ]);
  clearTimeout(timer);
  return { ...outcome, ms: Date.now() - started };
}

/** The outcome is a documented error of exactly this class (and so a KycContractsError, never a TypeError). */
function expectError<E extends KycContractsError>(outcome: Outcome, Class: abstract new (...args: never[]) => E): E {
  expect(outcome.kind, JSON.stringify(outcome.kind === 'value' ? outcome.value : outcome.kind)?.slice(0, 200)).toBe('error');
  const { error } = outcome as { error: unknown };
  expect(error, String(error)).toBeInstanceOf(KycContractsError);
  expect(error, String(error)).toBeInstanceOf(Class);
  return error as E;
}

function expectBody(outcome: Outcome, body: unknown): void {
  expect(outcome.kind, outcome.kind === 'error' ? String(outcome.error) : outcome.kind).toBe('value');
  const { value } = outcome as { value: unknown };
  expect(value).not.toBeUndefined();
  expect(value).toEqual(body);
}

/** Where a request carried the credential: a header value, or anywhere in the body (ERD's `api_key`). */
const carries = (request: ReceivedRequest, credential: string) => JSON.stringify(request.headers).includes(credential) || request.bodyText.includes(credential);

const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => void unhandled.push(reason);
let server: LoopbackServer;
let other: LoopbackServer;

beforeAll(async () => {
  process.on('unhandledRejection', recordUnhandled);
  server = await startLoopbackServer(undefined, { lifetimeMs: 180_000 });
  other = await startLoopbackServer(() => json(200, { stolen: true }), { lifetimeMs: 180_000 });
  for (const vendor of vendors) vendor.example = documentedExample(vendor.id, vendor.method.toLowerCase(), vendor.specPath);
});

afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
  process.off('unhandledRejection', recordUnhandled);
});

const endless = (piece: string) =>
  (function* () {
    for (;;) yield piece;
  })();

describe.each(vendors)('$id client under faults', (vendor) => {
  const call = (options: Partial<CommonClientOptions> = {}) => vendor.call({ timeoutMs: 2_000, ...options }, server.url);
  const answer = (canned: CannedResponse | ((request: ReceivedRequest, index: number) => CannedResponse)) =>
    server.handle(typeof canned === 'function' ? canned : () => canned);

  it('resolves with the documented body (control), having sent the credential to the configured origin', async () => {
    answer(json(200, vendor.example));
    expectBody(await settle(call()), vendor.example);
    expect(server.received).toHaveLength(1);
    expect(carries(server.received[0]!, vendor.credential)).toBe(true);
  });

  it('reports invalid JSON in a 2xx as ResponseParseError, keeping the raw text', async () => {
    answer({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"status": "ok", oops' });
    const error = expectError(await settle(call()), ResponseParseError);
    expect(error.rawBody).toBe('{"status": "ok", oops');
  });

  it('reports an HTML 5xx as ApiError keeping the page as text', async () => {
    const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    answer({ status: 502, headers: { 'content-type': 'text/html' }, body: page });
    const error = expectError(await settle(call()), ApiError);
    expect(error).toMatchObject({ status: 502, body: page, rawBody: page });
  });

  it('reports an empty 2xx (a documented 200, or a 204 the spec does not list) as ResponseParseError, never undefined', async () => {
    for (const [status, headers] of [[200, { 'content-type': 'application/json' }], [200, {}], [204, {}], [202, { 'content-type': 'application/json' }]] as const) {
      answer({ status, headers });
      const error = expectError(await settle(call()), ResponseParseError);
      expect(error).toMatchObject({ status, rawBody: '' });
    }
  });

  it('counts the inflated bytes of a compressed body against maxResponseBytes', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    answer({ status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, body: bomb });
    expectError(await settle(call({ maxResponseBytes: 64 * 1024 })), ResponseTooLargeError);
  });

  it('reports JSON under a text/plain content type as ResponseParseError', async () => {
    answer({ status: 200, headers: { 'content-type': 'text/plain' }, body: JSON.stringify(vendor.example) });
    const error = expectError(await settle(call()), ResponseParseError);
    expect(error.contentType).toBe('text/plain');
  });

  it('gives up on no answer at timeoutMs with TimeoutError', async () => {
    answer({ status: 200, fault: 'hang' });
    const outcome = await settle(call({ timeoutMs: 150 }));
    expect(expectError(outcome, TimeoutError).timeoutMs).toBe(150);
    expect(outcome.ms).toBeLessThan(1_500);
  });

  it('reports a connection reset before the headers as NetworkError (request phase)', async () => {
    answer({ status: 200, fault: 'reset-before-headers' });
    expect(expectError(await settle(call()), NetworkError).phase).toBe('request');
  });

  it('reports a connection reset mid-body as NetworkError (body phase)', async () => {
    answer({ status: 200, headers: { 'content-type': 'application/json' }, chunks: ['{"status":"ok","data":', '{"id":'], fault: 'reset-mid-body' });
    expect(expectError(await settle(call()), NetworkError)).toMatchObject({ phase: 'body', status: 200 });
  });

  it('stops a body that trickles past maxResponseBytes with ResponseTooLargeError', async () => {
    answer({ status: 200, headers: { 'content-type': 'application/json' }, chunks: endless(' '.repeat(512)), chunkDelayMs: 2 });
    const error = expectError(await settle(call({ maxResponseBytes: 8 * 1024, timeoutMs: 4_000 })), ResponseTooLargeError);
    expect(error.limitBytes).toBe(8 * 1024);
  });

  it('refuses a body over the limit, with Content-Length and without', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(20_000) });
    answer({ status: 200, headers: { 'content-type': 'application/json' }, body: big });
    expectError(await settle(call({ maxResponseBytes: 10_000 })), ResponseTooLargeError);
    answer({ status: 200, headers: { 'content-type': 'application/json' }, chunks: [big.slice(0, 8_000), big.slice(8_000)] });
    expectError(await settle(call({ maxResponseBytes: 10_000 })), ResponseTooLargeError);
    // An error body over the limit is refused the same way.
    answer({ status: 500, headers: { 'content-type': 'text/html' }, body: `<html>${'x'.repeat(20_000)}</html>` });
    expect(expectError(await settle(call({ maxResponseBytes: 10_000 })), ResponseTooLargeError).status).toBe(500);
  });

  it('reports 429 with Retry-After as ApiError carrying the header, and waits as asked when retrying', async () => {
    answer(json(429, { message: 'slow down' }, { 'retry-after': '0.2' }));
    const error = expectError(await settle(call()), ApiError);
    expect(error.status).toBe(429);
    expect(error.headers['retry-after']).toBe('0.2');

    answer((_req, index) => (index === 0 ? json(429, {}, { 'retry-after': '0.2' }) : json(200, vendor.example)));
    const retried = await settle(call({ retry: { retries: 2, methods: [vendor.method] } }));
    expectBody(retried, vendor.example);
    expect(server.received).toHaveLength(2);
    expect(retried.ms).toBeGreaterThanOrEqual(150);
  });

  it('rides out 503 then 200 with retry (idempotent methods by default; POST only when the policy says so)', async () => {
    answer((_req, index) => (index === 0 ? json(503, {}) : json(200, vendor.example)));
    const byDefault = await settle(call({ retry: 2 }));
    if (vendor.method === 'GET') {
      expectBody(byDefault, vendor.example);
      expect(server.received).toHaveLength(2);
    } else {
      expect(expectError(byDefault, ApiError).status).toBe(503);
      expect(server.received).toHaveLength(1);
    }
    answer((_req, index) => (index === 0 ? json(503, {}) : json(200, vendor.example)));
    expectBody(await settle(call({ retry: { retries: 2, methods: [vendor.method], backoff: { initialMs: 10, factor: 2, maxMs: 100 } } })), vendor.example);
  });

  it.each([301, 302, 307, 308])('follows a same-origin %i to the documented body', async (status) => {
    answer((req) => (req.url.startsWith('/moved') ? json(200, vendor.example) : { status, headers: { location: '/moved/here' } }));
    expectBody(await settle(call()), vendor.example);
    expect(server.received.map((r) => r.url)[1]).toBe('/moved/here');
    expect(carries(server.received[1]!, vendor.credential) || server.received[1]!.method === 'GET').toBe(true);
  });

  it.each([301, 302, 303, 307, 308])('refuses a cross-origin %i with ApiError; the other origin never sees a credential', async (status) => {
    answer({ status, headers: { location: `${other.origin}/collect` } });
    other.handle(() => json(200, vendor.example));
    const error = expectError(await settle(call()), ApiError);
    expect(error.status).toBe(status);
    expect(error.vendorMessage).toMatch(/another origin/);
    expect(carries(server.received[0]!, vendor.credential)).toBe(true);
    expect(other.received.filter((r) => carries(r, vendor.credential))).toEqual([]);
    expect(other.received).toHaveLength(0);
  });

  it('refuses a cross-origin redirect after a same-origin hop, with retries on', async () => {
    answer((req) => (req.url === '/hop' ? { status: 307, headers: { location: `${other.origin}/collect` } } : { status: 302, headers: { location: '/hop' } }));
    other.handle(() => json(200, vendor.example));
    expectError(await settle(call({ retry: { retries: 3, methods: [vendor.method], statuses: [301, 302, 307, 308, 503] } })), ApiError);
    expect(other.received).toHaveLength(0);
  });

  it('checks a well-formed body of the wrong shape only with validateResponses', async () => {
    const wrong = [{ unexpected: true }];
    answer(json(200, wrong));
    expectBody(await settle(call()), wrong);
    const error = expectError(await settle(call({ validateResponses: true })), ResponseValidationError);
    expect(error.body).toEqual(wrong);
    expect(error.issues.length).toBeGreaterThan(0);
    answer(json(200, vendor.example));
    expectBody(await settle(call({ validateResponses: true })), vendor.example);
  });

  it('shows an observer every exchange of a failing call without changing the outcome', async () => {
    const seen: Exchange[] = [];
    answer(json(503, { message: 'busy' }));
    expectError(await settle(call({ onExchange: (exchange) => void seen.push(exchange) })), ApiError);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.response.status).toBe(503);
  });
});

describe('token providers and deadlines', () => {
  it('times a BrainySoft token provider that never answers out at timeoutMs', async () => {
    server.handle(() => json(200, {}));
    const client = createBrainysoftClient({ baseUrl: server.url, token: async () => new Promise<string>(() => {}), timeoutMs: 150 });
    const outcome = await settle(client.getClientUsingGET({ params: { path: { id: 1 } } } as never));
    expect(expectError(outcome, TimeoutError).timeoutMs).toBe(150);
    expect(outcome.ms).toBeLessThan(1_500);
    expect(server.received).toHaveLength(0);
  });

  it('counts a slow token provider against the same limit as the request', async () => {
    server.handle(() => ({ ...json(200, {}), delayMs: 120 }));
    const client = createBrainysoftClient({ baseUrl: server.url, token: () => new Promise<string>((resolve) => setTimeout(() => resolve('t'), 120)), timeoutMs: 180 });
    expectError(await settle(client.getClientUsingGET({ params: { path: { id: 1 } } } as never)), TimeoutError);
  });

  it('has no limit with timeoutMs 0', async () => {
    const example = vendors.find((v) => v.id === 'kycaid')!.example;
    server.handle(() => ({ ...json(200, example), delayMs: 100 }));
    expectBody(await settle(vendors.find((v) => v.id === 'kycaid')!.call({ timeoutMs: 0 }, server.url)), example);
  });
});

/** Runs `code` (an ES module body) in a fresh Node with --expose-gc and tsx; resolves with its last stdout line as JSON. */
function runChild(code: string, limitMs = 60_000): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (codeOrNull) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (codeOrNull !== 0) return reject(new Error(`child exited ${codeOrNull}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as Record<string, number>);
      } catch {
        reject(new Error(`child said ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}

const src = new URL('..', import.meta.url).pathname;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('memory', () => {
  // The observer keeps every exchange it sees: a multipart upload appears in them as a summary, never as the file.
  it('keeps nothing of 100 failed 1 MB uploads (kycaid uploadFile, with an onExchange that keeps every exchange)', async () => {
    const upload = await startLoopbackServer(
      (_req, index) => (index % 10 === 9 ? { status: 200, fault: 'reset-before-headers' } : json(index % 2 ? 500 : 422, { type: 'validation', errors: [{ parameter: 'file', message: 'bad' }] })),
      { recordBodies: false, lifetimeMs: 60_000 },
    );
    try {
      const result = await runChild(`
        const { createKycaidClient } = await import(${JSON.stringify(`${src}kycaid/index.ts`)});
        const exchanges = [];
        const client = createKycaidClient({ apiToken: 'example0kycaid0api0token000000000000', baseUrl: ${JSON.stringify(upload.url)}, onExchange: (e) => { exchanges.push(e); } });
        const settle = (p) => p.then(() => 'resolved', (e) => e.constructor.name);
        const heap = () => { gc(); gc(); return process.memoryUsage(); };
        for (let i = 0; i < 3; i++) await settle(client.uploadFile(Buffer.alloc(1024), { contentType: 'image/jpeg' }));
        await new Promise((r) => setTimeout(r, 50));
        const before = heap();
        const names = new Set();
        for (let i = 0; i < 100; i++) names.add(await settle(client.uploadFile(Buffer.alloc(1024 * 1024, i), { contentType: 'image/jpeg' })));
        await new Promise((r) => setTimeout(r, 100));
        const after = heap();
        const MB = 1024 * 1024;
        console.log(JSON.stringify({
          heapMB: (after.heapUsed - before.heapUsed) / MB,
          externalMB: (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / MB,
          rssMB: (after.rss - before.rss) / MB,
          exchanges: exchanges.length,
          typed: [...names].every((n) => n === 'ApiError' || n === 'RequestValidationError' || n === 'NetworkError') ? 1 : 0,
        }));
      `);
      expect(upload.received).toHaveLength(103);
      expect(upload.received.slice(3).every((r) => r.bodyBytes > 1024 * 1024)).toBe(true);
      expect(result['typed']).toBe(1);
      expect(result['exchanges']).toBeGreaterThanOrEqual(90);
      // 100 uploads of 1 MB: keeping them would leave ~100 MB; what remains must be noise.
      expect(result['heapMB']).toBeLessThan(10);
      expect(result['externalMB']).toBeLessThan(10);
      console.info(`memory kept after 100 failed 1 MB uploads: heap ${result['heapMB']!.toFixed(1)} MB, external ${result['externalMB']!.toFixed(1)} MB, rss ${result['rssMB']!.toFixed(1)} MB`);
    } finally {
      await upload.close();
    }
  }, 60_000);

  // Both ways a body arrives: with a Content-Length (read natively) and chunked (streamed under the size limit).
  it.each(['content-length', 'chunked'] as const)('needs little more than fetch + JSON.parse for an 8 MB JSON body (%s)', async (framing) => {
    const item = { id: '723f46ab04feb64f442946f2953a67eaecf7', status: 'completed', verified: true, comment: 'ok, all documents verified', score: 0.97 };
    const items: unknown[] = [];
    let size = 0;
    while (size < 8 * 1024 * 1024) {
      items.push({ ...item, n: items.length });
      size += 130;
    }
    const body = JSON.stringify({ data: items, total: items.length });
    const pieces = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, k) => body.slice(k * 65_536, (k + 1) * 65_536));
    const big = await startLoopbackServer(
      () => ({ status: 200, headers: { 'content-type': 'application/json' }, ...(framing === 'chunked' ? { chunks: pieces } : { body }) }),
      { lifetimeMs: 120_000, recordBodies: false },
    );
    const measure = (mode: 'fetch' | 'client') =>
      runChild(`
        const { createKycaidClient } = await import(${JSON.stringify(`${src}kycaid/index.ts`)});
        const url = ${JSON.stringify(big.url)};
        const client = createKycaidClient({ apiToken: 'example0kycaid0api0token000000000000', baseUrl: url });
        const viaFetch = async () => JSON.parse(await (await fetch(url + '/verifications', { headers: { authorization: 'Token x' } })).text());
        const viaClient = () => client.listVerifications();
        const run = ${mode === 'fetch' ? 'viaFetch' : 'viaClient'};
        // Warm up (modules, connection pool), then measure one large call.
        await fetch(url + '/warm').then((r) => r.arrayBuffer());
        gc(); gc();
        const before = process.memoryUsage();
        // RSS is sampled like the heap: the process's high-water mark (maxRSS) may have been set by loading the
        // modules, and then a call that stays below it shows no growth at all.
        let heapPeak = before.heapUsed + before.external + before.arrayBuffers;
        let rssPeak = before.rss;
        const sample = () => { const m = process.memoryUsage(); heapPeak = Math.max(heapPeak, m.heapUsed + m.external + m.arrayBuffers); rssPeak = Math.max(rssPeak, m.rss); };
        const sampler = setInterval(sample, 1);
        const value = await run();
        clearInterval(sampler);
        sample();
        gc(); gc();
        const kept = process.memoryUsage();
        const MB = 1024 * 1024;
        console.log(JSON.stringify({
          items: value.data.length,
          peakMB: (heapPeak - before.heapUsed - before.external - before.arrayBuffers) / MB,
          rssPeakMB: (rssPeak - before.rss) / MB,
          keptMB: (kept.heapUsed - before.heapUsed) / MB,
        }));
      `);
    try {
      const runs: Record<'fetch' | 'client', Array<Record<string, number>>> = { fetch: [], client: [] };
      for (let i = 0; i < 5; i++) {
        runs.fetch.push(await measure('fetch'));
        runs.client.push(await measure('client'));
      }
      for (const r of [...runs.fetch, ...runs.client]) expect(r['items']).toBe(items.length);
      const pick = (mode: 'fetch' | 'client', key: string) => median(runs[mode].map((r) => r[key]!));
      const peakRatio = pick('client', 'peakMB') / pick('fetch', 'peakMB');
      const rssRatio = pick('client', 'rssPeakMB') / Math.max(1, pick('fetch', 'rssPeakMB'));
      const keptRatio = pick('client', 'keptMB') / pick('fetch', 'keptMB');
      console.info(
        `8 MB JSON body (${framing}), client vs fetch + JSON.parse (medians of 5): sampled heap+external peak ${pick('client', 'peakMB').toFixed(1)} vs ${pick('fetch', 'peakMB').toFixed(1)} MB (×${peakRatio.toFixed(2)}), ` +
          `RSS peak ${pick('client', 'rssPeakMB').toFixed(1)} vs ${pick('fetch', 'rssPeakMB').toFixed(1)} MB (×${rssRatio.toFixed(2)}), kept after GC ${pick('client', 'keptMB').toFixed(1)} vs ${pick('fetch', 'keptMB').toFixed(1)} MB (×${keptRatio.toFixed(2)})`,
      );
      // Target ~1.2×; the bounds leave room for GC timing noise but fail on a second copy of the body or the result.
      expect(peakRatio).toBeLessThan(1.5);
      // RSS peaks move with the allocator: compared with 8 MB of slack, enough to catch a second copy of the body.
      expect(pick('client', 'rssPeakMB')).toBeLessThan(pick('fetch', 'rssPeakMB') * 1.5 + 8);
      expect(keptRatio).toBeLessThan(1.2);
    } finally {
      await big.close();
    }
  }, 120_000);
});

describe('the whole suite', () => {
  it('left no unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});
