/**
 * benchMock(): the one-process mock host, run from `dist/` as users run it (`kyc-contracts mock`), against one
 * `prism mock` CLI serving one spec, in the same run:
 *   - start time until every API answers, and RSS at rest (paired repeats, ratio per pair);
 *   - throughput (autocannon, 50 connections) on ERD and on Bank 131's stateful routes (POST check + GET status),
 *     in short alternating rounds: req/s from the time of the last response (not from autocannon's whole-ms mean
 *     latency, which flatters fast servers), and server CPU per request read from /proc/<pid>/stat;
 *   - the mock's heap after GC, flat over 100 000 requests (the journal is bounded, nothing else may grow);
 *   - what the test-double features cost (benchControl): the journal and 100 overrides, and a reset.
 * Every ratio is printed with a bootstrap interval and judged on it (scripts/lib/bench-stats.ts). Tests never
 * assert on these numbers. (`npx tsx scripts/mock/bench.ts [--quick]`)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MANIFESTS } from '../../src/manifests.js';
import { type RatioEstimate, type Verdict, bootstrapMedian, formatInterval, median, pairedRatios, verdict } from '../lib/bench-stats.js';
import { REPO_ROOT } from './spec.js';

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve('@stoplight/prism-cli/dist/index.js');
const DIST_BIN = join(REPO_ROOT, 'dist', 'scripts', 'bin.js');
const DIST_HOST = join(REPO_ROOT, 'dist', 'scripts', 'mock', 'host.js');
/** Clock ticks per second of /proc/<pid>/stat's utime and stime. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface AutocannonResult {
  requests: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Tracker = PromiseLike<AutocannonResult> & { on(event: 'response', listener: () => void): void };
type Autocannon = (options: object) => Tracker;

export interface BenchRow {
  readonly what: string;
  readonly mock: string;
  readonly prism: string;
  readonly ratio: string;
  readonly target: string;
  readonly verdict: Verdict | '';
}

export interface BenchOptions {
  /** Requests per load round (default 3 000). */
  readonly requests?: number;
  /** Concurrent connections (default 50). */
  readonly connections?: number;
  /** Start-up repetitions per side, paired (default 5). */
  readonly repeats?: number;
  /** Load rounds per side and API, alternating (default 10). */
  readonly rounds?: number;
  /** Requests over which the heap after GC must stay flat (default 100 000). */
  readonly soak?: number;
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

/** User + system CPU seconds a process has used so far (fields 14 and 15 of /proc/<pid>/stat). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

interface Running {
  readonly child: ChildProcess;
  readonly ms: number;
  stop(): Promise<void>;
}

/** Spawns a server process and resolves once every URL answers (any HTTP status). */
async function spawnUntilAnswering(args: string[], urls: string[], stdio: 'ipc' | 'plain' = 'plain'): Promise<Running> {
  const start = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: stdio === 'ipc' ? ['ignore', 'ignore', 'pipe', 'ipc'] : ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_ENV: 'development' },
  });
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

async function hostPorts(apis = MANIFESTS.map((m) => m.id)): Promise<{ ports: Record<string, number>; urls: Record<string, string> }> {
  const ports: Record<string, number> = {};
  for (const api of apis) ports[api] = await freePort();
  ports['all'] = await freePort();
  const urls = Object.fromEntries(Object.entries(ports).map(([api, port]) => [api, `http://127.0.0.1:${port}`]));
  return { ports, urls };
}

/** The mock as users run it: the package's built executable, `kyc-contracts mock` (`extra` flags, `apis` served). */
async function startHost(extra: string[] = [], apis = MANIFESTS.map((m) => m.id)): Promise<{ running: Running; urls: Record<string, string> }> {
  const { ports, urls } = await hostPorts(apis);
  const args = [DIST_BIN, 'mock', ...Object.entries(ports).flatMap(([api, port]) => ['--port', `${api}=${port}`]), ...extra, ...apis];
  const running = await spawnUntilAnswering(args, Object.values(urls).map((u) => `${u}/`));
  return { running, urls };
}

/**
 * The same built host in a process that can be asked for its heap after a full GC (over IPC): what the soak
 * measures. Everything else about it is `startMockHost`, as `kyc-contracts mock` runs it.
 */
