/**
 * npm run bench [-- --quick]
 *
 * Speed and memory, each as a ratio against an anchor measured in the same run on the same machine:
 *   - the typed client, built into dist/ as users run it, against raw `fetch` + `JSON.parse` on loopback, on a GET
 *     and on a POST, with and without response validation: the median and the mean per call, per round, as paired
 *     ratios;
 *   - the client's memory for a large body against `fetch` + `JSON.parse`, each in a fresh process: peak heap +
 *     external while reading, and heap after GC;
 *   - the one-process mock, built into dist/ and run as users run it, against one `prism mock` CLI serving one
 *     spec (scripts/mock/bench.ts).
 * Each ratio is printed with a 90 % bootstrap interval; a target is `ok` only when the whole interval meets it,
 * `MISSED` when none of it does, and `within noise` otherwise (scripts/lib/bench-stats.ts).
 *   - your own specs: `generate` for every API overlaid, in a fresh process of the built CLI (≤ 2 s), and the mock's
 *     start with those overlays against its start without (≤ 1.2×).
 * Tests never assert on time: this script is where speed and memory targets are watched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type * as Bank131 from '../src/bank131/index.js';
import type * as Erd from '../src/erd/index.js';
import { findOperationById } from '../src/core/spec.js';
import { SpecValidator } from '../src/core/validation.js';
import { REGISTRY } from '../src/registry.js';
import { ROOT, listApis } from './lib/apis.js';
import { bootstrapMedian, formatInterval, mean, median, pairedRatios, verdict, type Verdict } from './lib/bench-stats.js';
import { namedExamples } from './lib/spec-walker.js';
import { generateApi } from './generate.js';
import { benchMock, buildDist } from './mock/bench.js';
import { startMockHost } from './mock/host.js';
import { bundlePath, readSpec } from './mock/spec.js';
import { openProject, overlaidMockSpecs } from './lib/project.js';

interface Row {
  readonly what: string;
  readonly anchor: string;
  readonly measured: string;
  readonly ratio: string;
  readonly target: string;
  readonly verdict: Verdict | '';
}

async function serve(body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    // Read the request body before answering, as a vendor does (the POST variants send one).
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface PerCall {
  /** Per round: the median µs per call of each variant. */
  readonly medians: Record<string, number[]>;
  /** Per round: the mean µs per call of each variant. */
  readonly means: Record<string, number[]>;
}

/**
 * µs per call of each variant, per round. Calls interleave, and the order rotates every turn (raw, client,
 * validating; then client, validating, raw; …), so that neither what else the machine does nor the position in
 * the turn (the garbage the previous call left) weighs on one variant more than another.
 */
async function perCall(variants: Record<string, () => Promise<unknown>>, calls: number, rounds: number): Promise<PerCall> {
  const entries = Object.entries(variants);
  for (let i = 0; i < 300; i++) for (const [, fn] of entries) await fn();
  const medians: Record<string, number[]> = Object.fromEntries(entries.map(([k]) => [k, []]));
  const means: Record<string, number[]> = Object.fromEntries(entries.map(([k]) => [k, []]));
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
    for (const [name] of entries) {
      medians[name]!.push(median(samples[name]!));
      means[name]!.push(mean(samples[name]!));
    }
  }
  return { medians, means };
}

function overheadRows(label: string, result: PerCall, targets: Record<string, number>): Row[] {
  const rows: Row[] = [];
  for (const [variant, limit] of Object.entries(targets)) {
    for (const [statistic, perRound] of [['median', result.medians], ['mean', result.means]] as const) {
      const estimate = bootstrapMedian(pairedRatios(perRound[variant]!, perRound['raw']!));
      rows.push({
        what: `${label}: ${variant === 'client' ? 'typed client' : 'typed client + validateResponses'} (${statistic} per call)`,
        anchor: `${median(perRound['raw']!).toFixed(0)} µs`,
        measured: `${median(perRound[variant]!).toFixed(0)} µs`,
        ratio: formatInterval(estimate),
        target: `≤ ${limit.toFixed(2)}×`,
        verdict: verdict(estimate, { atMost: limit }),
      });
    }
  }
  return rows;
}

