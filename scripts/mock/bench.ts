/**
 * benchMock(): the one-process mock host against one `prism mock` CLI serving one spec, in the same run:
 * start time until every API answers, RSS, and autocannon throughput (concurrency 50, 10 000 requests) on ERD and
 * on Bank 131's stateful routes (POST check + GET status), with errors and memory after vs before the load.
 * Also what the control features cost (benchControl). Prints a table of ratios with the targets; tests never assert
 * on these numbers. (`npx tsx scripts/mock/bench.ts`)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { MANIFESTS } from '../../src/manifests.js';
import { REPO_ROOT } from './spec.js';

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve('@stoplight/prism-cli/dist/index.js');
const TSX_LOADER = require.resolve('tsx');

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: object) => Promise<AutocannonResult>;

export interface BenchRow {
  readonly what: string;
  readonly mock: string;
  readonly prism: string;
  readonly ratio: string;
  readonly target: string;
  readonly ok: boolean;
}

export interface BenchOptions {
  /** Requests per load run (default 10 000). */
  readonly requests?: number;
  /** Concurrent connections (default 50). */
  readonly connections?: number;
  /** Start-up repetitions, median taken (default 3). */
  readonly repeats?: number;
  /** Load runs per side and API, alternating, median taken (default 3). */
  readonly rounds?: number;
  readonly print?: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Running {
  readonly child: ChildProcess;
  readonly ms: number;
  stop(): Promise<void>;
}

/** Spawns a server process and resolves once every URL answers (any HTTP status). */
async function spawnUntilAnswering(args: string[], urls: string[]): Promise<Running> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'development' } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const pending = new Set(urls);
  const deadline = Date.now() + 60_000;
  while (pending.size > 0) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited: ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${args.join(' ')} did not answer within 60 s`);
    }
    await Promise.all(
      [...pending].map((url) =>
        fetch(url, { signal: AbortSignal.timeout(500) }).then(
          async (r) => {
            await r.arrayBuffer();
            pending.delete(url);
          },
          () => undefined,
        ),
      ),
    );
    if (pending.size) await new Promise((r) => setTimeout(r, 10));
  }
  return { child, ms: performance.now() - start, stop };
}

async function startHost(extra: string[] = [], apis = MANIFESTS.map((m) => m.id)): Promise<{ running: Running; urls: Record<string, string> }> {
  const ports: Record<string, number> = {};
  for (const api of apis) ports[api] = await freePort();
  const all = await freePort();
  const args = ['--import', TSX_LOADER, 'scripts/bin.ts', 'mock', ...Object.entries(ports).flatMap(([api, port]) => ['--port', `${api}=${port}`]), '--port', `all=${all}`, ...extra, ...apis];
  const urls = Object.fromEntries([...Object.entries(ports).map(([api, port]) => [api, `http://127.0.0.1:${port}`]), ['all', `http://127.0.0.1:${all}`]]);
  const running = await spawnUntilAnswering(args, Object.values(urls).map((u) => `${u}/`));
  return { running, urls };
}

async function startPrismCli(api: string): Promise<{ running: Running; url: string }> {
  const port = await freePort();
  const running = await spawnUntilAnswering([PRISM_BIN, 'mock', `generated/${api}.openapi.json`, '-p', String(port), '-v', 'error'], [`http://127.0.0.1:${port}/`]);
  return { running, url: `http://127.0.0.1:${port}` };
}

const ERD_BODY = JSON.stringify({ api_key: 'example-erd-backend-api-key-0000000000000000000000', iin: '010203040506' });
const CHECK_BODY = JSON.stringify({
  first_name: 'Тестов', last_name: 'Тест', birthday: '01.01.1990', birthplace: 'г. Москва', inn: '000000000000',
  identity_document: 'Паспорт гражданина РФ', passport_number: '0000000000', issuer: 'ОТДЕЛОМ УФМС', issuer_code: '000-000',
  issuer_date: '01.01.2010', citizenship: 'РФ', postcode: '000000', address: 'г. Москва', email: 'test@example.com',
  phone_number: '+70000000000', agent_contract_number: 'TEST-0001', agent_contract_date: '01.01.2024',
  beneficial_owners: 'ВБ отсутствует', public_officials: 'Нет', migration_card: '-', right_to_stay_in_rf: '-', signature: 'EXAMPLE',
});

/**
 * One autocannon run. Requests per second = connections / mean latency: autocannon ends an `amount` run on its
 * one-second sampling tick, so the wall time (and `duration`) are whole seconds, too coarse for a ratio.
 */