async function startHeapProbedHost(): Promise<{ running: Running; urls: Record<string, string>; heapAfterGc(): Promise<number> }> {
  const { ports, urls } = await hostPorts();
  const program = `
    const { startMockHost } = await import(${JSON.stringify(new URL(`file://${DIST_HOST}`).href)});
    const host = await startMockHost({ ports: ${JSON.stringify(ports)}, quiet: true });
    process.on('message', (message) => {
      if (message === 'heap') { globalThis.gc(); globalThis.gc(); process.send(process.memoryUsage().heapUsed); }
    });
    process.on('SIGTERM', () => void host.stop().then(() => process.exit(0)));`;
  const running = await spawnUntilAnswering(['--expose-gc', '--input-type=module', '-e', program], Object.values(urls).map((u) => `${u}/`), 'ipc');
  const heapAfterGc = () =>
    new Promise<number>((resolve) => {
      running.child.once('message', (bytes) => resolve(Number(bytes)));
      running.child.send('heap');
    });
  return { running, urls, heapAfterGc };
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

interface LoadResult {
  /** Requests per second, from the first request sent to the last response received. */
  readonly rps: number;
  /** Server CPU (user + system) per request, in µs. */
  readonly cpuUs: number;
  readonly failures: number;
}

/** One autocannon round against `pid`'s server. */
async function load(url: string, requests: object[], amount: number, connections: number, pid: number | undefined): Promise<LoadResult> {
  const autocannon = require('autocannon') as Autocannon;
  const cpuBefore = cpuSeconds(pid);
  const start = performance.now();
  let last = start;
  const tracker = autocannon({ url, connections, amount, requests });
  tracker.on('response', () => (last = performance.now()));
  const result = await tracker;
  const cpu = cpuSeconds(pid) - cpuBefore;
  return {
    rps: (result.requests.total * 1000) / (last - start),
    cpuUs: (cpu * 1e6) / result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
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
    const barePid = bare.running.child.pid;
    const loadedPid = loaded.running.child.pid;
    await load(bare.urls['erd']!, erdRequests, 1_000, connections, barePid);
    await load(loaded.urls['erd']!, erdRequests, 1_000, connections, loadedPid);
    const bareRuns: number[] = [];
    const loadedRuns: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const pair = [
        () => load(bare.urls['erd']!, erdRequests, amount, connections, barePid).then((r) => bareRuns.push(r.rps)),
        () => load(loaded.urls['erd']!, erdRequests, amount, connections, loadedPid).then((r) => loadedRuns.push(r.rps)),
      ];
      for (const run of round % 2 === 0 ? pair : pair.reverse()) await run();
    }
    const ratio = bootstrapMedian(pairedRatios(loadedRuns, bareRuns));
    // The journal holds 10 000 entries by now (every run sent at least that many): time the reset over HTTP.
    const journal = (await (await fetch(`${loaded.urls['all']}/__mock/requests?api=erd`)).json()) as { requests: unknown[] };
    const resets: number[] = [];
    for (let i = 0; i < 5; i++) {
      if (i > 0) await load(loaded.urls['erd']!, erdRequests, 10_000, connections, loadedPid);
      const start = performance.now();
      const response = await fetch(`${loaded.urls['all']}/__mock/reset`, { method: 'POST' });
      await response.arrayBuffer();
      resets.push(performance.now() - start);
    }
    const reset = median(resets);
    return [
      ratioRow('ERD req/s with journal + 100 overrides (anchor: no journal, none)', fmt(median(loadedRuns)), fmt(median(bareRuns)), ratio, { atLeast: 0.9 }),
      { what: `POST /__mock/reset, journal of ${journal.requests.length}`, mock: `${fmt(reset, 1)} ms`, prism: '', ratio: '', target: '< 5 ms', verdict: reset < 5 ? 'ok' : 'MISSED' },
    ];
  } finally {
    await Promise.all([bare.running.stop(), loaded.running.stop()]);
  }
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

function ratioRow(what: string, mock: string, prism: string, estimate: RatioEstimate, target?: { atMost: number } | { atLeast: number }): BenchRow {
  const targetText = !target ? '' : 'atMost' in target ? `≤ ${target.atMost.toFixed(2)}×` : `≥ ${target.atLeast.toFixed(2)}×`;
  return { what, mock, prism, ratio: formatInterval(estimate), target: targetText, verdict: target ? verdict(estimate, target) : '' };
}

/** Builds `dist/` (the package as shipped) so that the mock measured is the one users run. */
export function buildDist(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(REPO_ROOT, 'tsconfig.build.json')], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export async function benchMock(options: BenchOptions = {}): Promise<BenchRow[]> {
  const amount = options.requests ?? 3_000;
  const connections = options.connections ?? 50;
  const repeats = options.repeats ?? 5;
  const rounds = options.rounds ?? 10;
  const soak = options.soak ?? 100_000;
  if (!existsSync(DIST_BIN)) buildDist();
  const rows: BenchRow[] = [];

  // Start-up and memory at rest, paired: one host start, then one Prism start, `repeats` times. One start of each
  // first, unmeasured: the first after a build reads every file from disk, and would stand for the disk, not the mock.
  await (await startHost()).running.stop();
  await (await startPrismCli('erd')).running.stop();
  const hostTimes: number[] = [];
  const prismTimes: number[] = [];
  const hostRss: number[] = [];
  const prismRss: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const host = await startHost();
    hostTimes.push(host.running.ms);
    await new Promise((r) => setTimeout(r, 300));
    hostRss.push(rssMb(host.running.child.pid));
    await host.running.stop();
    const prism = await startPrismCli('erd');
    prismTimes.push(prism.running.ms);
    await new Promise((r) => setTimeout(r, 300));
    prismRss.push(rssMb(prism.running.child.pid));
    await prism.running.stop();
  }
  rows.push(ratioRow('start until all answer', `${fmt(median(hostTimes))} ms (${MANIFESTS.length} APIs)`, `${fmt(median(prismTimes))} ms (1 API)`, bootstrapMedian(pairedRatios(hostTimes, prismTimes)), { atMost: 0.5 }));
  rows.push(ratioRow('RSS at rest', `${fmt(median(hostRss))} MB`, `${fmt(median(prismRss))} MB`, bootstrapMedian(pairedRatios(hostRss, prismRss)), { atMost: 0.8 }));

  // Throughput and CPU per request, in alternating rounds (the machine's load drifts; pairing rounds keeps it fair).
  const host = await startHost();
  const prismErd = await startPrismCli('erd');
  const prismBank = await startPrismCli('bank131');
  try {
    for (const [name, requests, hostUrl, prism] of [
      ['ERD retrieve', erdRequests, host.urls['erd']!, prismErd],
      ['Bank 131 POST check + GET status', bankRequests, host.urls['bank131']!, prismBank],
    ] as const) {
      const hostPid = host.running.child.pid;
      const prismPid = prism.running.child.pid;
      await load(hostUrl, requests, 2_000, connections, hostPid);
      await load(prism.url, requests, 2_000, connections, prismPid);
      const mine: LoadResult[] = [];
      const theirs: LoadResult[] = [];
      for (let round = 0; round < rounds; round++) {
        if (round % 2 === 0) {
          mine.push(await load(hostUrl, requests, amount, connections, hostPid));
          theirs.push(await load(prism.url, requests, amount, connections, prismPid));
        } else {
          theirs.push(await load(prism.url, requests, amount, connections, prismPid));
          mine.push(await load(hostUrl, requests, amount, connections, hostPid));
        }
      }
      const rps = (runs: LoadResult[]) => runs.map((r) => r.rps);
      const cpu = (runs: LoadResult[]) => runs.map((r) => r.cpuUs);
      const failures = (runs: LoadResult[]) => runs.reduce((n, r) => n + r.failures, 0);
      rows.push(ratioRow(`${name}: req/s`, fmt(median(rps(mine))), fmt(median(rps(theirs))), bootstrapMedian(pairedRatios(rps(mine), rps(theirs))), { atLeast: 1.8 }));
      rows.push(ratioRow(`${name}: server CPU per request`, `${fmt(median(cpu(mine)))} µs`, `${fmt(median(cpu(theirs)))} µs`, bootstrapMedian(pairedRatios(cpu(mine), cpu(theirs)))));
      const failed = failures(mine);
      rows.push({ what: `${name}: failed requests`, mock: String(failed), prism: String(failures(theirs)), ratio: '', target: '0', verdict: failed === 0 ? 'ok' : 'MISSED' });
    }
  } finally {
    await Promise.all([host.running.stop(), prismErd.running.stop(), prismBank.running.stop()]);
  }

  // Heap after GC over a long run of ERD requests, once the bounded journal is full (the warm-up fills it).
  const probed = await startHeapProbedHost();
  try {
    const pid = probed.running.child.pid;
    await load(probed.urls['erd']!, erdRequests, 12_000, connections, pid);
    const samples = [await probed.heapAfterGc()];
    const chunk = Math.ceil(soak / 4);
    for (let done = 0; done < soak; done += chunk) {
      await load(probed.urls['erd']!, erdRequests, chunk, connections, pid);
      samples.push(await probed.heapAfterGc());
    }
    const growth = samples[samples.length - 1]! / samples[0]!;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    rows.push({
      what: `heap after GC over ${soak.toLocaleString('en')} ERD requests`,
      mock: samples.map(mb).join(' → '),
      prism: '',
      ratio: `${growth.toFixed(2)}×`,
      target: '≤ 1.10×',
      verdict: growth <= 1.1 ? 'ok' : 'MISSED',
    });
  } finally {
    await probed.running.stop();
  }

  rows.push(...(await benchControl(amount, connections, rounds)));

  if (options.print ?? true) {
    const header = ['what', 'one mock host (dist/)', 'prism mock (1 spec)', 'ratio [90% interval]', 'target', ''];
    const cells = [header, ...rows.map((r) => [r.what, r.mock, r.prism, r.ratio, r.target, r.verdict])];
    const widths = header.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
    for (const line of cells) console.log(line.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
    console.log(
      `(autocannon: ${connections} connections, ${rounds} alternating rounds of ${amount} requests per side after 2 000 warm-up requests; ` +
        'req/s from the first request to the last response; CPU from /proc/<pid>/stat; intervals: bootstrap of the median of paired ratios)',
    );
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  buildDist();
  void benchMock(quick ? { requests: 1_000, repeats: 2, rounds: 4, soak: 20_000 } : {}).then(
    (rows) => {
      process.exitCode = rows.every((r) => r.verdict !== 'MISSED') ? 0 : 1;
    },
    (error: unknown) => {
      console.error(`error: ${(error as Error).message}`);
      process.exitCode = 2;
    },
  );
}
