/**
 * The control API's errors, as problem+json templates in the shape of Prism's `errors.ts`: a control request that
 * cannot be carried out is a ControlError, thrown by ./control.ts (in process too) and written by ./routes.ts.
 */
import type { Violation } from '../types.js';

export interface ProblemTemplate {
  readonly type: string;
  readonly title: string;
  readonly status: number;
}

const template = (kind: string, title: string, status: number): ProblemTemplate => ({ type: `urn:kyc-contracts:mock:${kind}`, title, status });

export const INVALID_CONTROL_REQUEST = template('invalid-control-request', 'The control request is not valid', 400);
export const ANSWER_NOT_ALLOWED = template('answer-not-allowed', "The operation's spec does not allow this answer", 400);
export const NOT_FOUND = template('not-found', 'Not found', 404);
export const METHOD_NOT_ALLOWED = template('method-not-allowed', 'Method not allowed', 405);

export class ControlError extends Error {
  readonly template: ProblemTemplate;
  /** The offending field of the control request, dotted (`respond.status`). */
  readonly field: string | undefined;
  readonly violations: readonly Violation[] | undefined;

  constructor(problem: ProblemTemplate, detail: string, options: { field?: string; violations?: readonly Violation[] } = {}) {
    super(options.field && !detail.startsWith(options.field) ? `${options.field}: ${detail}` : detail);
    this.name = 'ControlError';
    this.template = problem;
    this.field = options.field;
    this.violations = options.violations;
  }

  get status(): number {
    return this.template.status;
  }

  toProblem(): Record<string, unknown> {
    return {
      ...this.template,
      detail: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.violations ? { violations: this.violations } : {}),
    };
  }
}

/** A 400 naming a field. */
export const invalid = (field: string, detail: string) => new ControlError(INVALID_CONTROL_REQUEST, detail, { field });