/**
 * The clients as users run them: the built package in dist/ (main builds it first), not this source under tsx,
 * whose transform names every closure a call creates (esbuild's keepNames), a cost no user pays.
 */
async function shippedClients(): Promise<{ createBank131Client: typeof Bank131.createBank131Client; createErdClient: typeof Erd.createErdClient }> {
  const load = (path: string) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
  const [bank131, erd] = await Promise.all([load('src/bank131/index.js') as Promise<typeof Bank131>, load('src/erd/index.js') as Promise<typeof Erd>]);
  return { createBank131Client: bank131.createBank131Client, createErdClient: erd.createErdClient };
}

/** The typed client against raw `fetch` + `JSON.parse`, on a GET (Bank 131 status) and a POST (ERD retrieve). */
async function benchOverhead(calls: number, rounds: number): Promise<Row[]> {
  const { createBank131Client, createErdClient } = await shippedClients();
  const get = await serve(JSON.stringify({ status: 'pending', data: { id: '7', description: 'Check in progress' } }));
  const post = await serve(JSON.stringify(successExample('erd', 'retrieveErd')));
  try {
    const bank = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: get.url });
    const bankValidating = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: get.url, validateResponses: true });
    const getTarget = `${get.url}/api/v1.1/check/7`;
    const params = { params: { path: { id: '7' } } };
    const gets = await perCall(
      {
        raw: async () => JSON.parse(await (await fetch(getTarget, { headers: { 'X-PARTNER-PROJECT': 'example-partner-project' } })).text()),
        // What a time limit costs undici on its own: the client's default 30 s deadline is one such signal per call.
        abortable: async () => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 30_000);
          try {
            return JSON.parse(await (await fetch(getTarget, { headers: { 'X-PARTNER-PROJECT': 'example-partner-project' }, signal: controller.signal })).text());
          } finally {
            clearTimeout(timer);
          }
        },
        client: () => bank.getCheck(params),
        validating: () => bankValidating.getCheck(params),
      },
      calls,
      rounds,
    );
    const apiKey = 'example-erd-backend-api-key-0000000000000000000000';
    const erd = createErdClient({ apiKey, baseUrl: post.url });
    const erdValidating = createErdClient({ apiKey, baseUrl: post.url, validateResponses: true });
    const postTarget = `${post.url}/api/v1/backend/erd/retrieve/`;
    const body = { body: { iin: '010203040506' } };
    const posts = await perCall(
      {
        raw: async () =>
          JSON.parse(
            await (
              await fetch(postTarget, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: apiKey, iin: '010203040506' }) })
            ).text(),
          ),
        client: () => erd.retrieveErd(body),
        validating: () => erdValidating.retrieveErd(body),
      },
      calls,
      rounds,
    );
    const signalCost = bootstrapMedian(pairedRatios(gets.medians['abortable']!, gets.medians['raw']!));
    return [
      {
        what: 'GET: raw fetch with a per-call AbortSignal + timer (median per call)',
        anchor: `${median(gets.medians['raw']!).toFixed(0)} µs`,
        measured: `${median(gets.medians['abortable']!).toFixed(0)} µs`,
        ratio: formatInterval(signalCost),
        target: '',
        verdict: '',
      },
      ...overheadRows('GET (Bank 131 getCheck)', gets, { client: 1.15, validating: 1.2 }),
      ...overheadRows('POST (ERD retrieveErd)', posts, { client: 1.1, validating: 1.2 }),
    ];
  } finally {
    get.server.close();
    post.server.close();
  }
}

/**
 * A fresh process reads one large body (raw fetch + JSON.parse, or the client) and reports, in MB: the peak of
 * heap + external memory while it reads (sampled every millisecond) over its level before, and the heap after GC
 * with the value still held (what the reading left behind).
 */
