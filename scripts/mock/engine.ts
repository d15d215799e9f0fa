/**
 * One API served by Prism's own libraries, in process: `@stoplight/prism-http` routes, checks security, validates
 * the request, mocks and validates the response, exactly as `prism mock` does; the HTTP handling (body parsing,
 * `Prefer` / `__code` preferences, `sl-violations`, problem+json errors, CORS) copies `@stoplight/prism-http-server`
 * and uses its helpers. The one difference: Prism's `mock` step first asks the API's workflow (scripts/mock/workflows),
 * unless the request failed validation or carries preferences (`Prefer`, `__code`, …), which keep it stateless.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Module, { createRequire } from 'node:module';
import { MissingDependencyError } from '../lib/command.js';
import type { Workflow, WorkflowAnswer } from './workflows/workflow.js';

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
let typeIs!: (req: IncomingMessage, types: string[]) => string | false | null;
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
    ({ factory, createLogger } = require('@stoplight/prism-core') as { factory: typeof factory; createLogger: typeof createLogger });
    route = (prismRequire('./router/index.js') as { default: unknown }).default;
    validators = prismRequire('./validator/index.js') as Record<string, unknown>;
    mocker = prismRequire('./mocker/index.js') as typeof mocker;
    ({ ProblemJsonError } = prismRequire('./types.js') as { ProblemJsonError: ProblemJsonErrorClass });
    ({ UNPROCESSABLE_ENTITY } = prismRequire('./mocker/errors.js') as { UNPROCESSABLE_ENTITY: object });
    const serverRequire = createRequire(require.resolve('@stoplight/prism-http-server'));
    ({ serialize } = serverRequire('./serialize.js') as { serialize: typeof serialize });
    micri = serverRequire('micri') as Micri;
    typeIs = serverRequire('type-is') as typeof typeIs;
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
function getHttpConfigFromRequest(req: PrismInput): Either<ProblemError, Record<string, unknown>> {
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
type Either<L, R> = { readonly _tag: 'Left'; readonly left: L } | { readonly _tag: 'Right'; readonly right: R };
interface Logger {
  error(...args: unknown[]): void;
  child(bindings: object): Logger;
}
interface PrismInput {
  method: string;
  url: { path: string; baseUrl?: string | undefined; query: Record<string, string | string[]> };
  headers: IncomingMessage['headers'];
  body: unknown;
}
interface PrismOutput {
  statusCode: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}
interface Diagnostic {
  readonly path?: string[];
  readonly severity: number;
  readonly code?: string | number;
  readonly message: string;
}
interface ProblemError extends Error {
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
type MockComponent = (options: { resource: HttpOperation; input: { data: PrismInput; validations: Diagnostic[] }; config: MockConfig }) => (logger: Logger) => Either<Error, PrismOutput>;
interface MockConfig {
  dynamic?: boolean;
  /** Ours: the workflow may answer (no preferences on the request). */
  stateful?: boolean;
  [key: string]: unknown;
}
interface PrismInstance {
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

const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];
const MAX_SAFE_HEADER_LENGTH = 8 * 1024 - 100;
/** Query parameters that pick Prism's answer, like the `Prefer` header does. */
const PREFERENCE_QUERY = ['__code', '__example', '__dynamic', '__seed'];

export interface EngineOptions {
  readonly api: string;
  readonly operations: HttpOperation[];
  readonly workflow?: Workflow | undefined;
  /** Generate bodies from schemas instead of examples (Prism's --dynamic). */
  readonly dynamic?: boolean;
  /** `silent` for tests; `error` is what `prism mock -v error` logs. */
  readonly logLevel?: 'error' | 'silent';
}

export interface ApiEngine {
  readonly api: string;
  readonly operations: HttpOperation[];
  /** Answers one request; `pathAndQuery` is the URL without the one-port host's `/<api>` prefix. */
  handle(req: IncomingMessage, res: ServerResponse, pathAndQuery: string): Promise<void>;
}

/** Reads the operations from a parsed OpenAPI document (Prism dereferences it; pass a fresh copy). */
export async function loadOperations(document: object): Promise<HttpOperation[]> {
  ensurePrism();
  const { getHttpOperationsFromSpec } = prismRequire('./utils/operations.js') as { getHttpOperationsFromSpec(document: object): Promise<HttpOperation[]> };
  const operations = await getHttpOperationsFromSpec(document);
  if (operations.length === 0) throw new Error('no operations found');
  return operations;
}

