/**
 * The one HTTP core every vendor client is made of. A vendor client is its manifest, its generated operation
 * table and its spec loader, composed here with the concerns of their own modules: auth (./auth.ts), transport
 * (./transport.ts), deadlines (./deadline.ts), retries (./retry.ts), interpretation (./interpret.ts) and, only
 * when asked for, response validation (./validation.ts, loaded on first use).
 *
 * A call resolves with the documented success body or rejects with a KycContractsError subclass; every spec
 * operation is a method named by its operationId.
 */
import type { PathSerializer, RequestBodyOption, ParamsOption, FetchResponse } from 'openapi-fetch';
import { defaultPathSerializer } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { ApiPromise, type WithResponse } from './api-promise.js';
import { credentialsFor } from './auth.js';
import { raceSignal, startDeadline, type Deadline } from './deadline.js';
import { KycContractsError, MissingDependencyError, type OperationRef, ResponseValidationError, TimeoutError, hideSecrets } from './errors.js';
import type { Exchange } from './exchange.js';
import { type DocumentedResponses, decodeSuccess, headerOf, throwIfEnvelopeError, throwIfRejected } from './interpret.js';
import { type VendorManifest, resolveServerUrl } from './manifest.js';
import { checkBaseUrl, checkCallTimeout, checkCommonOptions } from './options.js';
import { type RetryPolicy, resolveRetryPolicy, withRetries } from './retry.js';
import type { OpenApiDocument } from './spec.js';
import { type FetchLike, describeRequest, prepareRequest, send } from './transport.js';
import type { SpecValidator } from './validation.js';

export type { CredentialSource } from './auth.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Options every vendor client accepts. */
export interface CommonClientOptions {
  /** Overrides the vendor's production URL (a stage server, the mock, a replay server). */
  readonly baseUrl?: string | undefined;
  /** Time limit for a whole call, in ms: token provider, every attempt and the waits between them (default 30 000). 0: none. */
  readonly timeoutMs?: number | undefined;
  /** Retries for idempotent calls: a count, a policy, or false (default: none). */
  readonly retry?: Partial<RetryPolicy> | number | false | undefined;
  /** Validate every 2xx body against the spec (needs the optional packages ajv and ajv-formats). Default false. */
  readonly validateResponses?: boolean | undefined;
  /** The largest response body accepted, in bytes (default 16 MiB); enforced while the body streams. */
  readonly maxResponseBytes?: number | undefined;
  /** A fetch implementation (default: the global one). Called with redirect: 'manual'. */
  readonly fetch?: FetchLike | undefined;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Sees every exchange, raw, credentials included: redact before storing anything (see the recorder). */
  readonly onExchange?: ((exchange: Exchange) => void | Promise<void>) | undefined;
}

/** Per-call options, next to `params` and `body`. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Overrides the client's time limit for this call (0: none). */
  readonly timeoutMs?: number | undefined;
  /** Extra headers for this call (e.g. `Prefer: code=404` against the mock). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** What a generated method sends: the operation's `params` and `body`, with credential body fields optional. */
export type OperationInit<Operation, CredentialFields extends string = never> = ParamsOption<Operation> &
  CredentialFieldsOptional<RequestBodyOption<Operation>, CredentialFields> &
  CallOptions & { readonly bodySerializer?: (body: never) => unknown };

type CredentialFieldsOptional<Option, Fields extends string> = [Fields] extends [never]
  ? Option
  : { [K in keyof Option]: K extends 'body' ? OptionalKeys<Option[K], Fields> : Option[K] };
type OptionalKeys<Body, Fields extends string> = Body extends object
  ? Omit<Body, Fields & keyof Body> & Partial<Pick<Body, Fields & keyof Body>>
  : Body;

/** The documented success body of an operation. */
export type OperationData<Operation> = NonNullable<FetchResponse<Operation & Record<string | number, any>, {}, MediaType>['data']>;

type InitArgs<Init> = RequiredKeysOf<Init> extends never ? [init?: Init] : [init: Init];

