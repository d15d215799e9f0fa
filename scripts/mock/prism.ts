/**
 * Prism's own libraries, loaded in process: `@stoplight/prism-http`'s router, validators and mocker composed by
 * prism-core's `factory` exactly as `prism mock` composes them, except that the mock stage is ours (./answer.ts).
 * No HTTP here: ./receive.ts and ./deliver.ts copy `@stoplight/prism-http-server`'s handling around it, and
 * ./pipeline.ts chains the stages.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Module, { createRequire } from 'node:module';
import { MissingDependencyError } from '../lib/command.js';
import { validateOutputOnce } from './output-check.js';
import { directDual, memoizePrismHttp, memoizeRoute, memoizeTypeIs } from './prism-memo.js';

const require = createRequire(import.meta.url);

// Prism's parts, required one by one rather than through `@stoplight/prism-http`'s index: the index also loads the
// proxy forwarder and the spec loader (http-spec, json-schema-ref-parser), which a mock whose operations come from
// the cache never needs (a third of Prism's load time). `createInstance` is prism-core's `factory` with these parts.
// Loaded on first use (ensurePrism), so that importing the module costs nothing and a missing peer is named.
let prismRequire!: NodeJS.Require;
let factory!: (config: object, components: object) => PrismInstance;
let createLogger!: (name: string, options: object, destination?: object) => Logger;
let route!: unknown;
let validators!: Record<string, unknown>;
let mocker!: { default: MockComponent; resetJSONSchemaGenerator(): void };
let ProblemJsonError!: ProblemJsonErrorClass;
let UNPROCESSABLE_ENTITY!: object;
let serialize!: (body: unknown, contentType: unknown) => string | undefined;
let micri!: Micri;
let typeIs!: { is(value: unknown, types: string[]): string | false };
let parsePreferHeader!: (header: string | string[]) => Record<string, unknown>;
let D!: IoTsDecoder;
let pipe!: (a: unknown, ...fns: Array<(x: any) => unknown>) => any;
let E!: { bimap: (f: (e: unknown) => unknown, g: (a: any) => unknown) => (x: unknown) => Either<ProblemError, Record<string, unknown>> };
let PreferencesDecoder!: { decode(value: unknown): unknown };
const forward = (...args: unknown[]) => (prismRequire('./forwarder/index.js') as { default: (...a: unknown[]) => unknown }).default(...args);
let prismLoaded = false;

const PRISM_PEERS = ['@stoplight/prism-core', '@stoplight/prism-http', '@stoplight/prism-http-server'];

function ensurePrism(): void {
  if (prismLoaded) return;
  try {
    deferFaker();
    prismRequire = createRequire(require.resolve('@stoplight/prism-http'));
    // Before anything of Prism's loads fp-ts's modules (see directDual).
    for (const peer of PRISM_PEERS) directDual(() => createRequire(require.resolve(peer))('fp-ts/function'));
    memoizePrismHttp(prismRequire);
    ({ factory, createLogger } = require('@stoplight/prism-core') as { factory: typeof factory; createLogger: typeof createLogger });
    route = memoizeRoute((prismRequire('./router/index.js') as { default: Parameters<typeof memoizeRoute>[0] }).default);
    validators = prismRequire('./validator/index.js') as Record<string, unknown>;
    mocker = prismRequire('./mocker/index.js') as typeof mocker;
    ({ ProblemJsonError } = prismRequire('./types.js') as { ProblemJsonError: ProblemJsonErrorClass });
    ({ UNPROCESSABLE_ENTITY } = prismRequire('./mocker/errors.js') as { UNPROCESSABLE_ENTITY: object });
    const serverRequire = createRequire(require.resolve('@stoplight/prism-http-server'));
    ({ serialize } = serverRequire('./serialize.js') as { serialize: typeof serialize });
    micri = serverRequire('micri') as Micri;
    typeIs = serverRequire('type-is') as typeof typeIs;
    memoizeTypeIs(typeIs);
    parsePreferHeader = serverRequire('parse-prefer-header') as typeof parsePreferHeader;
    D = serverRequire('io-ts/lib/Decoder') as IoTsDecoder;
    ({ pipe } = serverRequire('fp-ts/function') as { pipe: typeof pipe });
    E = serverRequire('fp-ts/Either') as typeof E;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new MissingDependencyError(PRISM_PEERS, 'The mock');
    throw error;
  }
  // prism-http-server's preference decoder, line for line.
  const BooleanFromString = D.parse((s: string) => (s === 'true' ? D.success(true) : s === 'false' ? D.success(false) : D.failure(s, 'a boolean')));
  const IntegerFromString = D.parse((s: string) => (/^\d{3}$/.test(s) ? D.success(parseInt(s, 10)) : D.failure(s, 'a number')));
  PreferencesDecoder = D.partial({
    code: pipe(D.string, IntegerFromString),
    dynamic: pipe(D.string, BooleanFromString),
    seed: D.string,
    example: D.string,
  });
  prismLoaded = true;
}

/**
 * prism-http-server's getHttpConfigFromRequest, line for line (its module requires Prism's whole index): the
 * preferences from `Prefer`, else from `__code` / `__dynamic` / `__seed` / `__example`; a bad one is a 422 problem.
 */
