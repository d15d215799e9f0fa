/**
 * The mock host: one process serves every API on its own port (the manifests' `mockPort`) and all of them on one
 * port (4000) under `/<api>`, plus `/__mock/state` and `/__mock/reset` on every port and the reference pages at
 * `/docs` on the one port. Requests go to Prism's libraries (./engine.ts) and, when stateful, to the API's workflow
 * (./workflows). `startMockHost` is what tests (and `kyc-contracts/testing`'s `startMock`) use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import { MANIFESTS } from '../../src/manifests.js';
import { InputError, UsageError } from '../lib/command.js';
import { createScheduler } from './callbacks.js';
import { createJournal } from './journal.js';
import { createOverrideStore } from './overrides/store.js';
import { type Pipeline, createPipeline } from './pipeline.js';
import { loadOperations, operationExample, resetSchemaGenerator } from './prism.js';
import { REPO_ROOT, bundlePath, cachedOperations, parseSpecText, readSpecText } from './spec.js';
import { WORKFLOWS } from './workflows/index.js';
import type { Workflow } from './workflows/workflow.js';

/** The one port that serves every API under `/<api>`. */
export const ALL_PORT = 4000;
/** The key of the one port in `ports` (`--port all=5000`, `KYC_MOCK_PORT_ALL`). */
export const ALL = 'all';
export const DOCS_DIR = join(REPO_ROOT, 'build', 'docs');

export interface MockHostOptions {
  /** Port per api id, and `all` for the one port; 0 picks a free port. Defaults: the manifests' `mockPort`, 4000. */
  readonly ports?: Partial<Record<string, number>>;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** No workflows: every answer comes from Prism, as `prism mock` gives it. */
  readonly stateless?: boolean;
  /** Bank 131: status requests answered `pending` before the outcome (default 2). */
  readonly polls?: number;
  /** KYCAID: where callbacks go when a verification names no `callback_url`. */
  readonly callbackUrl?: string;
  /** Initial state, keyed by api id (as `state()` returns it). */
  readonly state?: object;
  /** Which APIs (default all). */
  readonly apis?: string[];
  /** No logging at all (tests). */
  readonly quiet?: boolean;
  /** Where the host's own messages go (failed callback deliveries, …); default stderr, none when quiet. */
  readonly log?: (message: string) => void;
  /** Prism's --dynamic: bodies generated from schemas instead of examples. */
  readonly dynamic?: boolean;
  /** A parsed document (or a path) per api id instead of `generated/<api>.openapi.json`. */
  readonly specs?: Partial<Record<string, string | object>>;
  /** Where the reference pages are (default build/docs). */
  readonly docsDir?: string;
}

export interface MockHost {
  /** api id → base URL on its own port. */
  readonly urls: Record<string, string>;
  /** The one port's base URL; `${allUrl}/<api>` is an API's base URL there. */
  readonly allUrl: string;
  /** The ports actually listened on, by api id and `all`. */
  readonly ports: Record<string, number>;
  stop(): Promise<void>;
  /** The workflows' state, keyed by api id. */
  state(): object;
  reset(): void;
  /** Resolves when every scheduled callback has been delivered (or given up). */
  idle(): Promise<void>;
}

const formatHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

