/**
 * The mock host: one process serves every API on its own port (the manifests' `mockPort`) and all of them on one
 * port (4000) under `/<api>`, the control API (./control) under `/__mock/` on every port, and the reference pages at
 * `/docs` on the one port. It loads the specs, wires each API's stages (./pipeline.ts) and stores, and routes URLs
 * to them. `startMockHost` is what tests (and `kyc-contracts/testing`'s `startMock`) use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import { MANIFESTS } from '../../src/manifests.js';
import { InputError, UsageError } from '../lib/command.js';
import { type CallbackPage, type CallbackRule, type CallbackRuleInput, createScheduler } from './callbacks.js';
import { type ControlScope, type MockControl, type RequestFilter, createMockControl } from './control/control.js';
import { handleControl } from './control/routes.js';
import { type JournalPage, createJournal } from './journal.js';
import type { Override, OverrideInput } from './overrides/model.js';
import { createOverrideStore } from './overrides/store.js';
import { type Pipeline, createPipeline } from './pipeline.js';
import { loadOperations, operationExample, resetSchemaGenerator } from './prism.js';
import { currentProject } from '../lib/project.js';
import { REPO_ROOT, bundlePath, cachedOperations, parseSpecText, readSpecText } from './spec.js';
import { WORKFLOWS } from './workflows/index.js';
import type { Workflow } from './workflows/workflow.js';

/** The one port that serves every API under `/<api>`. */
export const ALL_PORT = 4000;
/** The key of the one port in `ports` (`--port all=5000`, `KYC_MOCK_PORT_ALL`). */
export const ALL = 'all';
/** Where this checkout's reference pages go; a user's project gets its own (scripts/lib/project.ts `docsDir`). */
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
  /** KYCAID: where callbacks go when a verification names no `callback_url`; Biometric.kz: where its webhooks go. */
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
  /** Where the reference pages are (default: the project's, build/docs in this checkout). */
  readonly docsDir?: string;
  /** Wait this many ms before every answer of an API, by api id (`--latency erd=300`); an override's `delayMs` wins. */
  readonly latency?: Partial<Record<string, number>>;
  /** Request journal entries kept, oldest dropped first (default 10 000; 0 keeps none). */
  readonly journalSize?: number;
  /** Time limit of one callback delivery attempt, in ms (default 5 000). */
  readonly callbackTimeoutMs?: number;
}

export interface MockHost {
  /** api id → base URL on its own port. */
  readonly urls: Record<string, string>;
  /** The one port's base URL; `${allUrl}/<api>` is an API's base URL there. */
  readonly allUrl: string;
  /** The ports actually listened on, by api id and `all`. */
  readonly ports: Record<string, number>;
  /** Closes every port and connection (a hanging fault included) and cancels pending callbacks. */
  stop(): Promise<void>;
  /** The workflows' state, keyed by api id. */
  state(): object;
  /** Clears state, overrides, the request journal and callbacks (journal, held, rules) of one API, or of all. */
  reset(api?: string): void;
  /** Resolves when every scheduled callback has been delivered (or given up); held ones aside. */
  idle(): Promise<void>;
  /** Registers an override (`POST /__mock/overrides`); throws a ControlError (400, naming the field) when invalid. */
  override(input: OverrideInput): Override;
  /** The overrides, newest first (`GET /__mock/overrides`). */
  overrides(): Override[];
  removeOverride(id: string): void;
  clearOverrides(): void;
  /** The request journal, oldest first (`GET /__mock/requests`). */
  requests(filter?: RequestFilter): JournalPage;
  clearRequests(): void;
  /** Callback deliveries and held callbacks (`GET /__mock/callbacks`). */
  callbacks(): CallbackPage;
  /** Registers a callback rule (`POST /__mock/callbacks/rules`). */
  callbackRule(input: CallbackRuleInput): CallbackRule;
  clearCallbackRules(): void;
  /** Sends a held callback now (`POST /__mock/callbacks/held/{id}/release`). */
  releaseCallback(id: number): void;
  /** The control API in process, every operation with an explicit scope. */
  readonly control: MockControl;
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

/** Checks `latency`: served api ids, whole numbers of ms from 0 to 600 000. */
function checkLatency(apis: string[], given: Partial<Record<string, number>>): Partial<Record<string, number>> {
  for (const [api, ms] of Object.entries(given)) {
    if (ms === undefined) continue;
    if (!apis.includes(api)) throw new UsageError(`latency names ${api}, which is not served (serving ${apis.join(', ')})`);
    if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) throw new UsageError(`latency for ${api}: ${ms} is not a whole number of ms from 0 to 600000`);
  }
  return given;
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
  const latency = checkLatency(apis, options.latency ?? {});
  if (options.journalSize !== undefined && (!Number.isInteger(options.journalSize) || options.journalSize < 0)) {
    throw new UsageError(`journalSize must be a whole number ≥ 0, got ${options.journalSize}`);
  }
  const log = options.log ?? (options.quiet ? () => undefined : (message: string) => console.error(`[mock] ${message}`));
  const scheduler = createScheduler({ log, ...(options.callbackTimeoutMs !== undefined ? { timeoutMs: options.callbackTimeoutMs } : {}) });

