/**
 * npm run bench [-- --quick]
 *
 * Speed and memory, each as a ratio against an anchor measured in the same run on the same machine:
 *   - the typed client against raw `fetch` + `JSON.parse` on one loopback server (with and without validation);
 *   - the client's peak memory for a large body against `fetch` + `JSON.parse`, each in a fresh process;
 *   - the one-process mock against one `prism mock` CLI serving one spec (scripts/mock/bench.ts);
 *   - your own specs: `generate` for four overlaid specs in a fresh process (≤ 2 s), and the mock's start with
 *     overlays against its start without.
 * Tests never assert on time: this script is where speed and memory targets are watched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBank131Client } from '../src/bank131/index.js';
import { findOperationById } from '../src/core/spec.js';
import { SpecValidator } from '../src/core/validation.js';
import { REGISTRY } from '../src/registry.js';
import { ROOT, listApis } from './lib/apis.js';
import { namedExamples } from './lib/spec-walker.js';
import { generateApi } from './generate.js';
import { benchMock } from './mock/bench.js';
import { startMockHost } from './mock/host.js';
import { bundlePath, readSpec } from './mock/spec.js';
import { openProject, overlaidMockSpecs } from './lib/project.js';

interface Row {
  readonly what: string;
  readonly anchor: string;
  readonly measured: string;
  readonly ratio: number | undefined;
  readonly target: string;
  readonly ok: boolean | undefined;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function serve(body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Median µs per call of each variant. Calls interleave, and the order rotates every turn (raw, client,
 * validating; then client, validating, raw; …), so that neither what else the machine does nor the position in
 * the turn (the garbage the previous call left) weighs on one variant more than another. Each round's median is
 * kept, then the median of the rounds.
 */
async function perCall(variants: Record<string, () => Promise<unknown>>, calls: number, rounds: number): Promise<Record<string, number>> {
  const entries = Object.entries(variants);
  for (let i = 0; i < 300; i++) for (const [, fn] of entries) await fn();
  const perRound: Record<string, number[]> = Object.fromEntries(entries.map(([k]) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    const samples: Record<string, number[]> = Object.fromEntries(entries.map(([k]) => [k, []]));
    for (let i = 0; i < calls; i++) {
      for (let j = 0; j < entries.length; j++) {
        const [name, fn] = entries[(i + j) % entries.length]!;
        const start = performance.now();
        await fn();
        samples[name]!.push((performance.now() - start) * 1000);
      }
    }
    for (const [name] of entries) perRound[name]!.push(median(samples[name]!));
  }
  return Object.fromEntries(Object.entries(perRound).map(([k, v]) => [k, median(v)]));
}

async function benchOverhead(calls: number, rounds: number): Promise<Row[]> {
  const body = JSON.stringify({ status: 'pending', data: { id: '7', description: 'Check in progress' } });
  const { url, server } = await serve(body);
  const plain = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: url });
  const validating = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: url, validateResponses: true });
  const target = `${url}/api/v1.1/check/7`;
  const params = { params: { path: { id: '7' } } };
  const us = await perCall(
    {
      raw: async () => JSON.parse(await (await fetch(target, { headers: { 'X-PARTNER-PROJECT': 'example-partner-project' } })).text()),
      client: () => plain.getCheck(params),
      validating: () => validating.getCheck(params),
    },
    calls,
    rounds,
  );
  server.close();
  const anchor = `${us['raw']!.toFixed(0)} µs`;
  return [
    row('typed client per call (loopback)', anchor, `${us['client']!.toFixed(0)} µs`, us['client']! / us['raw']!, 1.25),
    row('typed client + response validation per call', anchor, `${us['validating']!.toFixed(0)} µs`, us['validating']! / us['raw']!, 1.25),
  ];
}

/** Peak RSS growth of a fresh process that reads one large body: raw fetch + JSON.parse, or the client. */
async function largeBodyPeak(mode: 'raw' | 'client', url: string): Promise<number> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'scripts', 'bench.ts'), '--child', mode, '--url', url], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`bench child (${mode}) exited with ${code}`);
  return Number(out.trim());
}

async function childMain(mode: string, url: string): Promise<void> {
  // Warm both paths on a small body, collect, then read the baseline: what is measured is the large body alone.
  const client = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: url, maxResponseBytes: 256 * 1024 * 1024 });
  const read = mode === 'raw' ? async () => JSON.parse(await (await fetch(`${url}/api/v1.1/check/7`)).text()) : () => client.getCheck({ params: { path: { id: '7' } } });
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1);
  const value = await read();
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(timer);
  void value;
  process.stdout.write(`${(peak - before) / 1024 / 1024}\n`);
}

async function benchLargeBody(): Promise<Row[]> {
  const items = Array.from({ length: 60_000 }, (_, i) => ({ id: String(i), description: `record ${i} ${'x'.repeat(90)}` }));
  const body = JSON.stringify({ status: 'pending', data: { id: '7', description: 'large', items } });
  const { url, server } = await serve(body);
  const raw: number[] = [];
  const client: number[] = [];
  for (let i = 0; i < 3; i++) {
    raw.push(await largeBodyPeak('raw', url));
    client.push(await largeBodyPeak('client', url));
  }
  server.close();
  const mb = (body.length / 1024 / 1024).toFixed(1);
  return [row(`peak memory growth reading one ${mb} MB body`, `${median(raw).toFixed(0)} MB`, `${median(client).toFixed(0)} MB`, median(client) / median(raw), 1.2)];
}