export type OperationMethod<Operation, CredentialFields extends string = never> = (
  ...init: InitArgs<OperationInit<Operation, CredentialFields>>
) => ApiPromise<OperationData<Operation>>;

/** One row of a generated operation table (`generated/<api>.operations.ts`). */
export interface OperationEntry {
  readonly method: HttpMethod;
  readonly path: string;
  /** Media types documented per success status (`[]`: no body). */
  readonly responses: DocumentedResponses;
}
export type OperationTable = Readonly<Record<string, OperationEntry>>;

type OperationAt<Paths, Entry> = Entry extends { method: infer M; path: infer P extends keyof Paths } ? Paths[P][M & keyof Paths[P]] : never;

/** A method per operationId. */
export type OperationMethods<Paths, Table extends OperationTable, CredentialFields extends string = never> = {
  readonly [Id in keyof Table]: OperationMethod<OperationAt<Paths, Table[Id]>, CredentialFields>;
};

export type PathMethod<Paths extends {}, Method extends HttpMethod, CredentialFields extends string = never> = <
  Path extends PathsWithMethod<Paths, Method>,
>(
  path: Path,
  ...init: InitArgs<OperationInit<Paths[Path][Method & keyof Paths[Path]], CredentialFields>>
) => ApiPromise<OperationData<Paths[Path][Method & keyof Paths[Path]]>>;

/** An untyped call by method and path template, for tooling that walks a spec (the recorder, the contract tests). */
export interface UntypedInit extends CallOptions {
  readonly params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> } | undefined;
  readonly body?: unknown;
  readonly bodySerializer?: ((body: any) => unknown) | undefined;
}

export interface CoreClient<Paths extends {}, CredentialFields extends string = never> {
  readonly manifest: VendorManifest;
  readonly baseUrl: string;
  readonly GET: PathMethod<Paths, 'get', CredentialFields>;
  readonly POST: PathMethod<Paths, 'post', CredentialFields>;
  readonly PUT: PathMethod<Paths, 'put', CredentialFields>;
  readonly PATCH: PathMethod<Paths, 'patch', CredentialFields>;
  readonly DELETE: PathMethod<Paths, 'delete', CredentialFields>;
  /** Any operation by method and path template, untyped. */
  request(method: string, path: string, init?: UntypedInit): ApiPromise<unknown>;
}

export type VendorClient<Paths extends {}, Table extends OperationTable, CredentialFields extends string = never> = CoreClient<Paths, CredentialFields> &
  OperationMethods<Paths, Table, CredentialFields>;

/** Body field names a manifest's credentials travel in. */
export type BodyCredentialFields<M extends VendorManifest> = M['credentials'][number] extends infer C
  ? C extends { placement: { in: 'body'; name: infer N extends string } }
    ? N
    : never
  : never;

export interface ClientDefinition<Table extends OperationTable> {
  readonly manifest: VendorManifest;
  /** The generated operation table. */
  readonly operations: Table;
  /** The bundled spec, imported on first use (only `validateResponses` needs it). */
  readonly loadSpec: () => Promise<OpenApiDocument>;
  /** How path parameters are written into the URL (default: openapi-fetch's). */
  readonly pathSerializer?: PathSerializer;
}

/** Names a generated method may not take: they belong to the core. */
export const RESERVED_NAMES = ['manifest', 'baseUrl', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'request'] as const;

