/**
 * The contracts between the mock's stages (./pipeline.ts chains them): what ./receive.ts makes of an HTTP request,
 * the per-request context the answer stage fills in (it travels in Prism's `config.mock`, built fresh per request),
 * and the outcome ./deliver.ts writes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Diagnostic, Either, PrismInput, PrismOutput, ProblemError } from './prism.js';
import type { FaultKind, ResolvedAnswer } from './overrides/model.js';

/** One request to one API, as received: the body read, the URL parsed, the preferences decoded. */
export interface MockRequest {
  readonly api: string;
  /** Lower case (`get`, `post`, …). */
  readonly method: string;
  /** Path without the one port's `/<api>` prefix and without the query. */
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  /** Lower-case names, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  /** JSON for JSON requests, else text, or null without a body. */
  readonly body: unknown;
  /** The same request as Prism takes it. */
  readonly input: PrismInput;
  /** `Prefer` / `__code`-style preferences, or the 422 problem they make. */
  readonly preferences: Either<ProblemError, Record<string, unknown>>;
  /** No preferences: the workflow may answer. */
  readonly stateful: boolean;
  /** When it arrived (ms since the epoch). */
  readonly at: number;
}

/** Who produced an answer. `problem`: nobody could (no route, bad preferences, unreadable body). */
export type AnsweredBy = 'override' | 'workflow' | 'prism' | 'problem';

/** An override as one request takes it (./overrides/store.ts `take`). */
export interface TakenOverride {
  readonly id: string;
  readonly answer: ResolvedAnswer;
  readonly delayMs: number | undefined;
}

/** The per-request context of the answer stage, in `config.mock.exchange`. */
export interface Exchange {
  /** The override taken for this request (before Prism), if any. */
  readonly override: TakenOverride | undefined;
  /** Set by the answer stage: the operation Prism routed to. */
  operationId?: string;
  answeredBy?: AnsweredBy;
}

/** A diagnostic as `sl-violations` shows it. */
export interface Violation {
  readonly location: string[];
  readonly severity: string | undefined;
  readonly code: string | number | undefined;
  readonly message: string;
}

/** What the deliver stage writes. */
export type Outcome =
  | { readonly kind: 'answer'; readonly output: PrismOutput; readonly violations: readonly Violation[]; readonly requestViolations: readonly Violation[] }
  | { readonly kind: 'problem'; readonly error: ProblemError }
  | { readonly kind: 'fault'; readonly fault: FaultKind };

export type { Diagnostic };