async function benchCodegen(): Promise<Row[]> {
  const start = performance.now();
  await Promise.all(listApis().map((api) => generateApi(api)));
  const ms = performance.now() - start;
  return [{ what: `codegen, ${listApis().length} specs, in-process`, anchor: '', measured: `${ms.toFixed(0)} ms`, ratio: undefined, target: '', ok: undefined }];
}

function benchValidation(iterations: number): Row[] {
  const rows: Row[] = [];
  for (const [api, operationId] of [['erd', 'retrieveErd'], ['kycaid', 'getDocument']] as const) {
    const document = REGISTRY.find((r) => r.manifest.id === api)!.spec;
    const operation = findOperationById(document, operationId)!;
    const media = (operation.operation as { responses: Record<string, { content: Record<string, object> }> }).responses['200']!.content['application/json']!;
    const example = namedExamples(document, media as Record<string, unknown>)[0]![1];
    const validator = new SpecValidator(document, `bench-${api}`);
    const check = () => validator.validateResponse({ method: operation.method, path: operation.path, status: 200, contentType: 'application/json', body: example });
    if (check().kind !== 'valid') throw new Error(`bench: the ${operationId} example does not validate`);
    const parse = JSON.stringify(example);
    const start = performance.now();
    for (let i = 0; i < iterations; i++) check();
    const validateUs = ((performance.now() - start) * 1000) / iterations;
    const parseStart = performance.now();
    for (let i = 0; i < iterations; i++) JSON.parse(parse);
    const parseUs = ((performance.now() - parseStart) * 1000) / iterations;
    rows.push({ what: `validate ${api} ${operationId} 200 body (anchor: JSON.parse of it)`, anchor: `${parseUs.toFixed(1)} µs`, measured: `${validateUs.toFixed(1)} µs`, ratio: validateUs / parseUs, target: '', ok: undefined });
  }
  return rows;
}

/** A project overlaying every API (a field added to its first schema): generate in a fresh process, the mock's start. */
async function benchOwnSpecs(starts: number): Promise<Row[]> {
  const dir = join(ROOT, '.tmp', `bench-own-specs-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const overlays: Record<string, string[]> = {};
    for (const { id } of listApis()) {
      const schema = Object.keys((readSpec(bundlePath(id)) as { components: { schemas: Record<string, unknown> } }).components.schemas)[0]!;
      writeFileSync(join(dir, `${id}.yaml`), `overlay: 1.0.0\ninfo: { title: bench, version: 1.0.0 }\nactions:\n  - target: $.components.schemas.${schema}\n    update: { x-bench: true }\n`);
      overlays[id] = [`${id}.yaml`];
    }
    const config = join(dir, 'kyc-contracts.config.json');
    writeFileSync(config, JSON.stringify({ overlays, out: 'out' }));
    const started = performance.now();
    const generated = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bin.ts'), 'generate'], { cwd: dir, encoding: 'utf8' });
    const generateMs = performance.now() - started;
    if (generated.status !== 0) throw new Error(`bench: generate failed: ${generated.stderr}`);
    const ports = Object.fromEntries([...listApis().map((a) => [a.id, 0]), ['all', 0]]);
    const startOnce = async (overlaid: boolean) => {
      const start = performance.now();
      const specs = overlaid ? await overlaidMockSpecs(openProject(dir)) : undefined;
      const host = await startMockHost({ ports, quiet: true, ...(specs ? { specs } : {}) });
      const ms = performance.now() - start;
      await host.stop();
      return ms;
    };
    await startOnce(false);
    await startOnce(true);
    const plain: number[] = [];
    const overlaid: number[] = [];
    for (let i = 0; i < starts; i++) {
      plain.push(await startOnce(false));
      overlaid.push(await startOnce(true));
    }
    return [
      { what: `generate, ${listApis().length} overlaid specs, fresh process (tsx)`, anchor: '', measured: `${generateMs.toFixed(0)} ms`, ratio: undefined, target: '≤ 2000 ms', ok: generateMs <= 2000 },
      row('mock start with overlays (anchor: without)', `${median(plain).toFixed(0)} ms`, `${median(overlaid).toFixed(0)} ms`, median(overlaid) / median(plain), 1.2),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(what: string, anchor: string, measured: string, ratio: number, limit: number): Row {
  return { what, anchor, measured, ratio, target: `≤ ${limit.toFixed(2)}×`, ok: ratio <= limit };
}

function printTable(rows: Row[]): void {
  const header = ['measure', 'anchor', 'measured', 'ratio', 'target', ''];
  const cells = rows.map((r) => [r.what, r.anchor, r.measured, r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`, r.target, r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, child: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log('Usage: npm run bench [-- --quick]\n\nPrints each measure as a ratio against an anchor measured in the same run (raw fetch, one Prism CLI).');
} else if (values.child) {
  await childMain(values.child, values.url!);
} else {
  const quick = values.quick === true;
  console.log(`kyc-contracts bench: node ${process.version}, ${quick ? 'quick' : 'full'} run\n`);
  const rows: Row[] = [
    ...(await benchOverhead(quick ? 1000 : 2000, quick ? 3 : 7)),
    ...(await benchLargeBody()),
    ...benchValidation(quick ? 10_000 : 100_000),
    ...(await benchCodegen()),
    ...(await benchOwnSpecs(quick ? 3 : 7)),
  ];
  printTable(rows);
  console.log('\nThe mock against one `prism mock` CLI (anchor) serving one spec:\n');
  await benchMock({ requests: quick ? 2_000 : 10_000, repeats: quick ? 1 : 3, print: true });
}
