/**
 * npm run bench [-- --quick]
 *
 * Measures what users wait for and prints a table with the project's targets. Numbers vary with the machine;
 * tests never assert on time, this script is where speed and memory are watched.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, listApis } from './lib/apis.js';
import { runCli, splitArgs } from './lib/cli.js';
import { freePort, startPrism } from './lib/prism.js';
import { generateApi } from './generate.js';
import { createBank131Client } from '../src/bank131/index.js';
import { createErdClient } from '../src/erd/index.js';
import { findOperationById, loadBundledSpec } from '../src/core/spec.js';
import { SpecValidator } from '../src/core/validation.js';
import { json, startLoopbackServer } from '../contract-tests/support/loopback-server.js';
import { namedExamples } from '../contract-tests/support/spec-cases.js';

const HELP = `Usage: npm run bench [-- --quick]

Prints: codegen time for all specs, time until all Prism mocks answer, client call overhead against raw
fetch on the same loopback server, and µs per response validation, each with its target.
  --quick   fewer repetitions (a rough number in a few seconds)
`;

interface Row {
  readonly what: string;
  readonly value: string;
  readonly target: string;
  readonly ok: boolean | undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function benchCodegen(repeats: number): Promise<Row[]> {
  const apis = listApis();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await timeIt(async () => Promise.all(apis.map((api) => generateApi(api)))));
  const ms = median(times);
  // What a user waits for: a fresh process that loads TypeScript, bundles and generates every spec.
  const cold: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'generate.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bench: generate --check failed: ${run.stderr}`);
    cold.push(performance.now() - start);
  }
  const coldMs = median(cold);
  return [
    { what: `codegen, ${apis.length} specs, in-process (median of ${repeats})`, value: `${ms.toFixed(0)} ms`, target: '< 3000 ms', ok: ms < 3000 },
    { what: `npm run generate -- --check, fresh process`, value: `${(coldMs / 1000).toFixed(2)} s`, target: '< 10 s', ok: coldMs < 10_000 },
  ];
}

async function benchMocks(repeats: number): Promise<Row[]> {
  const apis = listApis();
  const times: number[] = [];
  let rss: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const running = await Promise.all(apis.map(async (api) => startPrism({ api: api.id, spec: api.root, port: await freePort() })));
    times.push(performance.now() - start);
    rss = running.map((p) => rssMb(p.pid) ?? 0);
    await Promise.all(running.map((p) => p.stop()));
  }
  const ms = median(times);
  const totalRss = rss.reduce((a, b) => a + b, 0);
  return [
    { what: `all ${apis.length} mocks answering (median of ${repeats})`, value: `${(ms / 1000).toFixed(2)} s`, target: '< 15 s', ok: ms < 15_000 },
    { what: 'mock memory, idle, all Prism processes', value: `${totalRss.toFixed(0)} MB`, target: `< ${apis.length * 250} MB`, ok: totalRss > 0 ? totalRss < apis.length * 250 : undefined },
  ];
}

async function benchOverhead(calls: number): Promise<Row[]> {
  const body = { status: 'pending', data: { id: '7', description: 'Check in progress' } };
  const server = await startLoopbackServer(() => json(200, body));
  const url = `${server.url}/api/v1.1/check/7`;
  const plain = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: server.url });
  const validating = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: server.url, validateResponses: true });
  const raw = async () => {
    const res = await fetch(url, { headers: { 'X-PARTNER-PROJECT': 'example-partner-project' } });
    await res.json();
  };
  const perCall = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 200; i++) await fn(); // warm-up
    const rounds: number[] = [];
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      for (let i = 0; i < calls; i++) await fn();
      rounds.push(((performance.now() - start) * 1000) / calls);
    }
    return median(rounds);
  };
  const rawUs = await perCall(raw);
  const clientUs = await perCall(() => plain.getCheck('7'));
  const validatingUs = await perCall(() => validating.getCheck('7'));
  server.received.length = 0;
  await server.close();
  const ratio = clientUs / rawUs;
  return [
    { what: `raw fetch + json, loopback (µs/call, ${calls} calls)`, value: `${rawUs.toFixed(0)} µs`, target: 'baseline', ok: undefined },
    { what: 'typed client (openapi-fetch + core)', value: `${clientUs.toFixed(0)} µs (${ratio.toFixed(2)}×)`, target: '< 2.0× raw', ok: ratio < 2 },
    { what: 'typed client + response validation', value: `${validatingUs.toFixed(0)} µs (${(validatingUs / rawUs).toFixed(2)}×)`, target: '< 2.5× raw', ok: validatingUs / rawUs < 2.5 },
  ];
}

function benchValidation(iterations: number): Row[] {
  const rows: Row[] = [];
  for (const [api, operationId] of [['erd', 'retrieveErd'], ['kycaid', 'getDocument']] as const) {
    const document = loadBundledSpec(api);
    const operation = findOperationById(document, operationId)!;
    const media = (operation.operation as any).responses['200'].content['application/json'];
    const example = namedExamples(document, media)[0]![1];
    const compileStart = performance.now();
    const validator = new SpecValidator(document, `bench-${api}`);
    const check = () => validator.validateResponse({ method: operation.method, path: operation.path, status: 200, contentType: 'application/json', body: example });
    if (check().kind !== 'valid') throw new Error(`bench: the ${operationId} example does not validate`);
    const firstMs = performance.now() - compileStart;
    const start = performance.now();
    for (let i = 0; i < iterations; i++) check();
    const us = ((performance.now() - start) * 1000) / iterations;
    rows.push(
      { what: `validator set-up + first validation (${api} ${operationId})`, value: `${firstMs.toFixed(0)} ms`, target: '< 500 ms', ok: firstMs < 500 },
      { what: `response validation, ${api} ${operationId} 200 (${iterations} runs)`, value: `${us.toFixed(1)} µs`, target: '< 50 µs', ok: us < 50 },
    );
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const header = ['measure', 'result', 'target', ''];
  const cells = rows.map((r) => [r.what, r.value, r.target, r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

async function main(args: string[]): Promise<number> {
  const quick = splitArgs(args, ['--quick']).flags.has('--quick');
  console.log(`kyc-contracts bench: node ${process.version}, ${quick ? 'quick' : 'full'} run\n`);
  const rows = [
    ...(await benchCodegen(quick ? 1 : 3)),
    ...(await benchMocks(quick ? 1 : 3)),
    ...(await benchOverhead(quick ? 300 : 2000)),
    ...benchValidation(quick ? 10_000 : 100_000),
  ];
  const peakMb = process.resourceUsage().maxRSS / 1024; // kB on Linux
  rows.push({ what: 'bench process peak RSS (TypeScript loaded for codegen)', value: `${peakMb.toFixed(0)} MB`, target: '< 700 MB', ok: peakMb < 700 });
  printTable(rows);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(HELP, main);