async function largeBodyMemory(mode: 'raw' | 'client', url: string): Promise<{ peak: number; kept: number }> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'scripts', 'bench.ts'), '--child', mode, '--url', url], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`bench child (${mode}) exited with ${code}`);
  const [peak, kept] = out.trim().split(' ').map(Number);
  return { peak: peak!, kept: kept! };
}

async function childMain(mode: string, url: string): Promise<void> {
  const { createBank131Client } = await shippedClients();
  // Warm both paths on a small body, collect, then read the baseline: what is measured is the large body alone.
  const client = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: url, maxResponseBytes: 256 * 1024 * 1024 });
  const read = mode === 'raw' ? async () => JSON.parse(await (await fetch(`${url}/api/v1.1/check/7`)).text()) : () => client.getCheck({ params: { path: { id: '7' } } });
  const gc = (globalThis as { gc?: () => void }).gc!;
  // `external` includes array buffers (the body's bytes while it streams).
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  gc();
  const before = used();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 1);
  const value = await read();
  peak = Math.max(peak, used());
  clearInterval(timer);
  gc();
  const kept = used();
  void value;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  process.stdout.write(`${mb(peak - before)} ${mb(kept - before)}\n`);
}

async function benchLargeBody(repeats: number): Promise<Row[]> {
  const items = Array.from({ length: 60_000 }, (_, i) => ({ id: String(i), description: `record ${i} ${'x'.repeat(90)}` }));
  const body = JSON.stringify({ status: 'pending', data: { id: '7', description: 'large', items } });
  const { url, server } = await serve(body);
  const raw: Array<{ peak: number; kept: number }> = [];
  const client: Array<{ peak: number; kept: number }> = [];
  for (let i = 0; i < repeats; i++) {
    raw.push(await largeBodyMemory('raw', url));
    client.push(await largeBodyMemory('client', url));
  }
  server.close();
  const mb = (body.length / 1024 / 1024).toFixed(1);
  const rows: Row[] = [];
  for (const [what, key] of [[`peak heap + external reading one ${mb} MB body`, 'peak'], [`heap after GC holding that body`, 'kept']] as const) {
    const estimate = bootstrapMedian(pairedRatios(client.map((c) => c[key]), raw.map((r) => r[key])));
    rows.push({
      what,
      anchor: `${median(raw.map((r) => r[key])).toFixed(0)} MB`,
      measured: `${median(client.map((c) => c[key])).toFixed(0)} MB`,
      ratio: formatInterval(estimate),
      target: '≤ 1.20×',
      verdict: verdict(estimate, { atMost: 1.2 }),
    });
  }
  return rows;
}

async function benchCodegen(): Promise<Row[]> {
  const start = performance.now();
  await Promise.all(listApis().map((api) => generateApi(api)));
  const ms = performance.now() - start;
  return [{ what: `codegen, ${listApis().length} specs, in-process`, anchor: '', measured: `${ms.toFixed(0)} ms`, ratio: '', target: '', verdict: '' }];
}

/** The spec's first named example of an operation's 200 JSON body, with the operation. */
function successExample(api: string, operationId: string): unknown {
  return successOperation(api, operationId).example;
}

function successOperation(api: string, operationId: string) {
  const document = REGISTRY.find((r) => r.manifest.id === api)!.spec;
  const operation = findOperationById(document, operationId)!;
  const media = (operation.operation as { responses: Record<string, { content: Record<string, object> }> }).responses['200']!.content['application/json']!;
  return { document, operation, example: namedExamples(document, media as Record<string, unknown>)[0]![1] };
}

