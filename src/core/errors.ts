/**
 * One error hierarchy for every vendor client. Callers branch on the class and read the same fields
 * whichever vendor answered:
 *
 *   KycContractsError                 anything this library throws for a call
 *   ├─ ApiError                       the vendor answered "no" (HTTP status, vendor code, message, raw body)
 *   │  └─ RequestValidationError      the request broke the contract (a mock's or the vendor's field-level report)
 *   ├─ ResponseParseError             the body is not what the spec documents: invalid JSON, empty, another content type
 *   ├─ ResponseTooLargeError          the body is over the client's `maxResponseBytes`
 *   ├─ ResponseValidationError        the body decoded but does not match the spec
 *   ├─ TimeoutError                   the call (all attempts, token provider included) or the polling ran out of time
 *   ├─ NetworkError                   the connection failed: before any answer, or while the body was read
 *   └─ MissingDependencyError         an optional package the chosen option needs is not installed
 */

import { maskSecrets, maskSecretsIn } from '../redaction/secrets.js';

/** Which call failed: enough to find the operation in the spec. */
export interface OperationRef {
  readonly api: string;
  readonly method: string;
  /** The spec's path template, e.g. `/api/v1.1/check/{id}`. */
  readonly path: string;
}

/** One problem with one field, as a vendor or a validator reported it. */
export interface FieldIssue {
  /** The field, as the reporter names it: `dob`, `body.iin`, `/data/id`. Empty when it concerns the whole message. */
  readonly field: string;
  readonly message: string;
  /** The reporter's code for the problem, when it gives one (`required`, `pattern`, …). */
  readonly code?: string;
}

export abstract class KycContractsError extends Error {
  readonly operation: OperationRef;
  protected constructor(message: string, operation: OperationRef, options?: { cause?: unknown }) {
    super(`${operation.api} ${operation.method.toUpperCase()} ${operation.path}: ${message}`, options);
    this.name = new.target.name;
    this.operation = operation;
  }
}

