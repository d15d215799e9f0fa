/**
 * Transport: builds the HTTP request (openapi-fetch's own serializers), sends it, follows only same-origin
 * redirects, and reads the body once, as text, under a size limit enforced while it streams. Credentials and
 * personal data in a body never leave for another origin: a redirect elsewhere is refused, not followed.
 */
import {
  type BodySerializer,
  type PathSerializer,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
} from 'openapi-fetch';
import { ApiError, NetworkError, type OperationRef, ResponseTooLargeError } from './errors.js';
import { type ExchangeRequest, headersToObject } from './exchange.js';

/** A fetch: the global one, or any function with its signature (it is called with `redirect: 'manual'`). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** What a call sends, before serialization (openapi-fetch's shapes). */
export interface OutgoingCall {
  readonly method: string;
  /** The spec's path template. */
  readonly path: string;
  readonly params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> } | undefined;
  readonly body?: unknown;
  readonly bodySerializer?: BodySerializer<unknown> | undefined;
  readonly headers: Headers;
}

export interface PreparedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  /** A string, FormData, Blob or URLSearchParams: bodies that can be sent again on a same-origin redirect. */
  readonly body: BodyInit | undefined;
}

// openapi-fetch's default query style (form, exploded), built once rather than per call.
const querySerializer = createQuerySerializer();

export function prepareRequest(baseUrl: string, call: OutgoingCall, pathSerializer: PathSerializer = defaultPathSerializer): PreparedRequest {
  const params = call.params ?? {};
  // openapi-fetch hands serializers the headers too (for content-type-aware bodies).
  const serializer = (call.bodySerializer ?? defaultBodySerializer) as (body: unknown, headers: Headers) => unknown;
  const body = call.body === undefined ? undefined : (serializer(call.body, call.headers) as BodyInit);
  const headers = call.headers;
  if (body !== undefined && !(body instanceof FormData) && !headers.has('content-type')) headers.set('content-type', 'application/json');
  if (params.header) for (const [name, value] of Object.entries(params.header)) if (value !== undefined && value !== null) headers.set(name, String(value));
  let url = pathSerializer === defaultPathSerializer ? simpleUrl(baseUrl, call, params) : undefined;
  if (url === undefined) {
    if (call.path.includes('{')) checkPathParams(call, pathSerializer);
    url = createFinalURL(call.path, { baseUrl, params, querySerializer, pathSerializer });
  }
  return { method: call.method.toUpperCase(), url, headers, body };
}

/** A path template cut at its placeholders: `/check/{id}` → texts `['/check/', '']`, names `['id']`. */
interface CompiledPath {
  readonly texts: readonly string[];
  readonly names: readonly string[];
  /** Every placeholder is `{name}` (openapi-fetch's simple style): no label, matrix or explode. */
  readonly simple: boolean;
}
const compiledPaths = new Map<string, CompiledPath>();

function compilePath(path: string): CompiledPath {
  let compiled = compiledPaths.get(path);
  if (!compiled) {
    const texts: string[] = [];
    const names: string[] = [];
    let last = 0;
    for (const match of path.matchAll(/\{([^{}]+)\}/g)) {
      texts.push(path.slice(last, match.index));
      names.push(match[1]!);
      last = match.index + match[0].length;
    }
    texts.push(path.slice(last));
    compiled = { texts, names, simple: !names.some((name) => /^[.;]|\*/.test(name)) };
    // Paths come from a spec (or an untyped caller): bounded all the same.
    if (compiledPaths.size >= 1000) compiledPaths.clear();
    compiledPaths.set(path, compiled);
  }
  return compiled;
}

/**
 * The URL openapi-fetch's createFinalURL builds with its default path serializer, for the usual call (simple
 * placeholders, primitive values), in one pass: each value is `encodeURIComponent`'d into its segment, which can
 * then hold no `/`, `?` or `#`; checked as checkPathParams checks. Undefined for anything else (the general path).
 */