export function getHttpConfigFromRequest(req: PrismInput): Either<ProblemError, Record<string, unknown>> {
  const query = req.url.query;
  // Most requests carry no preference at all: what the decoder would make of nothing, without running it.
  if (!req.headers?.['prefer'] && query?.['__code'] === undefined && query?.['__dynamic'] === undefined && query?.['__seed'] === undefined && query?.['__example'] === undefined) {
    return { _tag: 'Right', right: { code: undefined, exampleKey: undefined, dynamic: undefined, seed: undefined } };
  }
  const preferences = req.headers && req.headers['prefer']
    ? parsePreferHeader(req.headers['prefer'])
    : { code: req.url.query?.['__code'], dynamic: req.url.query?.['__dynamic'], seed: req.url.query?.['__seed'], example: req.url.query?.['__example'] };
  return pipe(
    PreferencesDecoder.decode(preferences),
    E.bimap(
      (err) => ProblemJsonError.fromTemplate(UNPROCESSABLE_ENTITY, D.draw(err)),
      (parsed: { code?: number; example?: string; dynamic?: boolean; seed?: string } | undefined) => ({ code: parsed?.code, exampleKey: parsed?.example, dynamic: parsed?.dynamic, seed: parsed?.seed }),
    ),
  );
}

/**
 * Start-up time: Prism's schema-based generator requires `@faker-js/faker` (about 0.9 s of the 1.5 s Prism takes
 * to load) only to register it with json-schema-faker, which uses it for schemas with a `faker` keyword (none of our
 * specs has one). A stand-in in the require cache loads the real module the first time anything looks inside it,
 * so answers never pay for it unless such a schema is generated, and then get exactly the same faker.
 */
function deferFaker(): void {
  const generator = createRequire(import.meta.url).resolve('@stoplight/prism-http/dist/mocker/generator/JSONSchema.js');
  const fromGenerator = createRequire(generator);
  let fakerPath: string;
  try {
    fakerPath = fromGenerator.resolve('@faker-js/faker');
  } catch {
    return;
  }
  if (fromGenerator.cache[fakerPath]) return;
  let real: Record<string | symbol, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete fromGenerator.cache[fakerPath];
      real = fromGenerator('@faker-js/faker') as Record<string | symbol, unknown>;
    }
    return real;
  };
  // A stand-in for an object that is the real one's `pick(real)`, loaded on the first look inside.
  const lazy = (pick: (module: Record<string | symbol, unknown>) => object) =>
    new Proxy(
      {},
      {
        get: (_target, key) => (pick(load()) as Record<string | symbol, unknown>)[key],
        has: (_target, key) => key in pick(load()),
        ownKeys: () => Reflect.ownKeys(pick(load())),
        getOwnPropertyDescriptor: (_target, key) => {
          const descriptor = Reflect.getOwnPropertyDescriptor(pick(load()), key);
          return descriptor && { ...descriptor, configurable: true };
        },
      },
    );
  // json-schema-faker's `extend('faker', () => faker.default)` calls the function at once and keeps what it returns:
  // `default` must itself stay a stand-in until a dynamic answer looks inside it.
  const lazyDefault = lazy((module) => module['default'] as object);
  const stand = new Module(fakerPath);
  stand.filename = fakerPath;
  stand.loaded = true;
  const lazyModule = lazy((module) => module);
  // The target is a plain object: a Proxy target would be asked for descriptors (and load faker) on every `get`.
  stand.exports = new Proxy({}, {
    get: (_target, key) => (key === 'default' ? lazyDefault : Reflect.get(lazyModule, key)),
    has: (_target, key) => Reflect.has(lazyModule, key),
    ownKeys: () => Reflect.ownKeys(lazyModule),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(lazyModule, key),
  });
  fromGenerator.cache[fakerPath] = stand;
}