export interface ApiErrorInit {
  readonly status: number;
  /** The vendor's own error code (`validation`, `already_exists`, …), when its body carries one. */
  readonly vendorCode?: string | undefined;
  /** The vendor's human-readable message, when its body carries one. */
  readonly vendorMessage?: string | undefined;
  readonly issues?: readonly FieldIssue[];
  /** The decoded body (JSON value), or the raw text when it was not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The vendor answered with an error: a non-2xx status, or a 2xx whose envelope says `error`. */
export class ApiError extends KycContractsError {
  readonly status: number;
  readonly vendorCode: string | undefined;
  readonly vendorMessage: string | undefined;
  readonly issues: readonly FieldIssue[];
  readonly body: unknown;
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(operation: OperationRef, init: ApiErrorInit) {
    const what = [init.vendorCode, init.vendorMessage].filter(Boolean).join(': ');
    const details = (init.issues ?? []).map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
    super(`HTTP ${init.status}${what ? ` ${what}` : ''}${details ? ` (${details})` : ''}`, operation);
    this.status = init.status;
    this.vendorCode = init.vendorCode;
    this.vendorMessage = init.vendorMessage;
    this.issues = init.issues ?? [];
    this.body = init.body;
    this.rawBody = init.rawBody;
    this.headers = init.headers;
  }
}

/**
 * The request broke the contract and the server said which fields: Prism's `sl-violations` report, or a
 * vendor's per-field validation errors. `fields` lists the offending field names, for assertions and UIs.
 */
export class RequestValidationError extends ApiError {
  get fields(): string[] {
    return [...new Set(this.issues.map((issue) => issue.field).filter(Boolean))];
  }
}

/**
 * The body is not what the spec documents for this status: not valid JSON, empty, or of another content type.
 * `rawBody` keeps it exactly as received.
 */
export class ResponseParseError extends KycContractsError {
  readonly status: number;
  readonly contentType: string;
  readonly rawBody: string;
  constructor(operation: OperationRef, init: { status: number; contentType: string; rawBody: string; reason: string; cause?: unknown }) {
    super(`HTTP ${init.status} body ${init.reason}`, operation, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.contentType = init.contentType;
    this.rawBody = init.rawBody;
  }
}

/** The body decoded but does not match the spec for this operation and status. */
export class ResponseValidationError extends KycContractsError {
  readonly status: number;
  readonly issues: readonly FieldIssue[];
  readonly body: unknown;
  constructor(operation: OperationRef, init: { status: number; issues: readonly FieldIssue[]; body: unknown }) {
    const shown = init.issues.slice(0, 5).map((i) => `${i.field || '(body)'} ${i.message}`);
    const more = init.issues.length > 5 ? `; and ${init.issues.length - 5} more` : '';
    super(`HTTP ${init.status} body does not match the spec: ${shown.join('; ')}${more}`, operation);
    this.status = init.status;
    this.issues = init.issues;
    this.body = init.body;
  }
}

export class TimeoutError extends KycContractsError {
  readonly timeoutMs: number;
  constructor(operation: OperationRef, timeoutMs: number, what = 'no answer', options?: { cause?: unknown }) {
    super(`${what} within ${timeoutMs} ms`, operation, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The body is larger than the client accepts (`maxResponseBytes`); reading stopped at the limit. */
export class ResponseTooLargeError extends KycContractsError {
  readonly status: number;
  readonly limitBytes: number;
  constructor(operation: OperationRef, init: { status: number; limitBytes: number }) {
    super(`HTTP ${init.status} body is larger than maxResponseBytes (${init.limitBytes} bytes); reading stopped`, operation);
    this.status = init.status;
    this.limitBytes = init.limitBytes;
  }
}

export class NetworkError extends KycContractsError {
  /** `request`: no HTTP answer at all; `body`: the answer's head arrived, then the connection failed. */
  readonly phase: 'request' | 'body';
  /** The status of the answer whose body was being read (phase `body`). */
  readonly status: number | undefined;
  constructor(operation: OperationRef, cause: unknown, where: { phase: 'request' } | { phase: 'body'; status: number } = { phase: 'request' }) {
    const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
    const what = where.phase === 'request' ? 'request failed before any HTTP answer' : `connection failed while reading the HTTP ${where.status} body`;
    super(`${what}: ${reason}`, operation, { cause });
    this.phase = where.phase;
    this.status = where.phase === 'body' ? where.status : undefined;
  }
}

/** An option needs an optional package that is not installed (`validateResponses` needs ajv and ajv-formats). */
export class MissingDependencyError extends KycContractsError {
  readonly packages: readonly string[];
  constructor(operation: OperationRef, packages: readonly string[], option: string, options?: { cause?: unknown }) {
    super(`${option} needs ${packages.join(' and ')}, which ${packages.length > 1 ? 'are' : 'is'} not installed: npm install ${packages.join(' ')}`, operation, options);
    this.packages = packages;
  }
}

/**
 * Masks the given credentials (every spelling: see src/redaction/secrets.ts) in an error as it leaves the library:
 * its message and stack, every string field (`vendorMessage`, `vendorCode`, `rawBody`), the JSON-like ones
 * (`body`, `headers`, `issues`), and its `cause` chain, whatever threw it. Returns the same error (a thrown
 * string: the masked string).
 */
export function hideSecrets<E>(error: E, secrets: readonly string[]): E {
  if (secrets.length === 0) return error;
  // Code may throw a bare string (a provider, a signer): that is masked too.
  if (typeof error === 'string') return maskSecrets(error, secrets) as E;
  maskErrorTree(error, secrets, new Set());
  return error;
}

function maskErrorTree(error: unknown, secrets: readonly string[], seen: Set<unknown>): void {
  if (error === null || typeof error !== 'object' || seen.has(error) || seen.size > 16) return;
  seen.add(error);
  const target = error as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    if (key === 'operation') continue;
    const value = target[key];
    if (value instanceof Error || (key === 'cause' && typeof value === 'object')) {
      maskErrorTree(value, secrets, seen);
      continue;
    }
    if (Array.isArray(value) && value.some((item) => item instanceof Error)) {
      for (const item of value) maskErrorTree(item, secrets, seen);
      continue;
    }
    const masked = typeof value === 'string' ? maskSecrets(value, secrets) : maskSecretsIn(value, secrets);
    if (masked === value) continue;
    try {
      target[key] = masked;
    } catch {
      // A frozen error keeps its fields: nothing this library built is frozen.
    }
  }
}
