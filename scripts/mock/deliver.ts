/**
 * Stage: deliver. Waits the delay (given up when the client goes away), then writes the outcome: the answer with
 * `sl-violations` (and, for an invalid request, the mock's own marks: see `markInvalid`), a problem+json, or a fault
 * (./faults.ts). Returns what the client got, for the journal.
 */
import type { ServerResponse } from 'node:http';
import { commitFault } from './faults.js';
import type { FaultKind } from './overrides/model.js';
import { type ProblemError, prismParts } from './prism.js';
import type { Outcome, Violation } from './types.js';

const MAX_SAFE_HEADER_LENGTH = 8 * 1024 - 100;

/** What the client got: a status, a fault, or nothing because it went away first. */
export type Delivered = { readonly status: number } | { readonly fault: FaultKind } | { readonly gone: true };

/** Resolves after `ms`, or early (false) when the response closes first (client gone, mock stopping). */
export function waitUnlessClosed(res: ServerResponse, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const done = (open: boolean) => {
      clearTimeout(timer);
      res.off('close', onClose);
      resolve(open);
    };
    const onClose = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    res.once('close', onClose);
  });
}

export function headerValue(violations: readonly Violation[]): string {
  const value = JSON.stringify(violations);
  return value.length > MAX_SAFE_HEADER_LENGTH ? `Too many violations! ${value.substring(0, MAX_SAFE_HEADER_LENGTH)}` : value;
}

/** The header and body field that mark the mock's answer to an invalid request; no vendor sends either. */
export const VIOLATIONS_MARK = 'x-kyc-mock-violations';

/**
 * An answer to a request that failed validation keeps the vendor's shape (the documented 4xx Prism picked, or the
 * override's), so a client handles it as it would the vendor's; but it must not pass for the vendor's business
 * answer: the `x-kyc-mock-violations` header lists the request's errors, and a JSON object body gets the same list
 * under the `x-kyc-mock-violations` key. (`sl-violations`, Prism's header, also carries warnings and response
 * violations.)
 */
function markInvalid(res: ServerResponse, body: unknown, requestViolations: readonly Violation[]): unknown {
  const errors = requestViolations.filter((v) => v.severity === 'Error');
  if (errors.length === 0) return body;
  res.setHeader(VIOLATIONS_MARK, headerValue(errors));
  const contentType = String(res.getHeader('content-type') ?? '');
  if (!/json/i.test(contentType) || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  return { ...(body as Record<string, unknown>), [VIOLATIONS_MARK]: errors.map((v) => ({ location: v.location, message: v.message })) };
}

export function sendProblem(res: ServerResponse, error: ProblemError): number {
  const { micri, ProblemJsonError } = prismParts();
  if (res.writableEnded || res.headersSent) {
    res.end();
    return res.statusCode;
  }
  res.setHeader('content-type', 'application/problem+json');
  if (error.additional?.headers) for (const [name, value] of Object.entries(error.additional.headers)) res.setHeader(name, value);
  const status = error.status || 500;
  micri.send(res, status, JSON.stringify(ProblemJsonError.toProblemJson(error)));
  return status;
}

export async function deliver(res: ServerResponse, outcome: Outcome, delayMs: number): Promise<Delivered> {
  if (delayMs > 0 && !(await waitUnlessClosed(res, delayMs))) return { gone: true };
  if (res.destroyed) return { gone: true };
  if (outcome.kind === 'fault') {
    commitFault(res, outcome.fault);
    return { fault: outcome.fault };
  }
  if (outcome.kind === 'problem') return { status: sendProblem(res, outcome.error) };
  const { micri, serialize } = prismParts();
  const { output, violations } = outcome;
  if (violations.length > 0) res.setHeader('sl-violations', headerValue(violations));
  try {
    if (output.headers) for (const [name, value] of Object.entries(output.headers)) res.setHeader(name, value as string);
    const body = markInvalid(res, output.body, outcome.requestViolations);
    micri.send(res, output.statusCode, serialize(body, res.getHeader('content-type')));
    return { status: output.statusCode };
  } catch (error) {
    return { status: sendProblem(res, error as ProblemError) };
  }
}
