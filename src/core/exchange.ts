/** One HTTP exchange as the client saw it: what `onExchange` observers (and the recorder) receive. */
import type { OperationRef } from './errors.js';

export interface ExchangeRequest {
  readonly method: string;
  readonly url: string;
  /** Lower-case names. Credentials included: observers must redact before storing (see src/redaction). */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string | undefined;
}

export interface ExchangeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received (decoded as UTF-8 text). */
  readonly bodyText: string;
}

export interface Exchange {
  readonly operation: OperationRef;
  readonly request: ExchangeRequest;
  readonly response: ExchangeResponse;
  readonly startedAt: Date;
  readonly durationMs: number;
}

export function headersToObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}