  // Read and load every spec before opening any port: a bad spec stops start-up with nothing half-started.
  const initialState = (options.state ?? {}) as Record<string, unknown>;
  const strayState = Object.keys(initialState).filter((key) => !apis.includes(key));
  if (strayState.length) throw new InputError(`state names API ${strayState.join(', ')}, which is not served (serving ${apis.join(', ')})`);
  resetSchemaGenerator();
  const pipelines = new Map<string, Pipeline>();
  const overrides = createOverrideStore();
  const journal = createJournal(options.journalSize);
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
        schedule: (chain, delayMs, step) => scheduler.schedule(api, chain, delayMs, step),
        log,
        example: (operationId, status, name) => operationExample(operations, operationId, status, name),
      });
      if (workflow) {
        if (initialState[api] !== undefined) workflow.load(initialState[api]);
        workflows.set(api, workflow);
      }
      pipelines.set(api, createPipeline({ api, operations, workflow, dynamic: options.dynamic ?? false, overrides, journal, latencyMs: latency[api] ?? 0, report: options.quiet && !options.log ? undefined : log }));
    }),
  );

  const docsDir = options.docsDir ?? currentProject().docsDir;
  const control = createMockControl({ pipelines, workflows, overrides, journal, scheduler });
  const ROOT_SCOPE: ControlScope = { apis, root: true };
  const scopeOf = (api: string): ControlScope => ({ apis: [api], root: false });
  const controlRequest = (req: IncomingMessage, res: ServerResponse, scope: ControlScope, path: string) =>
    void handleControl(control, scope, req, res, path).catch((error: unknown) => fail(res, error));

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
    const pipeline = pipelines.get(api)!;
    return createServer((req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/__mock/')) return controlRequest(req, res, scopeOf(api), url);
      pipeline.serve(req, res, url).catch((error: unknown) => fail(res, error));
    });
  }

  let allUrl = '';
  const allServer = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/__mock/')) return controlRequest(req, res, ROOT_SCOPE, url);
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
    const pipeline = pipelines.get(first);
    if (pipeline) {
      const path = rest.startsWith('/') ? rest : `/${rest}`;
      if (path.startsWith('/__mock/')) return controlRequest(req, res, scopeOf(first), path);
      pipeline.serve(req, res, path).catch((error: unknown) => fail(res, error));
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

  const servedScope = (api: string): ControlScope => {
    if (!apis.includes(api)) throw new UsageError(`reset: "${api}" is not served (serving ${apis.join(', ')})`);
    return scopeOf(api);
  };
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
    state: () => control.state(ROOT_SCOPE),
    reset: (api) => void control.reset(api === undefined ? ROOT_SCOPE : servedScope(api)),
    idle: () => scheduler.idle(),
    override: (input) => control.addOverride(input, ROOT_SCOPE),
    overrides: () => control.listOverrides(ROOT_SCOPE).overrides,
    removeOverride: (id) => void control.removeOverride(id, ROOT_SCOPE),
    clearOverrides: () => void control.clearOverrides(ROOT_SCOPE),
    requests: (filter = {}) => control.listRequests(filter, ROOT_SCOPE),
    clearRequests: () => void control.clearRequests(ROOT_SCOPE),
    callbacks: () => control.listCallbacks(ROOT_SCOPE),
    callbackRule: (input) => control.addCallbackRule(input, ROOT_SCOPE),
    clearCallbackRules: () => void control.clearCallbackRules(ROOT_SCOPE),
    releaseCallback: (id) => void control.releaseCallback(id, ROOT_SCOPE),
    control,
  };
}
