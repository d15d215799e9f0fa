/**
 * The data model of overrides, as the control API's document (../control/openapi.yaml, schemas `OverrideInput`,
 * `Override`, `Respond`, `Match`) describes it; ../control/model.test.ts checks that the two agree.
 */

/** How a connection misbehaves instead of answering (WireMock's and mockttp's faults, committed by ../faults.ts). */
export type FaultKind = 'reset' | 'hang' | 'empty' | 'malformed';
export const FAULT_KINDS: readonly FaultKind[] = ['reset', 'hang', 'empty', 'malformed'];

/** Partial deep match on the request: every given value must be found at the same place (arrays: element-wise prefix-free, same length). */
export interface OverrideMatch {
  /** The JSON body (partial: extra fields in the request are fine). */
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, unknown>>;
  /** Path parameters by name, as the operation's path template names them. */
  readonly path?: Readonly<Record<string, unknown>>;
  /** Header names are matched case-insensitively. */
  readonly headers?: Readonly<Record<string, unknown>>;
}
export const MATCH_KINDS = ['body', 'query', 'path', 'headers'] as const;

/** The spec's documented example for `status` (the named one with `example`), a body of your own, or a fault. */
export type OverrideRespond =
  | { readonly status: number; readonly example?: string }
  | { readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly fault: FaultKind };

export interface OverrideInput {
  readonly api: string;
  readonly operationId: string;
  readonly match?: OverrideMatch;
  readonly respond: OverrideRespond;
  /** Wait this long before answering (or committing the fault). */
  readonly delayMs?: number;
  /** Answer this many matching requests, then drop out (default: every one until removed). */
  readonly times?: number;
  /** Skip the check that the spec allows `respond` for this operation. */
  readonly unchecked?: boolean;
}

/** A registered override, as `GET /__mock/overrides` lists it. */
export interface Override extends OverrideInput {
  readonly id: string;
  /** Matching requests answered so far. */
  readonly used: number;
  /** Answers left (`null`: no limit). */
  readonly remaining: number | null;
}

/** What an override answers, resolved when it is registered. */
export type ResolvedAnswer =
  | { readonly kind: 'respond'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: unknown }
  | { readonly kind: 'fault'; readonly fault: FaultKind };
