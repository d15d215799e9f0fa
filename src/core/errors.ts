/**
 * One error hierarchy for every vendor client. Callers branch on the class and read the same fields
 * whichever vendor answered:
 *
 *   KycContractsError                 anything this library throws for a call
 *   ├─ ApiError                       the vendor answered "no" (HTTP status, vendor code, message, raw body)
 *   │  └─ RequestValidationError      the request broke the contract (a mock's or the vendor's field-level report)
 *   ├─ ResponseParseError             the body is not what its content type promises (e.g. invalid JSON)
 *   ├─ ResponseValidationError        the body decoded but does not match the spec
 *   ├─ TimeoutError                   the call or the polling ran out of time
 *   └─ NetworkError                   no HTTP answer at all (DNS, refused connection, reset)
 */

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

/** The body could not be decoded as its content type promises. `rawBody` keeps it exactly as received. */
export class ResponseParseError extends KycContractsError {
  readonly status: number;
  readonly contentType: string;
  readonly rawBody: string;
  constructor(operation: OperationRef, init: { status: number; contentType: string; rawBody: string; cause: unknown }) {
    const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
    super(`HTTP ${init.status} body is not valid ${init.contentType || 'JSON'}: ${reason}`, operation, {
      cause: init.cause,
    });
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

export class NetworkError extends KycContractsError {
  constructor(operation: OperationRef, cause: unknown) {
    const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
    super(`request failed before any HTTP answer: ${reason}`, operation, { cause });
  }
}