// ---- the few shapes of Prism's (fp-ts based) API this module touches -------------------------------------------------
export type Either<L, R> = { readonly _tag: 'Left'; readonly left: L } | { readonly _tag: 'Right'; readonly right: R };
export interface Logger {
  error(...args: unknown[]): void;
  child(bindings: object): Logger;
}
export interface PrismInput {
  method: string;
  url: { path: string; baseUrl?: string | undefined; query: Record<string, string | string[]> };
  headers: IncomingMessage['headers'];
  body: unknown;
}
export interface PrismOutput {
  statusCode: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}
export interface Diagnostic {
  readonly path?: string[];
  readonly severity: number;
  readonly code?: string | number;
  readonly message: string;
}
export interface ProblemError extends Error {
  status?: number;
  additional?: { headers?: Record<string, string> };
}
export interface HttpOperation {
  readonly id: string;
  readonly iid?: string;
  readonly method: string;
  readonly path: string;
  readonly responses: ReadonlyArray<{ code: string; contents?: ReadonlyArray<{ mediaType: string; examples?: ReadonlyArray<{ key: string; value?: unknown }> }> }>;
}
export type MockComponent = (options: { resource: HttpOperation; input: { data: PrismInput; validations: Diagnostic[] }; config: MockConfig }) => (logger: Logger) => Either<Error, PrismOutput>;
export interface MockConfig {
  dynamic?: boolean;
  /** Ours: the workflow may answer (no preferences on the request). */
  stateful?: boolean;
  [key: string]: unknown;
}
export interface PrismInstance {
  request(input: PrismInput, operations: HttpOperation[], config: object): () => Promise<Either<ProblemError, { output: PrismOutput; validations: { input: Diagnostic[]; output: Diagnostic[] } }>>;
}
interface ProblemJsonErrorClass {
  fromTemplate(template: object, detail?: string): ProblemError;
  toProblemJson(error: ProblemError): object;
}
interface IoTsDecoder {
  parse(parser: (s: string) => unknown): (decoder: any) => unknown;
  success(value: unknown): unknown;
  failure(actual: unknown, message: string): unknown;
  partial(properties: Record<string, unknown>): { decode(value: unknown): unknown };
  string: unknown;
  draw(error: unknown): string;
}
interface Micri {
  json(req: IncomingMessage, options: object): Promise<unknown>;
  text(req: IncomingMessage, options: object): Promise<string>;
  send(res: ServerResponse, status: number, body?: unknown): void;
  sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void;
}


/** The parts of Prism (and of its HTTP server's dependencies) the other stages use, loaded on first call. */
export function prismParts() {
  ensurePrism();
  return { mocker: mocker.default, ProblemJsonError, serialize, micri, typeIs };
}

/** Reads the operations from a parsed OpenAPI document (Prism dereferences it; pass a fresh copy). */
export async function loadOperations(document: object): Promise<HttpOperation[]> {
  ensurePrism();
  const { getHttpOperationsFromSpec } = prismRequire('./utils/operations.js') as { getHttpOperationsFromSpec(document: object): Promise<HttpOperation[]> };
  const operations = await getHttpOperationsFromSpec(document);
  if (operations.length === 0) throw new Error('no operations found');
  return operations;
}

/** The documented examples of an operation's response (JSON media types first), by operationId and status. */
export function operationExamples(operations: readonly HttpOperation[], operationId: string, status: number): ReadonlyArray<{ key: string; value?: unknown }> {
  const operation = operations.find((o) => o.iid === operationId);
  const response = operation?.responses.find((r) => r.code === String(status));
  return response?.contents?.find((c) => /json/.test(c.mediaType))?.examples ?? [];
}

/** The documented example of an operation's response, by operationId, status and name (first one if unnamed). */
export function operationExample(operations: readonly HttpOperation[], operationId: string, status: number, name?: string): unknown {
  const examples = operationExamples(operations, operationId, status);
  const example = name ? examples.find((e) => e.key === name) : examples[0];
  return example && 'value' in example ? structuredClone(example.value) : undefined;
}

