/**
 * The interface every vendor workflow implements. A workflow sees each request that Prism has routed and found
 * valid (and that carries no `Prefer` header or `__code`-style query): it may answer it from its state, or return
 * `undefined` to let Prism answer from the spec's examples. Adding an API's workflow adds one file under
 * `scripts/mock/workflows/` and one line in `./index.ts`.
 */

export interface WorkflowRequest {
  /** The spec's operationId (`createCheck`, `getApplicant`, …). */
  readonly operationId: string;
  /** Lower case (`get`, `post`, …). */
  readonly method: string;
  /** The path as requested, without the `/<api>` prefix of the one-port host. */
  readonly path: string;
  /** Path parameters by name, taken from the operation's path template (decoded). */
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Lower-case header names, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as Prism parsed it: JSON for JSON requests, else text (or null). */
  readonly body: unknown;
}

export interface WorkflowAnswer {
  readonly status: number;
  readonly body?: unknown;
  /** Default `application/json` when there is a body. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A signed (or plain) POST the host delivers on the workflow's behalf, with retries. */
export interface CallbackDelivery {
  readonly url: string;
  /** Serialized once; the exact bytes are sent (and signed). */
  readonly body: unknown;
  readonly headers?: (rawBody: string) => Record<string, string>;
  /** For the log: what is being delivered (`VERIFICATION_COMPLETED for 2cf7…`). */
  readonly what: string;
  /** The event, for the callback journal and rules (`VERIFICATION_COMPLETED`). */
  readonly event?: string;
  /** What it is about, for the callback journal and rules (a verification id). */
  readonly subject?: string;
  /** The headers signed with another key (the mock's `wrong-signature` rule); without it, signed over other bytes. */
  readonly headersWithKey?: (rawBody: string, key: string) => Record<string, string>;
}

export interface WorkflowContext {
  /** How many status requests answer `pending` before the outcome (Bank 131). */
  readonly polls: number;
  /** Where callbacks go when the request names none (`--callback-url`). */
  readonly callbackUrl: string | undefined;
  /**
   * Runs `step` after `delayMs` unless the host stops first. Steps of one `chain` run in order, each after the
   * previous one (and its deliveries) finished, so callbacks arrive in the order they were scheduled.
   */
  schedule(chain: string, delayMs: number, step: () => CallbackDelivery | CallbackDelivery[] | void): void;
  /** Problems worth telling (a callback that could not be delivered). */
  log(message: string): void;
  /** The operation's documented example body (for templates), by operationId, status and example name. */
  example(operationId: string, status: number, name?: string): unknown;
}

export interface Workflow {
  handle(request: WorkflowRequest): WorkflowAnswer | undefined;
  /** A JSON-serializable snapshot of the state. */
  state(): unknown;
  /** Replaces the state with a snapshot (as `state()` returns it, e.g. from `--state FILE`). */
  load(state: unknown): void;
  reset(): void;
}

export interface WorkflowModule {
  readonly api: string;
  create(context: WorkflowContext): Workflow;
}

/** A `{status, body}` JSON answer. */
export const answer = (status: number, body: unknown): WorkflowAnswer => ({ status, body });

/** The first value of a header or query parameter. */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A plain object (`{}` for anything else). */
export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