function simpleUrl(baseUrl: string, call: OutgoingCall, params: NonNullable<OutgoingCall['params']>): string | undefined {
  const compiled = compilePath(call.path);
  if (!compiled.simple || baseUrl.includes('{')) return undefined;
  const values = (params.path ?? {}) as Record<string, unknown>;
  let url = baseUrl + compiled.texts[0]!;
  for (let i = 0; i < compiled.names.length; i++) {
    const value = values[compiled.names[i]!];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    const segment = encodeURIComponent(value);
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    url += segment + compiled.texts[i + 1]!;
  }
  const search = params.query ? querySerializer(params.query) : '';
  return search ? `${url}?${search.startsWith('?') ? search.slice(1) : search}` : url;
}

/**
 * Path parameters must fill their own segment and nothing else: a missing one (openapi-fetch would leave `{id}` in
 * the URL), an empty one, `.` or `..` (the URL parser would drop or climb a segment), or one whose serialized form
 * still holds `/`, `?` or `#` would send the request somewhere else. Refused before anything is sent, naming the
 * parameter (never its value, which may be personal data).
 */
function checkPathParams(call: OutgoingCall, pathSerializer: PathSerializer): void {
  const values = (call.params?.path ?? {}) as Record<string, unknown>;
  for (const [placeholder, raw] of call.path.matchAll(/\{([^}]+)\}/g)) {
    const name = raw!.replace(/^[.;]/, '').replace(/\*$/, '');
    const value = values[name];
    const refuse = (why: string) => new TypeError(`${call.method.toUpperCase()} ${call.path}: path parameter \`${name}\` ${why}; nothing was sent.`);
    if (value === undefined || value === null) throw refuse('is missing');
    const segment = pathSerializer(`/${placeholder}`, { [name]: value } as Record<string, string>).slice(1);
    if (segment === '') throw refuse('is empty');
    if (/[/?#]/.test(segment)) throw refuse('holds a `/`, `?` or `#` that would change the path');
    // The URL parser reads %2e as a dot too.
    const dots = segment.replace(/%2e/gi, '.');
    if (dots === '.' || dots === '..') throw refuse(`is "${dots}", which the URL parser would ${dots === '.' ? 'drop' : 'read as the parent segment'}`);
  }
}

/** The request as observers see it (`onExchange`): multipart bodies are summarized, not copied. */
export function describeRequest(request: PreparedRequest): ExchangeRequest {
  const headers = headersToObject(request.headers);
  let bodyText: string | undefined;
  if (typeof request.body === 'string') bodyText = request.body;
  else if (request.body instanceof URLSearchParams) bodyText = request.body.toString();
  else if (request.body instanceof FormData) {
    const parts = [...request.body.entries()].map(([name, value]) =>
      typeof value === 'string' ? `${name}=${value}` : `${name}: ${value.type || 'application/octet-stream'}, ${value.size} bytes`,
    );
    bodyText = `[multipart/form-data: ${parts.join('; ')}]`;
  }
  return { method: request.method, url: request.url, headers, bodyText };
}

export interface ReceivedAnswer {
  readonly status: number;
  /** Lower-case names. Built from the response's headers when first read. */
  readonly headers: Record<string, string>;
  /** One header by its lower-case name, read without building `headers` (what every call reads). */
  readonly header?: ((name: string) => string | undefined) | undefined;
  /** The body, decoded as UTF-8, exactly as received. */
  readonly bodyText: string;
  /** Where the answer came from (after same-origin redirects). */
  readonly url: string;
}

export interface SendOptions {
  readonly fetch: FetchLike;
  /** Whether the call was aborted: read when fetch fails. */
  readonly signal: AbortSignal;
  /** What fetch is given (default `signal`); none for a call that nothing can abort. */
  readonly fetchSignal?: AbortSignal | undefined;
  /** The origin requests may go to (default: the request URL's own): redirects elsewhere are refused. */
  readonly origin?: string | undefined;
  readonly maxResponseBytes: number;
  readonly operation: OperationRef;
}

const MAX_REDIRECTS = 5;

/** Sends the request; follows up to 5 same-origin redirects; rejects a redirect to another origin with ApiError. */
export async function send(request: PreparedRequest, options: SendOptions): Promise<ReceivedAnswer> {
  // The client's origin when the URL is under it (a plain prefix test), else parsed: never a wrong one.
  const given = options.origin;
  const origin = given !== undefined && request.url.startsWith(given) && (request.url.length === given.length || request.url[given.length] === '/') ? given : new URL(request.url).origin;
  const fetchSignal = 'fetchSignal' in options ? options.fetchSignal : options.signal;
  let current = request;
  for (let hop = 0; ; hop++) {
    let response: Response;
    const init: RequestInit = { method: current.method, headers: current.headers, body: current.body ?? null, redirect: 'manual' };
    if (fetchSignal) init.signal = fetchSignal;
    try {
      response = await options.fetch(current.url, init);
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new NetworkError(options.operation, error);
    }
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (location !== null) {
      await response.body?.cancel().catch(() => {});
      const headers = headersToObject(response.headers);
      // A Location that is no URL at all is the server's fault: an ApiError like any refused redirect, never a TypeError.
      const target = URL.canParse(location, current.url) ? new URL(location, current.url) : undefined;
      if (!target) {
        throw new ApiError(options.operation, { status: response.status, vendorMessage: `redirect to an unreadable Location (${JSON.stringify(location.slice(0, 200))}) refused`, body: undefined, rawBody: '', headers });
      }
      if (target.origin !== origin || hop >= MAX_REDIRECTS) {
        const why = target.origin !== origin
          ? `redirect to another origin (${target.origin}) refused: credentials and personal data stay with ${origin}`
          : `more than ${MAX_REDIRECTS} redirects`;
        throw new ApiError(options.operation, { status: response.status, vendorMessage: why, body: undefined, rawBody: '', headers });
      }
      // 303, and 301/302 after a POST, turn into a GET without a body (as browsers and fetch do); 307/308 keep both.
      const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && current.method === 'POST');
      const nextHeaders = new Headers(current.headers);
      if (toGet) nextHeaders.delete('content-type');
      current = { method: toGet ? 'GET' : current.method, url: target.href, headers: nextHeaders, body: toGet ? undefined : current.body };
      continue;
    }
    const bodyText = await readBody(response, options);
    return new TransportAnswer(response.status, response.headers, bodyText, current.url);
  }
}