function benchValidation(iterations: number): Row[] {
  const rows: Row[] = [];
  for (const [api, operationId] of [['erd', 'retrieveErd'], ['kycaid', 'getDocument']] as const) {
    const { document, operation, example } = successOperation(api, operationId);
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
    rows.push({ what: `validate ${api} ${operationId} 200 body (anchor: JSON.parse of it)`, anchor: `${parseUs.toFixed(1)} µs`, measured: `${validateUs.toFixed(1)} µs`, ratio: `${(validateUs / parseUs).toFixed(2)}×`, target: '', verdict: '' });
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
    // The CLI as users run it: the built package (dist/), in a fresh process; one run unmeasured (the first after a
    // build reads every file from disk), then the median of three.
    const generate = () => {
      const started = performance.now();
      const generated = spawnSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'bin.js'), 'generate'], { cwd: dir, encoding: 'utf8' });
      if (generated.status !== 0) throw new Error(`bench: generate failed: ${generated.stderr}`);
      return performance.now() - started;
    };
    generate();
    const generateMs = median([generate(), generate(), generate()]);
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
    const startRatio = bootstrapMedian(pairedRatios(overlaid, plain));
    return [
      { what: `generate, ${listApis().length} overlaid specs, fresh process (dist/, median of 3)`, anchor: '', measured: `${generateMs.toFixed(0)} ms`, ratio: '', target: '≤ 2000 ms', verdict: generateMs <= 2000 ? 'ok' : 'MISSED' },
      {
        what: 'mock start with overlays (anchor: without)',
        anchor: `${median(plain).toFixed(0)} ms`,
        measured: `${median(overlaid).toFixed(0)} ms`,
        ratio: formatInterval(startRatio),
        target: '≤ 1.20×',
        verdict: verdict(startRatio, { atMost: 1.2 }),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: Row[]): void {
  const header = ['measure', 'anchor', 'measured', 'ratio [90% interval]', 'target', ''];
  const cells = rows.map((r) => [r.what, r.anchor, r.measured, r.ratio, r.target, r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

const PARTS = ['client', 'mock'] as const;
const OPTIONS = { quick: { type: 'boolean' }, only: { type: 'string' }, child: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean' } } as const;
let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'] = {};
let badUsage: string | undefined;
try {
  ({ values } = parseArgs({ options: OPTIONS }));
} catch (error) {
  badUsage = (error as Error).message;
}
if (badUsage !== undefined) {
  console.error(`error: ${badUsage} (npm run bench -- --help)`);
  process.exitCode = 2;
} else if (values.help) {
  console.log(
    'Usage: npm run bench [-- --quick] [-- --only client|mock]\n\n' +
      'Prints each measure as a ratio against an anchor measured in the same run (raw fetch, one Prism CLI), with a 90 %\n' +
      'bootstrap interval. --only client: the client, memory, validation, codegen and own-specs measures; --only mock:\n' +
      'the mock against Prism. Exit code 1 when a measure misses its target.',
  );
} else if (values.child) {
  await childMain(values.child, values.url!);
} else if (values.only !== undefined && !(PARTS as readonly string[]).includes(values.only)) {
  console.error(`error: --only takes ${PARTS.join(' or ')}, not "${values.only}"`);
  process.exitCode = 2;
} else {
  const quick = values.quick === true;
  const only = values.only as (typeof PARTS)[number] | undefined;
  console.log(`kyc-contracts bench: node ${process.version}, ${quick ? 'quick' : 'full'} run${only ? `, ${only} only` : ''}\n`);
  buildDist();
  const rows: Row[] =
    only === 'mock'
      ? []
      : [
          ...(await benchOverhead(quick ? 300 : 600, quick ? 5 : 15)),
          ...(await benchLargeBody(quick ? 3 : 5)),
          ...benchValidation(quick ? 10_000 : 100_000),
          ...(await benchCodegen()),
          ...(await benchOwnSpecs(quick ? 3 : 7)),
        ];
  if (rows.length > 0) printTable(rows);
  let mockRows: Awaited<ReturnType<typeof benchMock>> = [];
  if (only !== 'client') {
    console.log('\nThe mock against one `prism mock` CLI (anchor) serving one spec:\n');
    mockRows = await benchMock(quick ? { requests: 1_000, repeats: 2, rounds: 4, soak: 20_000 } : {});
  }
  process.exitCode = [...rows, ...mockRows].some((r) => r.verdict === 'MISSED') ? 1 : 0;
}