function json(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Checks the ports: numbers, and no two listeners on one port. */
function resolvePorts(apis: string[], given: Partial<Record<string, number>>): Record<string, number> {
  const unknown = Object.keys(given).filter((key) => key !== ALL && given[key] !== undefined && !MANIFESTS.some((m) => m.id === key));
  if (unknown.length) throw new UsageError(`--port names unknown API ${unknown.join(', ')}; known: ${MANIFESTS.map((m) => m.id).join(', ')}, ${ALL}`);
  const ports: Record<string, number> = {};
  for (const api of apis) ports[api] = given[api] ?? MANIFESTS.find((m) => m.id === api)!.mockPort;
  ports[ALL] = given[ALL] ?? ALL_PORT;
  const taken = new Map<number, string>();
  for (const [name, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`port for ${name}: ${port} is not a port (0-65535)`);
    if (port === 0) continue;
    const other = taken.get(port);
    if (other) throw new InputError(`${other} and ${name} are both set to port ${port}: give one of them another (--port ${name}=<port>)`);
    taken.set(port, name);
  }
  return ports;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startMockHost(options: MockHostOptions = {}): Promise<MockHost> {
  const known = MANIFESTS.map((m) => m.id);
  const apis = options.apis?.length ? options.apis : known;
  const unknownApis = apis.filter((api) => !known.includes(api));
  if (unknownApis.length) throw new UsageError(`unknown API ${unknownApis.map((a) => `"${a}"`).join(', ')}; known: ${known.join(', ')}`);
  const host = options.host ?? '127.0.0.1';
  const wanted = resolvePorts(apis, options.ports ?? {});
  const polls = options.polls ?? 2;
  if (!Number.isInteger(polls) || polls < 0) throw new UsageError(`polls must be a whole number ≥ 0, got ${polls}`);
  const log = options.log ?? (options.quiet ? () => undefined : (message: string) => console.error(`[mock] ${message}`));
  const scheduler = createScheduler({ log });

  // Read and load every spec before opening any port: a bad spec stops start-up with nothing half-started.
  const initialState = (options.state ?? {}) as Record<string, unknown>;
  const strayState = Object.keys(initialState).filter((key) => !apis.includes(key));
  if (strayState.length) throw new InputError(`state names API ${strayState.join(', ')}, which is not served (serving ${apis.join(', ')})`);
  resetSchemaGenerator();
  const engines = new Map<string, Pipeline>();
  const overrides = createOverrideStore();
  const journal = createJournal();
  const workflows = new Map<string, Workflow>();
  await Promise.all(
    apis.map(async (api) => {
      const given = options.specs?.[api];
      const file = typeof given === 'string' ? given : bundlePath(api);
      const load = (document: object) =>
        loadOperations(document).catch((error: unknown) => {
          throw new InputError(`${typeof given === 'object' ? `spec of ${api}` : file}: cannot load (${(error as Error).message})`);
        });
      let operations;
      if (given && typeof given === 'object') {
        operations = await load(structuredClone(given));
      } else {
        // A text already turned into operations parsed then: the cache skips parsing and Prism's dereferencing.
        const text = readSpecText(file);
        operations = await cachedOperations(api, text, () => load(parseSpecText(text, file)));
      }
      const module = options.stateless ? undefined : WORKFLOWS[api];
      const workflow = module?.create({
        polls,
        callbackUrl: options.callbackUrl,
        schedule: scheduler.schedule,
        log,
        example: (operationId, status, name) => operationExample(operations, operationId, status, name),
      });
      if (workflow) {
        if (initialState[api] !== undefined) workflow.load(initialState[api]);
        workflows.set(api, workflow);
      }
      engines.set(api, createPipeline({ api, operations, workflow, dynamic: options.dynamic ?? false, overrides, journal, report: options.quiet ? undefined : log }));
    }),
  );

  const docsDir = options.docsDir ?? DOCS_DIR;
  const stateOf = (ids: string[]) => Object.fromEntries(ids.filter((id) => workflows.has(id)).map((id) => [id, workflows.get(id)!.state()]));
  const resetAll = (ids: string[]) => ids.forEach((id) => workflows.get(id)?.reset());

  function control(req: IncomingMessage, res: ServerResponse, ids: string[], path: string): void {
    const route = path.split('?')[0];
    if (route === '/__mock/state' && req.method === 'GET') return json(res, 200, stateOf(ids));
    if (route === '/__mock/reset' && req.method === 'POST') {
      resetAll(ids);
      return json(res, 200, { reset: ids.filter((id) => workflows.has(id)) });
    }
    return json(res, 404, { error: `no ${req.method} ${route}: the mock answers GET /__mock/state and POST /__mock/reset` });
  }

  // Pages not built yet (`kyc-contracts docs`) are built on the first visit, once, so that /docs always works.
  let building: Promise<unknown> | undefined;
  async function docs(res: ServerResponse, page: string): Promise<void> {
    const file = join(docsDir, `${page}.html`);
    if (!existsSync(file)) {
      building ??= import('../docs.js').then(({ buildDocs }) => buildDocs(apis, docsDir));
      try {
        await building;
      } catch (error) {
        building = undefined;
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`The reference pages could not be built: ${(error as Error).message}\n`);
        return;
      }
    }
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`No reference page ${page}.html.\n`);
      return;
    }
    const html = readFileSync(file);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': html.length });
    res.end(html);
  }

  const fail = (res: ServerResponse, error: unknown) => {
    log(`internal error: ${(error as Error).stack ?? error}`);
    if (!res.headersSent) json(res, 500, { error: (error as Error).message });
    else res.end();
  };

  function apiServer(api: string): Server {
    const engine = engines.get(api)!;
    return createServer((req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/__mock/')) return control(req, res, [api], url);
      engine.serve(req, res, url).catch((error: unknown) => fail(res, error));
    });
  }

  let allUrl = '';
  const allServer = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/__mock/')) return control(req, res, apis, url);
    const match = /^\/([^/?#]*)([^]*)$/.exec(url);
    const first = match?.[1] ?? '';
    const rest = match?.[2] ?? '';
    if (first === 'docs' && (req.method === 'GET' || req.method === 'HEAD')) {
      const path = rest.split('?')[0]!;
      // The index links to `<api>.html`, relative: serve it under /docs/.
      if (path === '') {
        res.writeHead(301, { location: '/docs/' });
        return void res.end();
      }
      const page = path.replace(/^\/+|\/+$/g, '').replace(/\.html$/, '');
      if (page === '' || page === 'index') return void docs(res, 'index').catch((error: unknown) => fail(res, error));
      if (apis.includes(page)) return void docs(res, page).catch((error: unknown) => fail(res, error));
    }
    const engine = engines.get(first);
    if (engine) {
      const path = rest.startsWith('/') ? rest : `/${rest}`;
      if (path.startsWith('/__mock/')) return control(req, res, [first], path);
      engine.serve(req, res, path).catch((error: unknown) => fail(res, error));
      return;
    }
    json(res, 404, {
      error: `no API at /${first}: this port serves each API under /<api>`,
      apis: Object.fromEntries(apis.map((api) => [api, `${allUrl}/${api}`])),
      docs: `${allUrl}/docs`,
    });
  });

  const servers: Array<[string, Server]> = [...apis.map((api) => [api, apiServer(api)] as [string, Server]), [ALL, allServer]];
  const ports: Record<string, number> = {};
  const results = await Promise.allSettled(servers.map(([name, server]) => listen(server, wanted[name]!, host).then((port) => (ports[name] = port))));
  const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [[servers[i]![0], result.reason as NodeJS.ErrnoException] as const] : []));
  if (failed.length) {
    scheduler.stop();
    await Promise.all(servers.map(([, server]) => closeServer(server)));
    const [name, error] = failed[0]!;
    const port = wanted[name];
    if (error.code === 'EADDRINUSE') throw new InputError(`port ${port} (${name}) is already in use on ${host}: stop what holds it or pass --port ${name}=<port>`);
    throw new InputError(`cannot listen on ${host}:${port} (${name}): ${error.message}`);
  }

  const base = (port: number) => `http://${formatHost(host)}:${port}`;
  allUrl = base(ports[ALL]!);
  let stopped: Promise<void> | undefined;
  return {
    urls: Object.fromEntries(apis.map((api) => [api, base(ports[api]!)])),
    allUrl,
    ports,
    stop() {
      stopped ??= (async () => {
        scheduler.stop();
        await Promise.all(servers.map(([, server]) => closeServer(server)));
      })();
      return stopped;
    },
    state: () => stateOf(apis),
    reset: () => resetAll(apis),
    idle: () => scheduler.idle(),
  };
}