async function load(url: string, requests: object[], amount: number, connections: number): Promise<AutocannonResult & { rps: number }> {
  const autocannon = require('autocannon') as Autocannon;
  const result = await autocannon({ url, connections, amount, requests });
  return { ...result, rps: (connections * 1000) / result.latency.mean };
}

const erdRequests = [{ method: 'POST', path: '/api/v1/backend/erd/retrieve/', headers: { 'content-type': 'application/json' }, body: ERD_BODY }];
const bankRequests = [
  { method: 'POST', path: '/api/v1.1/check', headers: { 'content-type': 'application/json', 'x-partner-project': 'bench' }, body: CHECK_BODY },
  { method: 'GET', path: '/api/v1.1/check/1', headers: { 'x-partner-project': 'bench' } },
];

/**
 * What the test-double features cost: ERD throughput of a host with the request journal on and 100 overrides
 * registered on the very operation (none of them matching, so each request is checked against all 100) against a
 * host with `--journal-size 0` and none, alternating; then `POST /__mock/reset` with a full journal (10 000 entries).
 */
export async function benchControl(amount: number, connections: number, rounds: number): Promise<BenchRow[]> {
  const bare = await startHost(['--journal-size', '0'], ['erd']);
  const loaded = await startHost([], ['erd']);
  try {
    for (let i = 0; i < 100; i++) {
      const response = await fetch(`${loaded.urls['erd']}/__mock/overrides`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api: 'erd', operationId: 'retrieveErd', match: { body: { iin: `99${String(i).padStart(10, '0')}` } }, respond: { status: 503 } }),
      });
      if (response.status !== 201) throw new Error(`registering override ${i}: HTTP ${response.status} ${await response.text()}`);
    }
    await load(bare.urls['erd']!, erdRequests, 1_000, connections);
    await load(loaded.urls['erd']!, erdRequests, 1_000, connections);
    const bareRuns: number[] = [];
    const loadedRuns: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const pair = [() => load(bare.urls['erd']!, erdRequests, amount, connections).then((r) => bareRuns.push(r.rps)), () => load(loaded.urls['erd']!, erdRequests, amount, connections).then((r) => loadedRuns.push(r.rps))];
      for (const run of round % 2 === 0 ? pair : pair.reverse()) await run();
    }
    const ratio = median(loadedRuns) / median(bareRuns);
    // The journal holds 10 000 entries by now (every run sent at least that many): time the reset over HTTP.
    const journal = (await (await fetch(`${loaded.urls['all']}/__mock/requests?api=erd`)).json()) as { requests: unknown[] };
    const resets: number[] = [];
    for (let i = 0; i < 5; i++) {
      if (i > 0) await load(loaded.urls['erd']!, erdRequests, 10_000, connections);
      const start = performance.now();
      const response = await fetch(`${loaded.urls['all']}/__mock/reset`, { method: 'POST' });
      await response.arrayBuffer();
      resets.push(performance.now() - start);
    }
    const reset = median(resets);
    return [
      { what: 'ERD req/s with journal + 100 overrides', mock: fmt(median(loadedRuns)), prism: `${fmt(median(bareRuns))} (no journal, none)`, ratio: fmt(ratio, 2), target: '≥ 0.90×', ok: ratio >= 0.9 },
      { what: `POST /__mock/reset, journal of ${journal.requests.length}`, mock: `${fmt(reset, 1)} ms`, prism: '', ratio: '', target: '< 5 ms', ok: reset < 5 },
    ];
  } finally {
    await Promise.all([bare.running.stop(), loaded.running.stop()]);
  }
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export async function benchMock(options: BenchOptions = {}): Promise<BenchRow[]> {
  const amount = options.requests ?? 10_000;
  const connections = options.connections ?? 50;
  const repeats = options.repeats ?? 3;
  const rounds = options.rounds ?? 5;
  const rows: BenchRow[] = [];

  // Start-up and memory at rest.
  const hostTimes: number[] = [];
  const prismTimes: number[] = [];
  let hostRss = NaN;
  let prismRss = NaN;
  for (let i = 0; i < repeats; i++) {
    const host = await startHost();
    hostTimes.push(host.running.ms);
    await new Promise((r) => setTimeout(r, 300));
    hostRss = rssMb(host.running.child.pid);
    await host.running.stop();
    const prism = await startPrismCli('erd');
    prismTimes.push(prism.running.ms);
    await new Promise((r) => setTimeout(r, 300));
    prismRss = rssMb(prism.running.child.pid);
    await prism.running.stop();
  }
  const hostStart = median(hostTimes);
  const prismStart = median(prismTimes);
  rows.push({ what: 'start until all answer (median)', mock: `${fmt(hostStart)} ms (4 APIs)`, prism: `${fmt(prismStart)} ms (1 API)`, ratio: fmt(hostStart / prismStart, 2), target: '≤ 1.5×', ok: hostStart / prismStart <= 1.5 });
  rows.push({ what: 'RSS at rest', mock: `${fmt(hostRss)} MB`, prism: `${fmt(prismRss)} MB`, ratio: fmt(hostRss / prismRss, 2), target: '≤ 1.3×', ok: hostRss / prismRss <= 1.3 });

  // Throughput.
  const host = await startHost();
  const prismErd = await startPrismCli('erd');
  const prismBank = await startPrismCli('bank131');
  try {
    for (const [name, requests, hostUrl, prismUrl] of [
      ['ERD retrieve', erdRequests, host.urls['erd']!, prismErd.url],
      ['Bank 131 POST check + GET status', bankRequests, host.urls['bank131']!, prismBank.url],
    ] as const) {
      // Warm up both (JIT, schema compilation), then alternate the two for `rounds` runs each (the machine's load
      // drifts; alternating and taking medians keeps the ratio fair).
      await load(hostUrl, requests, 1_000, connections);
      await load(prismUrl, requests, 1_000, connections);
      // Memory at steady state (after the warm-up), then after every measured run: growth here would be a leak.
      const before = rssMb(host.running.child.pid);
      const mineRuns: Array<Awaited<ReturnType<typeof load>>> = [];
      const theirRuns: Array<Awaited<ReturnType<typeof load>>> = [];
      for (let round = 0; round < rounds; round++) {
        if (round % 2 === 0) {
          mineRuns.push(await load(hostUrl, requests, amount, connections));
          theirRuns.push(await load(prismUrl, requests, amount, connections));
        } else {
          theirRuns.push(await load(prismUrl, requests, amount, connections));
          mineRuns.push(await load(hostUrl, requests, amount, connections));
        }
      }
      const after = rssMb(host.running.child.pid);
      const mineRps = median(mineRuns.map((r) => r.rps));
      const theirRps = median(theirRuns.map((r) => r.rps));
      const sum = (runs: typeof mineRuns) => runs.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
      const mine = { errors: sum(mineRuns), timeouts: 0, non2xx: 0 };
      const theirs = { errors: sum(theirRuns), timeouts: 0, non2xx: 0 };
      const errors = mine.errors + mine.timeouts + mine.non2xx;
      rows.push({ what: `${name}: req/s`, mock: fmt(mineRps), prism: fmt(theirRps), ratio: fmt(mineRps / theirRps, 2), target: '≥ 1.0×', ok: mineRps / theirRps >= 1 });
      rows.push({ what: `${name}: errors`, mock: String(errors), prism: String(theirs.errors + theirs.timeouts + theirs.non2xx), ratio: '', target: '0', ok: errors === 0 });
      rows.push({ what: `${name}: RSS after / before`, mock: `${fmt(after)} / ${fmt(before)} MB`, prism: '', ratio: fmt(after / before, 2), target: '≤ 1.10×', ok: after / before <= 1.1 });
    }
  } finally {
    await Promise.all([host.running.stop(), prismErd.running.stop(), prismBank.running.stop()]);
  }

  rows.push(...(await benchControl(amount, connections, rounds)));

  if (options.print ?? true) {
    const header = ['what', 'one mock host', 'prism mock (1 spec)', 'ratio', 'target', ''];
    const cells = [header, ...rows.map((r) => [r.what, r.mock, r.prism, r.ratio, r.target, r.ok ? 'ok' : 'MISSED'])];
    const widths = header.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
    for (const line of cells) console.log(line.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
    console.log(`(autocannon: ${connections} connections, ${amount} requests per run, median of ${rounds} alternating runs per side after 1 000 warm-up requests; req/s = connections / mean latency)`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  void benchMock(quick ? { requests: 2_000, repeats: 1, rounds: 1 } : {}).then(
    (rows) => {
      process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
    },
    (error: unknown) => {
      console.error(`error: ${(error as Error).message}`);
      process.exitCode = 2;
    },
  );
}