/** The answer, its headers turned into an object only if something reads them all (errors, `withResponse`, observers). */
class TransportAnswer implements ReceivedAnswer {
  #headers: Record<string, string> | undefined;
  constructor(
    readonly status: number,
    private readonly raw: Headers,
    readonly bodyText: string,
    readonly url: string,
  ) {}

  get headers(): Record<string, string> {
    return (this.#headers ??= headersToObject(this.raw));
  }

  header(name: string): string | undefined {
    return this.raw.get(name) ?? undefined;
  }
}

async function readBody(response: Response, options: SendOptions): Promise<string> {
  const headers = response.headers;
  const declared = Number(headers.get('content-length') ?? NaN);
  if (declared > options.maxResponseBytes) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(options.operation, { status: response.status, limitBytes: options.maxResponseBytes });
  }
  if (!response.body) return '';
  // With a Content-Length under the limit the body cannot grow past it (HTTP framing): read it the fast native way.
  // Not when it is compressed: Content-Length then counts the compressed bytes, and fetch hands over the decoded ones.
  const encoding = (headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (Number.isFinite(declared) && (encoding === '' || encoding === 'identity')) {
    try {
      return await response.text();
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new NetworkError(options.operation, error, { phase: 'body', status: response.status });
    }
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > options.maxResponseBytes) {
        await reader.cancel().catch(() => {});
        throw new ResponseTooLargeError(options.operation, { status: response.status, limitBytes: options.maxResponseBytes });
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (error instanceof ResponseTooLargeError || options.signal.aborted) throw error;
    throw new NetworkError(options.operation, error, { phase: 'body', status: response.status });
  } finally {
    reader.releaseLock();
  }
  return text + decoder.decode();
}
