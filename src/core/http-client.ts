/**
 * The shared core of every vendor client: openapi-fetch for typed paths, parameters and bodies, plus what
 * openapi-fetch leaves to the caller. A call either resolves with the documented success body or rejects
 * with one of the errors in ./errors.ts; it never resolves with an error body.
 */
import createClient, { type FetchResponse, type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { decodeBody, decodeBodyLeniently } from './body.js';
import {
  ApiError,
  type FieldIssue,
  KycContractsError,
  NetworkError,
  type OperationRef,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import { type Exchange, type ExchangeRequest, headersToObject } from './exchange.js';
import { type RetryPolicy, backoffDelays, resolveRetryPolicy, retryAfterMs, sleep } from './retry.js';
import { deadlineSignal } from './signals.js';
import { getSpecValidator } from './validation.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** What a vendor's error body means, decoded by that vendor's profile. */
export interface VendorErrorDetails {
  readonly vendorCode?: string | undefined;
  readonly vendorMessage?: string | undefined;
  readonly issues?: readonly FieldIssue[] | undefined;
  /** The vendor rejected the request's contents (field validation): reported as a RequestValidationError. */
  readonly requestInvalid?: boolean | undefined;
}

/** The per-vendor knowledge the core needs: how the vendor says "error". */
export interface VendorProfile {
  /** The api id, as in `specs/<api>/` and `generated/<api>.openapi.json`. */
  readonly api: string;
  /** What a non-2xx body says. */
  describeError(body: unknown, status: number): VendorErrorDetails;
  /** For vendors whose 2xx envelopes can carry an error (`{"status": "error"}`): its details, else undefined. */
  envelopeError?(body: unknown): VendorErrorDetails | undefined;
}

/** Options every vendor client accepts. */
export interface CommonClientOptions {
  /** Overrides the vendor's production URL (a sandbox, a Prism mock, a recording server). */
  readonly baseUrl?: string | undefined;
  /** Time limit for one attempt, in ms (default 30 000). 0 disables it. */
  readonly timeoutMs?: number | undefined;
  /** Retries for idempotent calls: a count, a policy, or false (default: none). */
  readonly retry?: Partial<RetryPolicy> | number | false | undefined;
  /** Validate every 2xx body against the spec (ajv; compiled once per schema). Default false. */
  readonly validateResponses?: boolean | undefined;
  /** A fetch implementation (default: the global one). */
  readonly fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Sees every exchange, raw, credentials included: redact before storing anything. */
  readonly onExchange?: ((exchange: Exchange) => void | Promise<void>) | undefined;
}

/** Per-call options, next to openapi-fetch's `params` / `body` / `headers`. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the client's time limit for this call. */
  readonly timeoutMs?: number;
  /** Extra headers for this call (e.g. `Prefer: code=404` against a Prism mock). */
  readonly headers?: Readonly<Record<string, string>>;
}

type InitWithCall<Init> = RequiredKeysOf<Init> extends never ? [(Init & CallOptions)?] : [Init & CallOptions];

/** The documented success body of an operation. */
export type OperationData<Operation> = NonNullable<
  FetchResponse<Operation & Record<string | number, any>, {}, MediaType>['data']
>;

type AnyPaths = {};

export type CallMethod<Paths extends AnyPaths, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method & keyof Paths[Path]>,
>(
  path: Path,
  ...init: InitWithCall<Init>
) => Promise<OperationData<Paths[Path][Method & keyof Paths[Path]]>>;

/** An untyped call by method and path template, for tooling that walks a spec (tests, the recorder). */
export interface UntypedInit extends CallOptions {
  readonly params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  readonly body?: unknown;
  readonly bodySerializer?: (body: any) => any;
}

export interface ApiClient<Paths extends AnyPaths> {
  readonly api: string;
  readonly baseUrl: string;
  readonly GET: CallMethod<Paths, 'get'>;
  readonly POST: CallMethod<Paths, 'post'>;
  readonly PUT: CallMethod<Paths, 'put'>;
  readonly PATCH: CallMethod<Paths, 'patch'>;
  readonly DELETE: CallMethod<Paths, 'delete'>;
  invoke(method: string, path: string, init?: UntypedInit): Promise<unknown>;
}

export interface ApiClientConfig extends CommonClientOptions {
  readonly baseUrl: string;
  /** Auth and any other vendor middleware, applied in order before the request leaves. */
  readonly middleware?: readonly Middleware[];
}

interface Captured {
  readonly bodyText: string;
  readonly request: ExchangeRequest | undefined;
}

export function createApiClient<Paths extends AnyPaths>(profile: VendorProfile, config: ApiClientConfig): ApiClient<Paths> {
  const baseUrl = normalizeBaseUrl(config.baseUrl);
  const policy = resolveRetryPolicy(config.retry);
  const raw = createClient<Paths>({
    baseUrl,
    ...(config.fetch ? { fetch: config.fetch } : {}),
    ...(config.headers ? { headers: { ...config.headers } } : {}),
  });
  for (const middleware of config.middleware ?? []) raw.use(middleware);

  // Runs last on the way out and first on the way back: keeps the exact response text (openapi-fetch would
  // re-parse it) and, for observers, the request as sent.
  const captured = new WeakMap<Response, Captured>();
  const pendingRequests = new Map<string, ExchangeRequest>();
  raw.use({
    async onRequest({ request, id }) {
      if (!config.onExchange) return undefined;
      const bodyText = request.body ? await request.clone().text() : undefined;
      pendingRequests.set(id, { method: request.method, url: request.url, headers: headersToObject(request.headers), bodyText });
      return undefined;
    },
    async onResponse({ response, id }) {
      const bodyText = await response.text();
      const nullBody = [101, 204, 205, 304].includes(response.status);
      const copy = new Response(nullBody ? null : bodyText, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      captured.set(copy, { bodyText, request: pendingRequests.get(id) });
      pendingRequests.delete(id);
      return copy;
    },
    onError({ id }) {
      pendingRequests.delete(id);
      return undefined;
    },
  });

  async function attempt(operation: OperationRef, init: UntypedInit): Promise<unknown> {
    const { signal, timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...fetchInit } = init;
    const deadline = deadlineSignal(timeoutMs, signal);
    const startedAt = new Date();
    let response: Response;
    try {
      const result = await (raw.request as (m: string, p: string, i: object) => Promise<{ response: Response }>)(
        operation.method.toLowerCase(),
        operation.path,
        { ...fetchInit, signal: deadline.signal, parseAs: 'text' },
      );
      response = result.response;
    } catch (error) {
      if (error instanceof KycContractsError) throw error;
      if (deadline.timedOut()) throw new TimeoutError(operation, timeoutMs, 'no answer', { cause: error });
      if (signal?.aborted) throw signal.reason ?? error;
      throw new NetworkError(operation, error);
    } finally {
      deadline.dispose();
    }
    const capture = captured.get(response);
    const rawBody = capture?.bodyText ?? '';
    const headers = headersToObject(response.headers);
    if (config.onExchange && capture?.request) {
      await config.onExchange({
        operation,
        request: capture.request,
        response: { status: response.status, headers, bodyText: rawBody },
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
      });
    }
    return interpret(operation, response.status, headers, rawBody);
  }

  function interpret(operation: OperationRef, status: number, headers: Record<string, string>, rawBody: string): unknown {
    const contentType = headers['content-type'] ?? '';
    const violations = mockViolations(headers['sl-violations'], status, rawBody);
    const answer = { status, rawBody, headers };
    if (violations) {
      const details = { vendorCode: 'request_validation', vendorMessage: 'the request does not match the spec', issues: violations, requestInvalid: true };
      throw vendorError(operation, details, decodeBodyLeniently(rawBody), answer);
    }
    if (status < 200 || status >= 300) {
      const body = decodeBodyLeniently(rawBody);
      throw vendorError(operation, { ...problemDetails(body), ...definedOnly(profile.describeError(body, status)) }, body, answer);
    }
    const body = decodeBody(operation, status, contentType, rawBody);
    if (config.validateResponses) {
      const check = getSpecValidator(profile.api).validateResponse({ ...operation, status, contentType, body });
      if (check.kind === 'invalid') throw new ResponseValidationError(operation, { status, issues: check.issues, body });
      if (check.kind !== 'valid') {
        throw new ResponseValidationError(operation, { status, issues: [{ field: '', message: describeCheck(check) }], body });
      }
    }
    const envelope = profile.envelopeError?.(body);
    if (envelope) throw vendorError(operation, envelope, body, answer);
    return body;
  }

  async function invoke(method: string, path: string, init: UntypedInit = {}): Promise<unknown> {
    const operation: OperationRef = { api: profile.api, method: method.toUpperCase(), path };
    const delays = backoffDelays(policy.backoff);
    for (let attemptNo = 0; ; attemptNo++) {
      try {
        return await attempt(operation, init);
      } catch (error) {
        const again =
          attemptNo < policy.retries &&
          policy.methods.includes(operation.method) &&
          !init.signal?.aborted &&
          isRetryable(error, policy);
        if (!again) throw error;
        const asked = error instanceof ApiError ? retryAfterMs(error.headers['retry-after'] ?? null, policy.backoff.maxMs) : undefined;
        await sleep(asked ?? delays.next().value, init.signal);
      }
    }
  }

  const method = (name: string) => ((path: string, init?: UntypedInit) => invoke(name, path, init)) as never;
  return {
    api: profile.api,
    baseUrl,
    GET: method('get'),
    POST: method('post'),
    PUT: method('put'),
    PATCH: method('patch'),
    DELETE: method('delete'),
    invoke,
  };
}

/** The typed error for what a vendor (or the mock) said: field-level request problems get their own class. */
function vendorError(
  operation: OperationRef,
  details: VendorErrorDetails,
  body: unknown,
  answer: { status: number; rawBody: string; headers: Record<string, string> },
): ApiError {
  const ErrorClass = details.requestInvalid ? RequestValidationError : ApiError;
  return new ErrorClass(operation, {
    ...answer,
    vendorCode: details.vendorCode,
    vendorMessage: details.vendorMessage,
    issues: details.issues ?? [],
    body,
  });
}

function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true;
  return error instanceof ApiError && !(error instanceof RequestValidationError) && policy.statuses.includes(error.status);
}

function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl must use http or https, got ${JSON.stringify(baseUrl)}.`);
  }
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Prism (the mock) reports request violations in an `sl-violations` header (when the operation documents a 4xx
 * it answers with that example), or as a 422 problem+json with a `validation` list. Either becomes field issues.
 */
function mockViolations(header: string | undefined, status: number, rawBody: string): FieldIssue[] | undefined {
  let list: unknown;
  if (header) {
    try {
      list = JSON.parse(header);
    } catch {
      return [{ field: '', message: header }];
    }
  } else if (status === 422 && rawBody.includes('stoplight.io/prism/errors#UNPROCESSABLE_ENTITY')) {
    const body = decodeBodyLeniently(rawBody);
    list = body && typeof body === 'object' ? (body as { validation?: unknown }).validation : undefined;
  }
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.map((item: { location?: unknown; message?: unknown; code?: unknown }) => {
    const location = Array.isArray(item.location) ? item.location.map(String) : [];
    const path = location[0] === 'request' ? location.slice(1) : location;
    // Prism puts a missing or extra property in the message, not the location: "…required property 'iin'",
    // "…additional properties; found 'personal_number'". Name it, so the field is ["body", "iin"] → "body.iin".
    const named = typeof item.message === 'string' ? /(?:required property|found) '([^']+)'/.exec(item.message)?.[1] : undefined;
    if (named && path[path.length - 1] !== named) path.push(named);
    const field = path.join('.');
    return {
      field,
      message: typeof item.message === 'string' ? item.message : 'invalid',
      ...(item.code !== undefined ? { code: String(item.code) } : {}),
    };
  });
}

/** RFC 7807 problem details (Prism's own errors, some gateways): a message for any vendor. */
function problemDetails(body: unknown): VendorErrorDetails {
  if (!body || typeof body !== 'object') return {};
  const { title, detail } = body as { title?: unknown; detail?: unknown };
  const message = typeof detail === 'string' ? detail : typeof title === 'string' ? title : undefined;
  return message ? { vendorMessage: message } : {};
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function describeCheck(check: { kind: string; documented?: string[] }): string {
  switch (check.kind) {
    case 'unknown-operation':
      return 'operation is not in the spec';
    case 'undocumented-status':
      return `status is not documented (documented: ${check.documented?.join(', ') || 'none'})`;
    case 'undocumented-media-type':
      return `content type is not documented (documented: ${check.documented?.join(', ') || 'none'})`;
    default:
      return check.kind;
  }
}