export function createVendorClient<Paths extends {}, Table extends OperationTable, CredentialFields extends string = never>(
  definition: ClientDefinition<Table>,
  options: CommonClientOptions,
): VendorClient<Paths, Table, CredentialFields> {
  const { manifest } = definition;
  // Every option is checked here, once: a call never meets a NaN, a negative limit or a URL with a password.
  checkCommonOptions(manifest.id, options);
  const values = options as Readonly<Record<string, unknown>>;
  const baseUrl = checkBaseUrl(manifest.id, 'baseUrl', options.baseUrl ?? resolveServerUrl(manifest.servers.production, values));
  const credentials = credentialsFor(manifest, values);
  const policy = resolveRetryPolicy(options.retry);
  const fetchImpl: FetchLike = options.fetch ?? fetch;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Every request goes to baseUrl's origin (path parameters cannot leave it): parsed once, not per call.
  const origin = new URL(baseUrl).origin;
  const documented = new Map(Object.values(definition.operations).map((entry) => [`${entry.method.toUpperCase()} ${entry.path}`, entry.responses]));
  let validator: Promise<SpecValidator> | undefined;
  // Once loaded, used synchronously: validating a body costs no extra turn of the event loop.
  let loadedValidator: SpecValidator | undefined;

  // The lean path: with no retries and no observer a call is one attempt under one deadline, with no scope,
  // retry loop or closures around it (what most calls are; the bench holds it to raw fetch + JSON.parse).
  const lean = policy.retries === 0 && !options.onExchange;

  async function call(operation: OperationRef, init: UntypedInit = {}, responses: DocumentedResponses | undefined): Promise<WithResponse<unknown>> {
    try {
      if (lean) {
        if (init.timeoutMs !== undefined) checkCallTimeout(`${operation.api} ${operation.method} ${operation.path}`, init.timeoutMs);
        const deadline = startDeadline(init.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS, init.signal);
        try {
          return await attempt(operation, init, deadline, responses);
        } catch (error) {
          throw timedOut(operation, deadline, error);
        } finally {
          deadline.dispose();
        }
      }
      return await withinDeadline(operation, options.timeoutMs, init, (scope) =>
        withRetries(() => attempt(operation, init, scope.deadline, responses), policy, operation.method, scope.deadline),
      );
    } catch (error) {
      // The one place a call's failure leaves the client: whatever the vendor echoed, no credential goes with it.
      throw hideSecrets(error, credentials.secretsIn(init));
    }
  }

  async function attempt(operation: OperationRef, init: UntypedInit, deadline: Deadline, responses: DocumentedResponses | undefined): Promise<WithResponse<unknown>> {
    const headers = new Headers(init.headers ? { ...options.headers, ...init.headers } : options.headers);
    const placed = credentials.apply(headers, init.body, deadline.signal);
    const body = placed instanceof Promise ? await placed : placed;
    const request = prepareRequest(
      baseUrl,
      { method: operation.method, path: operation.path, params: init.params, body, bodySerializer: init.bodySerializer, headers },
      definition.pathSerializer ?? defaultPathSerializer,
    );
    const { onExchange } = options;
    const startedAt = onExchange ? new Date() : undefined;
    const answer = await send(request, { fetch: fetchImpl, signal: deadline.signal, fetchSignal: deadline.fetchSignal, maxResponseBytes, operation, origin });
    if (onExchange && startedAt) {
      // An observer is part of the call: the deadline holds for it too (a hung recorder must not hang the caller).
      await raceSignal(onExchange({
        operation,
        request: describeRequest(request),
        response: { status: answer.status, headers: answer.headers, bodyText: answer.bodyText },
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
      }), deadline.signal);
    }
    throwIfRejected(operation, answer, manifest.errorDialect);
    const data = decodeSuccess(operation, answer, responses);
    if (options.validateResponses) checkResponse(operation, loadedValidator ?? (await loadValidatorFor(operation)), answer.status, headerOf(answer, 'content-type') ?? '', data);
    throwIfEnvelopeError(operation, answer, data, manifest.errorDialect);
    return {
      data,
      response: {
        status: answer.status,
        get headers() {
          return answer.headers;
        },
        url: answer.url,
      },
    };
  }

  async function loadValidatorFor(operation: OperationRef): Promise<SpecValidator> {
    validator ??= loadValidator(manifest.id, definition.loadSpec);
    try {
      return (loadedValidator = await validator);
    } catch (error) {
      validator = undefined;
      if (isModuleNotFound(error)) throw new MissingDependencyError(operation, ['ajv', 'ajv-formats'], 'validateResponses', { cause: error });
      throw error;
    }
  }

  function checkResponse(operation: OperationRef, spec: SpecValidator, status: number, contentType: string, body: unknown): void {
    const check = spec.validateResponse({ method: operation.method, path: operation.path, status, contentType, body });
    if (check.kind === 'valid') return;
    const issues =
      check.kind === 'invalid'
        ? check.issues
        : [{ field: '', message: check.kind === 'unknown-operation' ? 'the operation is not in the spec' : `${check.kind.replace(/-/g, ' ')} (documented: ${check.documented.join(', ') || 'none'})` }];
    throw new ResponseValidationError(operation, { status, issues, body });
  }

  const request = (method: string, path: string, init?: UntypedInit) => {
    const operation: OperationRef = { api: manifest.id, method: method.toUpperCase(), path };
    return new ApiPromise(call(operation, init, documented.get(`${operation.method} ${path}`)));
  };
  const byPath = (method: string) => ((path: string, init?: UntypedInit) => request(method, path, init)) as never;
  const client: Record<string, unknown> = {
    manifest,
    baseUrl,
    GET: byPath('get'),
    POST: byPath('post'),
    PUT: byPath('put'),
    PATCH: byPath('patch'),
    DELETE: byPath('delete'),
    request,
  };
  for (const [operationId, entry] of Object.entries(definition.operations)) {
    if (operationId in client) throw new TypeError(`${manifest.id}: operationId "${operationId}" clashes with the client's own "${operationId}".`);
    // An operation's name in errors is made once, not per call.
    const operation: OperationRef = Object.freeze({ api: manifest.id, method: entry.method.toUpperCase(), path: entry.path });
    client[operationId] = (init?: UntypedInit) => new ApiPromise(call(operation, init, entry.responses));
  }
  return client as VendorClient<Paths, Table, CredentialFields>;
}