/** The documented example of an operation's response, by operationId, status and name (first one if unnamed). */
export function operationExample(operations: readonly HttpOperation[], operationId: string, status: number, name?: string): unknown {
  const operation = operations.find((o) => o.iid === operationId);
  const response = operation?.responses.find((r) => r.code === String(status));
  const examples = response?.contents?.find((c) => /json/.test(c.mediaType))?.examples ?? [];
  const example = name ? examples.find((e) => e.key === name) : examples[0];
  return example && 'value' in example ? structuredClone(example.value) : undefined;
}

function pathMatcher(template: string): (path: string) => Record<string, string> {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${pattern}$`);
  return (path) => {
    const match = regex.exec(path);
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = match?.[i + 1];
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

function searchParamsToNameValues(searchParams: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const key of searchParams.keys()) {
    const values = searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0]! : values;
  }
  return params;
}

function parseRequestBody(request: IncomingMessage): Promise<unknown> {
  if (request.headers['content-length'] === '0' || (request.headers['transfer-encoding'] === undefined && request.headers['content-length'] === undefined)) {
    return Promise.resolve(null);
  }
  if (typeIs(request, ['application/json', 'application/*+json'])) return micri.json(request, { limit: '10mb' });
  return micri.text(request, { limit: '10mb' });
}

function setCommonCorsHeaders(headers: IncomingMessage['headers'], res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', headers['origin'] || '*');
  res.setHeader('Access-Control-Allow-Headers', headers['access-control-request-headers'] || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', headers['access-control-expose-headers'] || '*');
}

const right = <R>(value: R): Either<never, R> => ({ _tag: 'Right', right: value });

function toOutput(answer: WorkflowAnswer): PrismOutput {
  const headers: Record<string, unknown> = { ...answer.headers };
  if (answer.body !== undefined) headers['Content-type'] = answer.contentType ?? 'application/json';
  return { statusCode: answer.status, headers, body: answer.body };
}

export function createEngine(options: EngineOptions): ApiEngine {
  ensurePrism();
  const { operations, workflow } = options;
  const logger = createLogger('HTTP SERVER', { level: options.logLevel ?? 'error' }, logDestination(options.api));
  const matchers = new Map<string, (path: string) => Record<string, string>>();
  const matcherFor = (operation: HttpOperation) => {
    let matcher = matchers.get(operation.id);
    if (!matcher) matchers.set(operation.id, (matcher = pathMatcher(operation.path)));
    return matcher;
  };

  /**
   * Prism splits a `simple`-style path segment at commas before validating it, so a string parameter holding a
   * comma list (BrainySoft's `/main/clients/find/1,2`) fails with "must be string" although the raw segment
   * matches its schema. Workflows get such requests anyway; stateless answers stay exactly Prism's.
   */
  const commaSplitArtifact = (resource: HttpOperation, data: PrismInput, v: Diagnostic): boolean => {
    if (v.path?.[0] !== 'path' || v.code !== 'type' || typeof v.path[1] !== 'string') return false;
    const raw = matcherFor(resource)(data.url.path)[v.path[1]];
    const parameter = (resource as { request?: { path?: Array<{ name: string; schema?: { type?: unknown; pattern?: string } }> } }).request?.path?.find((p) => p.name === v.path![1]);
    if (!raw?.includes(',') || parameter?.schema?.type !== 'string') return false;
    return parameter.schema.pattern === undefined || new RegExp(parameter.schema.pattern, 'u').test(raw);
  };
  const answered = new WeakSet<PrismInput>();

  const mock: MockComponent = (args) => {
    const { resource, input, config } = args;
    if (workflow && config.stateful && !input.validations.some((v) => v.severity === 0 && !commaSplitArtifact(resource, input.data, v))) {
      let answer: WorkflowAnswer | undefined;
      try {
        answer = workflow.handle({
          operationId: resource.iid ?? resource.id,
          method: input.data.method,
          path: input.data.url.path,
          pathParams: matcherFor(resource)(input.data.url.path),
          query: input.data.url.query,
          headers: input.data.headers,
          body: input.data.body,
        });
      } catch (error) {
        return () => ({ _tag: 'Left', left: error instanceof Error ? error : new Error(String(error)) });
      }
      if (answer) {
        answered.add(input.data);
        const output = toOutput(answer);
        return () => right(output);
      }
    }
    return mocker.default(args);
  };

  // What `prism mock` configures (prism-cli createServer.js), with our mock step.
  const baseConfig = {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
    mock: { dynamic: options.dynamic ?? false, ignoreExamples: false, seed: null },
  };
  // prism-http's createInstance: prism-core's factory with the HTTP components (and our mock step).
  const { validateInput, validateOutput, validateSecurity } = validators;
  const prism = factory(baseConfig, { logger, route, validateInput, validateOutput, validateSecurity, mock, forward });

  function sendProblem(res: ServerResponse, error: ProblemError, input?: PrismInput): void {
    if (!res.writableEnded) {
      res.setHeader('content-type', 'application/problem+json');
      if (error.additional?.headers) for (const [name, value] of Object.entries(error.additional.headers)) res.setHeader(name, value);
      micri.send(res, error.status || 500, JSON.stringify(ProblemJsonError.toProblemJson(error)));
    } else {
      res.end();
    }
    logger.error({ input }, `Request terminated with error: ${error}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, pathAndQuery: string): Promise<void> {
    // CORS, as `prism mock` (--cors defaults to true).
    if (req.method === 'OPTIONS') {
      setCommonCorsHeaders(req.headers, res);
      if (req.headers['origin'] && req.headers['access-control-request-method']) {
        res.setHeader('Access-Control-Allow-Methods', req.headers['access-control-request-method'] || 'GET,DELETE,HEAD,PATCH,POST,PUT,OPTIONS');
        res.setHeader('Vary', 'origin');
        res.setHeader('Content-Length', '0');
        micri.send(res, 204);
        return;
      }
    } else {
      setCommonCorsHeaders(req.headers, res);
    }

    let body: unknown;
    try {
      body = await parseRequestBody(req);
    } catch (error) {
      micri.sendError(req, res, error);
      return;
    }
    const { searchParams, pathname } = new URL(pathAndQuery, 'http://example.com');
    const input: PrismInput = {
      method: (req.method ? req.method.toLowerCase() : 'get') as string,
      url: { path: pathname, baseUrl: searchParams.get('__server') || undefined, query: searchParamsToNameValues(searchParams) },
      headers: req.headers,
      body,
    };
    const preferences = getHttpConfigFromRequest(input);
    if (preferences._tag === 'Left') return sendProblem(res, preferences.left, input);
    const chosen = Object.fromEntries(Object.entries(preferences.right).filter(([, value]) => value !== undefined));
    const stateful = !req.headers['prefer'] && !PREFERENCE_QUERY.some((key) => searchParams.has(key));
    const config = { ...baseConfig, mock: { ...baseConfig.mock, ...chosen, stateful } };

    const result = await prism.request(input, operations, config)();
    if (result._tag === 'Left') return sendProblem(res, result.left, input);
    const { output, validations } = result.right;
    const prefixed = (prefix: string) => (d: Diagnostic) => ({ location: [prefix, ...(d.path ?? [])], severity: SEVERITY[d.severity], code: d.code, message: d.message });
    // Input violations that only Prism's comma splitting produced are not reported on workflow answers.
    const inputViolations = answered.has(input) ? validations.input.filter((v) => !(v.path?.[0] === 'path' && v.code === 'type')) : validations.input;
    const violations = [...inputViolations.map(prefixed('request')), ...validations.output.map(prefixed('response'))];
    if (violations.length > 0) {
      let value = JSON.stringify(violations);
      if (value.length > MAX_SAFE_HEADER_LENGTH) value = `Too many violations! ${value.substring(0, MAX_SAFE_HEADER_LENGTH)}`;
      res.setHeader('sl-violations', value);
      for (const v of violations) if (v.severity === 'Error') logger.error({ name: 'VALIDATOR' }, `Violation: ${v.location.join('.')} ${v.message}`);
    }
    try {
      if (output.headers) for (const [name, value] of Object.entries(output.headers)) res.setHeader(name, value as string);
      micri.send(res, output.statusCode, serialize(output.body, res.getHeader('content-type')));
    } catch (error) {
      sendProblem(res, error as ProblemError, input);
    }
  }

  return { api: options.api, operations, handle };
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
