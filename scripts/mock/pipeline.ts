/**
 * The one place the mock's stages are chained (the role of prism-core's factory.ts), per request to an API:
 *   receive (./receive.ts: body, URL, preferences)
 *   → overrides.take (./overrides/store.ts: synchronous, right after the body is read)
 *   → Prism: route, security and request validation (./prism.ts)
 *   → answer (./answer.ts: override > workflow > Prism's mocker, the source recorded in the request's Exchange)
 *   → Prism: response validation
 *   → deliver (./deliver.ts: the delay, then the body or the fault)
 *   → journal (./journal.ts, masked by ./mask.ts).
 * Control requests (`/__mock/…`) never come here: the host routes them to ./control.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAnswerStage } from './answer.js';
import { type Delivered, deliver } from './deliver.js';
import type { Journal } from './journal.js';
import { maskerFor } from './mask.js';
import { operationRouter } from './overrides/match.js';
import type { OverrideStore } from './overrides/store.js';
import { type Diagnostic, type HttpOperation, type PrismOutput, type ProblemError, createPrism } from './prism.js';
import { receive } from './receive.js';
import type { AnsweredBy, Exchange, MockRequest, Outcome, Violation } from './types.js';
import type { Workflow } from './workflows/workflow.js';

const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];

export interface PipelineOptions {
  readonly api: string;
  readonly operations: HttpOperation[];
  readonly workflow?: Workflow | undefined;
  /** Generate bodies from schemas instead of examples (Prism's --dynamic). */
  readonly dynamic?: boolean;
  readonly overrides: OverrideStore;
  readonly journal: Journal;
  /** Wait this long before every answer of this API (an override's own `delayMs` wins). */
  readonly latencyMs?: number;
  /** One line per request that failed validation, and per answer that broke the spec; none when omitted. */
  readonly report?: ((message: string) => void) | undefined;
}

export interface Pipeline {
  readonly api: string;
  readonly operations: HttpOperation[];
  /** Answers one request; `pathAndQuery` is the URL without the one port's `/<api>` prefix. */
  serve(req: IncomingMessage, res: ServerResponse, pathAndQuery: string): Promise<void>;
  /** Prism's response validation of an answer to `operation` (what every answer goes through): the errors. */
  checkAnswer(operation: HttpOperation, output: PrismOutput): Diagnostic[];
}

const prefixed = (prefix: string) => (d: Diagnostic): Violation => ({ location: [prefix, ...(d.path ?? [])], severity: SEVERITY[d.severity], code: d.code, message: d.message });

/** Prism's 422 for an invalid request with no documented 4xx carries the violations in the problem itself. */
function problemViolations(error: ProblemError): Violation[] {
  const listed = (error as { additional?: { validation?: Array<{ location?: string[]; severity?: string; code?: string | number; message: string }> } }).additional?.validation;
  return (listed ?? []).map((v) => ({ location: v.location ?? [], severity: v.severity, code: v.code, message: v.message }));
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { api, operations, overrides, journal, report } = options;
  const prism = createPrism({ api, mock: createAnswerStage(options.workflow), dynamic: options.dynamic ?? false, logLevel: 'silent' });
  const route = operationRouter(operations);
  const masker = maskerFor(api);

  function record(request: MockRequest, delivered: Delivered, details: { operationId: string | null; answeredBy: AnsweredBy; violations: readonly Violation[]; overrideId?: string | undefined }): void {
    const valid = !details.violations.some((v) => v.severity === 'Error');
    journal.record({
      api,
      operationId: details.operationId,
      method: request.method.toUpperCase(),
      path: request.path,
      query: masker.query(request.query),
      body: masker.body(request.body),
      headers: masker.headers(request.headers),
      ...('status' in delivered ? { status: delivered.status } : {}),
      ...('fault' in delivered ? { fault: delivered.fault } : {}),
      valid,
      violations: details.violations,
      answeredBy: details.answeredBy,
      ...(details.overrideId ? { overrideId: details.overrideId } : {}),
      at: request.at,
    });
    if (report && !valid) {
      const what = details.violations.filter((v) => v.severity === 'Error').map((v) => `${v.location.join('.')} ${v.message}`).join('; ');
      report(`${api} ${request.method.toUpperCase()} ${request.path}${details.operationId ? ` (${details.operationId})` : ''}: invalid request: ${what}`);
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, pathAndQuery: string): Promise<void> {
    const received = await receive(api, req, res, pathAndQuery);
    if (received.kind === 'answered') {
      const violations: Violation[] = received.error ? [{ location: ['request', 'body'], severity: 'Error', code: 'unreadable', message: received.error }] : [];
      return record(received.request, { status: received.status }, { operationId: null, answeredBy: received.error ? 'problem' : 'prism', violations });
    }
    const request = received.request;
    const override = overrides.take(request, route);
    const exchange: Exchange = { override };
    let outcome: Outcome;
    let requestViolations: Violation[] = [];
    if (request.preferences._tag === 'Left' && !override) {
      outcome = { kind: 'problem', error: request.preferences.left };
    } else {
      const chosen = request.preferences._tag === 'Right' && !override ? Object.fromEntries(Object.entries(request.preferences.right).filter(([, value]) => value !== undefined)) : {};
      const result = await prism.request(request.input, operations, { ...chosen, stateful: request.stateful, exchange });
      if (result._tag === 'Left') {
        outcome = { kind: 'problem', error: result.left };
        requestViolations = problemViolations(result.left);
      } else {
        const { output, validations } = result.right;
        // Input violations that only Prism's comma splitting produced are not reported on workflow answers.
        const input = exchange.answeredBy === 'workflow' ? validations.input.filter((v) => !(v.path?.[0] === 'path' && v.code === 'type')) : validations.input;
        requestViolations = input.map(prefixed('request'));
        if (override?.answer.kind === 'fault') {
          outcome = { kind: 'fault', fault: override.answer.fault };
        } else {
          const responseViolations = validations.output.map(prefixed('response'));
          if (report) for (const v of responseViolations) if (v.severity === 'Error') report(`${api} ${request.method.toUpperCase()} ${request.path}: the answer breaks the spec: ${v.location.join('.')} ${v.message}`);
          outcome = { kind: 'answer', output, violations: [...requestViolations, ...responseViolations], requestViolations };
        }
      }
    }
    const delivered = await deliver(res, outcome, override?.delayMs ?? options.latencyMs ?? 0);
    if (report && outcome.kind === 'problem' && requestViolations.length === 0) {
      report(`${api} ${request.method.toUpperCase()} ${request.path}: ${'status' in delivered ? delivered.status : 'no answer'} ${outcome.error.message}`);
    }
    record(request, delivered, {
      operationId: exchange.operationId ?? null,
      answeredBy: outcome.kind === 'problem' ? 'problem' : exchange.answeredBy ?? 'prism',
      violations: requestViolations,
      overrideId: override?.id,
    });
  }

  return { api, operations, serve, checkAnswer: (operation, output) => prism.validateOutput(operation, output) };
}