/** One deadline over the steps of a call or of a helper made of several (signing, reading a stream, two calls). */
export interface DeadlineScope {
  readonly deadline: Deadline;
  /** Settles with `work`, or rejects as soon as the deadline passes (work that cannot be given a signal). */
  step<T>(work: Promise<T> | T): Promise<T>;
  /** Options for a call inside the scope: the scope's signal and the time that is left. */
  callOptions(): CallOptions;
}

/**
 * Runs `work` under one deadline: `init.timeoutMs`, else the client's `timeoutMs`, else the default (0: none),
 * combined with `init.signal`. Whatever the deadline interrupts surfaces as one TimeoutError for `operation`.
 */
export async function withinDeadline<T>(operation: OperationRef, clientTimeoutMs: number | undefined, init: CallOptions, work: (scope: DeadlineScope) => Promise<T>): Promise<T> {
  checkCallTimeout(`${operation.api} ${operation.method} ${operation.path}`, init.timeoutMs);
  const deadline = startDeadline(init.timeoutMs ?? clientTimeoutMs ?? DEFAULT_TIMEOUT_MS, init.signal);
  try {
    return await work({
      deadline,
      step: (pending) => raceSignal(pending, deadline.signal),
      callOptions: () => ({ ...init, signal: deadline.signal, timeoutMs: deadline.timeoutMs === 0 ? 0 : Math.max(1, deadline.remaining()) }),
    });
  } catch (error) {
    throw timedOut(operation, deadline, error);
  } finally {
    deadline.dispose();
  }
}

/** Whatever the deadline interrupted (a fetch, a body, a token provider, a signer, a wait) is one TimeoutError. */
function timedOut(operation: OperationRef, deadline: Deadline, error: unknown): unknown {
  return deadline.timedOut() && !(error instanceof KycContractsError) ? new TimeoutError(operation, deadline.timeoutMs, 'no answer', { cause: error }) : error;
}

async function loadValidator(id: string, loadSpec: () => Promise<OpenApiDocument>): Promise<SpecValidator> {
  const [{ validatorFor }, document] = await Promise.all([import('./validation.js'), loadSpec()]);
  return validatorFor(document, `${id}.openapi.json`);
}

function isModuleNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
}