/** A path template (`/checks/{id}`) as a function from a path to its parameters, or undefined when it does not match. */
export function pathMatcher(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${pattern}$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = match[i + 1];
      if (value !== undefined) params[name] = safeDecode(value);
    });
    return params;
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface PrismOptions {
  readonly api: string;
  /** Our mock stage (./answer.ts), in place of Prism's mocker. */
  readonly mock: MockComponent;
  /** Generate bodies from schemas instead of examples (Prism's --dynamic). */
  readonly dynamic?: boolean;
  /** `silent` for tests; `error` is what `prism mock -v error` logs. */
  readonly logLevel?: 'error' | 'silent';
}

export type PrismResult = Either<ProblemError, { output: PrismOutput; validations: { input: Diagnostic[]; output: Diagnostic[] } }>;

export interface PrismStage {
  readonly logger: Logger;
  /** prism-core's request: route → security and request validation → our mock stage → response validation. */
  request(input: PrismInput, operations: HttpOperation[], mock: MockConfig): Promise<PrismResult>;
  /** Prism's response validation of one answer, as it runs on every answer (Error diagnostics only). */
  validateOutput(operation: HttpOperation, output: PrismOutput): Diagnostic[];
}

/** prism-http's createInstance: prism-core's factory with the HTTP components and our mock stage. */
export function createPrism(options: PrismOptions): PrismStage {
  ensurePrism();
  const logger = lazyChildren(createLogger('HTTP SERVER', { level: options.logLevel ?? 'error' }, logDestination(options.api)));
  // What `prism mock` configures (prism-cli createServer.js).
  const baseConfig = {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
    mock: { dynamic: options.dynamic ?? false, ignoreExamples: false, seed: null },
  };
  const { validateInput, validateOutput, validateSecurity } = validators as Record<string, (args: object) => Either<Diagnostic[], unknown>>;
  // Workflow answers of a shape already checked are not validated again (./output-check.ts).
  const checkOutput = validateOutputOnce(validateOutput as Parameters<typeof validateOutputOnce>[0]);
  const prism = factory(baseConfig, { logger, route, validateInput, validateOutput: checkOutput, validateSecurity, mock: options.mock, forward });
  return {
    logger,
    request: (input, operations, mock) => prism.request(input, operations, { ...baseConfig, mock: { ...baseConfig.mock, ...mock } })(),
    validateOutput(operation, output) {
      const result = validateOutput!({ resource: operation, element: output });
      return result._tag === 'Left' ? result.left.filter((d) => d.severity === 0) : [];
    },
  };
}
/**
 * prism-core makes a child logger per request (`logger.child({ name: 'NEGOTIATOR' })`), and pino serializes its
 * bindings on the spot, though at `-v error` almost nothing is ever logged through it. The children here are made
 * on their first enabled log line; a call at a level that is off does nothing, as pino's own would.
 */
export function lazyChildren(logger: Logger): Logger {
  const pino = logger as Logger & { isLevelEnabled?(level: string): boolean; levels?: { values?: Record<string, number> } };
  const levels = pino.levels?.values ?? {};
  if (typeof pino.isLevelEnabled !== 'function') return logger;
  const child = (bindings: object): Logger => {
    let real: Logger | undefined;
    const made = () => (real ??= logger.child(bindings));
    return new Proxy({} as Logger, {
      get(_target, key) {
        if (key === 'child') return (more: object) => lazyChildren(made()).child(more);
        if (typeof key === 'string' && key in levels && !pino.isLevelEnabled!(key)) return () => {};
        const value = (made() as unknown as Record<string | symbol, unknown>)[key];
        return typeof value === 'function' ? value.bind(made()) : value;
      },
    });
  };
  return new Proxy(logger, { get: (target, key, receiver) => (key === 'child' ? child : Reflect.get(target, key, receiver)) });
}

/** Prism logs pino JSON lines; print them as one readable line each on stderr, like the CLI's output. */
function logDestination(api: string) {
  return {
    write(line: string) {
      try {
        const entry = JSON.parse(line) as { name?: string; msg?: string };
        process.stderr.write(`[mock ${api}] ${entry.name ? `[${entry.name}] ` : ''}${entry.msg ?? line.trim()}\n`);
      } catch {
        process.stderr.write(`[mock ${api}] ${line}`);
      }
    },
  };
}

/** Once per process, as `prism mock` does before serving. */
export function resetSchemaGenerator(): void {
  ensurePrism();
  mocker.resetJSONSchemaGenerator();
}
