/**
 * Interpretation: what an HTTP answer means for the caller. A mock's violation report or a non-2xx status is
 * an error in the vendor's dialect; a 2xx must carry what the spec documents for that status (a body of a
 * documented content type, valid if JSON); an envelope that says "error" inside a 2xx is an error too.
 */
import { decodeBodyLeniently, isJsonContentType, mediaTypeOf, parseJson, pickMediaType } from './body.js';
import { ApiError, type FieldIssue, type OperationRef, RequestValidationError, ResponseParseError } from './errors.js';
import { mockViolations } from './mock-dialect.js';

/** What a vendor's error body means. */
export interface VendorErrorDetails {
  readonly vendorCode?: string | undefined;
  readonly vendorMessage?: string | undefined;
  /** Per-field problems; request fields are named `body.<path>`, `query.<name>`, … */
  readonly issues?: readonly FieldIssue[] | undefined;
  /** The vendor rejected the request's contents: reported as a RequestValidationError. */
  readonly requestInvalid?: boolean | undefined;
}

/** How a vendor says "error" (declared in its manifest). */
export interface VendorErrorDialect {
  /** What a non-2xx body says. */
  describeError(body: unknown, status: number): VendorErrorDetails;
  /** For vendors whose 2xx envelopes can carry an error (`{"status": "error"}`): its details, else undefined. */
  envelopeError?(body: unknown): VendorErrorDetails | undefined;
}

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** One header by its lower-case name, without building `headers` (the transport's answers have it). */
  readonly header?: ((name: string) => string | undefined) | undefined;
  readonly bodyText: string;
}

/** One header of an answer, by its lower-case name. */
export const headerOf = (answer: Answer, name: string): string | undefined => (answer.header ? answer.header(name) : answer.headers[name]);

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Media types the spec documents per status (`"200": ["application/json"]`, `[]` for no body). */
export type DocumentedResponses = Readonly<Record<string, readonly string[]>>;

/** Throws the error a non-2xx answer (or a mock's violation report) means; returns for a 2xx. */
export function throwIfRejected(operation: OperationRef, answer: Answer, dialect: VendorErrorDialect): void {
  const report = headerOf(answer, 'sl-violations');
  const violations = mockViolations(report === undefined ? NO_HEADERS : { 'sl-violations': report }, answer.status, answer.bodyText);
  if (violations) {
    throw new RequestValidationError(operation, {
      status: answer.status,
      vendorCode: 'request_validation',
      vendorMessage: 'the mock rejected the request: it does not match the spec',
      issues: violations.issues,
      // The report, not the canned example the mock answers with: that example says nothing about this request.
      body: decodeBodyLeniently(violations.report),
      rawBody: violations.report,
      headers: answer.headers,
    });
  }
  if (answer.status >= 200 && answer.status < 300) return;
  const body = decodeBodyLeniently(answer.bodyText);
  throw vendorError(operation, { ...problemDetails(body), ...definedOnly(dialect.describeError(body, answer.status)) }, body, answer);
}

/**
 * The 2xx body as the spec documents it: undefined where no body is documented, else decoded by its content
 * type. Empty, mistyped or unparseable bodies are ResponseParseErrors, never `undefined` or a string in disguise.
 * Without documentation for the status (untyped calls to paths the spec lacks), JSON is decoded when it parses.
 */
export function decodeSuccess(operation: OperationRef, answer: Answer, documented: DocumentedResponses | undefined): unknown {
  const contentType = headerOf(answer, 'content-type') ?? '';
  const status = String(answer.status);
  let mediaTypes = documented?.[status] ?? documented?.[`${status[0]}XX`] ?? documented?.['default'];
  if (mediaTypes === undefined && documented !== undefined) {
    // A 2xx the spec does not list for a known operation (a 204 where it documents a JSON 200) is held to what the
    // documented 2xx answers carry: a typed call never resolves with undefined where the spec documents a body.
    const successes = Object.entries(documented).filter(([key]) => key.startsWith('2'));
    if (successes.length > 0) {
      if (answer.bodyText === '' && successes.some(([, types]) => types.length === 0)) return undefined;
      mediaTypes = [...new Set(successes.flatMap(([, types]) => types))];
    }
  }
  const fail = (reason: string, cause?: unknown) =>
    new ResponseParseError(operation, { status: answer.status, contentType, rawBody: answer.bodyText, reason, cause });
  if (mediaTypes === undefined) {
    if (answer.bodyText === '') return undefined;
    if (isJsonContentType(contentType)) {
      const parsed = parseJson(answer.bodyText);
      if (!parsed.ok) throw fail(`is not valid JSON: ${parsed.error.message}`, parsed.error);
      return parsed.value;
    }
    return mediaTypeOf(contentType) === '' ? decodeBodyLeniently(answer.bodyText) : answer.bodyText;
  }
  if (mediaTypes.length === 0) return undefined;
  if (answer.bodyText === '') throw fail(`is empty; the spec documents ${mediaTypes.join(' or ')}`);
  const decoding = decodingFor(mediaTypes, contentType);
  if (decoding === 'unmatched') throw fail(`has content type "${contentType}"; the spec documents ${mediaTypes.join(' or ')}`);
  if (decoding === 'text') return answer.bodyText;
  const parsed = parseJson(answer.bodyText);
  if (!parsed.ok) throw fail(`is not valid JSON: ${parsed.error.message}`, parsed.error);
  return parsed.value;
}

type Decoding = 'json' | 'text' | 'unmatched';
/** Per documented media-type list (one per operation and status), per Content-Type: how its bodies decode. */
const decodings = new WeakMap<readonly string[], Map<string, Decoding>>();

/** Whether a body of `contentType` is JSON, text or undocumented, decided once per list and content type. */
function decodingFor(mediaTypes: readonly string[], contentType: string): Decoding {
  let byType = decodings.get(mediaTypes);
  if (!byType) decodings.set(mediaTypes, (byType = new Map()));
  let decoding = byType.get(contentType);
  if (decoding === undefined) {
    const mediaType = pickMediaType(mediaTypes, contentType);
    decoding = !mediaType ? 'unmatched' : isJsonContentType(mediaType) ? 'json' : 'text';
    // Content types are the server's to choose: a server that varies them must not grow the map without end.
    if (byType.size >= 64) byType.clear();
    byType.set(contentType, decoding);
  }
  return decoding;
}

/** Throws when a 2xx envelope says "error" (Bank 131, BrainySoft). */
export function throwIfEnvelopeError(operation: OperationRef, answer: Answer, body: unknown, dialect: VendorErrorDialect): void {
  const details = dialect.envelopeError?.(body);
  if (details) throw vendorError(operation, details, body, answer);
}

function vendorError(operation: OperationRef, details: VendorErrorDetails, body: unknown, answer: Answer): ApiError {
  const ErrorClass = details.requestInvalid ? RequestValidationError : ApiError;
  return new ErrorClass(operation, {
    status: answer.status,
    rawBody: answer.bodyText,
    headers: answer.headers,
    vendorCode: details.vendorCode,
    vendorMessage: details.vendorMessage,
    issues: details.issues ?? [],
    body,
  });
}

/** RFC 7807 problem details (the mock's own errors, some gateways): a message for any vendor. */
function problemDetails(body: unknown): VendorErrorDetails {
  if (!body || typeof body !== 'object') return {};
  const { title, detail } = body as { title?: unknown; detail?: unknown };
  const message = typeof detail === 'string' ? detail : typeof title === 'string' ? title : undefined;
  return message ? { vendorMessage: message } : {};
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
