/**
 * MockControl: the control API in process. ./routes.ts serves it over HTTP and `startMock()`'s handle calls it
 * directly, so both check the same way: every control body against its schema in ./openapi.yaml (ajv 2020, the
 * validator the clients use), then what a schema cannot say (a known api and operationId, an answer the vendor's
 * spec allows). A ControlError (400 naming the field) changes nothing.
 */
import type { FieldIssue } from '../../../src/core/errors.js';
import { SpecValidator } from '../../../src/core/validation.js';
import type { CallbackPage, CallbackRule, CallbackRuleInput, Scheduler } from '../callbacks.js';
import type { Journal, JournalPage } from '../journal.js';
import type { OverrideStore } from '../overrides/store.js';
import type { Override, OverrideInput, ResolvedAnswer } from '../overrides/model.js';
import type { Pipeline } from '../pipeline.js';
import { operationExamples } from '../prism.js';
import type { Violation } from '../types.js';
import type { Workflow } from '../workflows/workflow.js';
import { controlDocument } from './document.js';
import { ANSWER_NOT_ALLOWED, ControlError, NOT_FOUND, invalid } from './problems.js';

/** What a control request covers: an API's own port (or `/<api>/__mock/`) that API, the one port's root all. */
export interface ControlScope {
  readonly apis: readonly string[];
  readonly root: boolean;
}

export interface RequestFilter {
  readonly api?: string | undefined;
  readonly operationId?: string | undefined;
}

export interface Removed {
  readonly removed: number;
}

export interface MockControl {
  state(scope: ControlScope): Record<string, unknown>;
  reset(scope: ControlScope): { reset: string[] };
  addOverride(input: unknown, scope: ControlScope): Override;
  listOverrides(scope: ControlScope): { overrides: Override[] };
  removeOverride(id: string, scope: ControlScope): Removed;
  clearOverrides(scope: ControlScope): Removed;
  listRequests(filter: RequestFilter, scope: ControlScope): JournalPage;
  clearRequests(scope: ControlScope): Removed;
  listCallbacks(scope: ControlScope): CallbackPage;
  clearCallbacks(scope: ControlScope): Removed;
  addCallbackRule(input: unknown, scope: ControlScope): CallbackRule;
  listCallbackRules(scope: ControlScope): { rules: CallbackRule[] };
  clearCallbackRules(scope: ControlScope): Removed;
  releaseCallback(id: number, scope: ControlScope): Removed;
}

export interface ControlStores {
  readonly pipelines: ReadonlyMap<string, Pipeline>;
  readonly workflows: ReadonlyMap<string, Workflow>;
  readonly overrides: OverrideStore;
  readonly journal: Journal;
  readonly scheduler: Scheduler;
}

/** A `respond.body` larger than this (as JSON) is refused: an override is a test's answer, not a load generator. */
export const MAX_OVERRIDE_BODY_BYTES = 256 * 1024;

const dotted = (issue: FieldIssue) => issue.field.replace(/^\//, '').replaceAll('/', '.') || '(body)';

let validator: SpecValidator | undefined;
const schemas = () => (validator ??= new SpecValidator(controlDocument() as never, 'mock-control.openapi.json'));

/** Checks `value` against a schema of the control document; throws a 400 naming the first offending field. */
function check(schema: string, value: unknown, branchOf?: { field: string; pick: (value: unknown) => string | undefined }): void {
  let issues = schemas().validateAt(`/components/schemas/${schema}`, value);
  if (issues.length === 0) return;
  // A oneOf reports every branch's complaints: report the branch the value meant, by its keys.
  if (branchOf) {
    const inner = (value as Record<string, unknown> | undefined)?.[branchOf.field];
    const branch = branchOf.pick(inner);
    if (branch && issues.some((issue) => issue.field.startsWith(`/${branchOf.field}`) || (issue.field === '' && issue.code === 'oneOf'))) {
      const own = schemas().validateAt(`/components/schemas/${branch}`, inner).map((issue) => ({ ...issue, field: `/${branchOf.field}${issue.field}` }));
      issues = [...issues.filter((issue) => !issue.field.startsWith(`/${branchOf.field}`)), ...own];
    }
  }
  const first = issues.find((issue) => issue.code !== 'oneOf') ?? issues[0]!;
  throw invalid(dotted(first), `${dotted(first)}: ${first.message}`);
}

const respondBranch = (respond: unknown): string | undefined => {
  if (!respond || typeof respond !== 'object' || Array.isArray(respond)) return undefined;
  if ('fault' in respond) return 'RespondFault';
  return 'body' in respond ? 'RespondBody' : 'RespondExample';
};

/** The API a body's `api` names, checked against the scope (an API's own port takes only that API). */
function apiIn(api: string, scope: ControlScope, served: ReadonlyMap<string, Pipeline>): string {
  if (!served.has(api)) throw invalid('api', `api: unknown or not served: "${api}"; served: ${[...served.keys()].join(', ')}`);
  if (!scope.apis.includes(api)) throw invalid('api', `api: "${api}" is not the API of this port (${scope.apis.join(', ')})`);
  return api;
}

const documentedStatus = (codes: readonly string[], status: number) => codes.includes(String(status)) || codes.includes(`${String(status)[0]}XX`) || codes.includes('default');

export function createMockControl(stores: ControlStores): MockControl {
  const { pipelines, workflows, overrides, journal, scheduler } = stores;
  const storeScope = (scope: ControlScope) => (scope.root ? undefined : scope.apis);

  function resolve(input: OverrideInput): ResolvedAnswer {
    const pipeline = pipelines.get(input.api)!;
    const operation = pipeline.operations.find((o) => (o.iid ?? o.id) === input.operationId);
    if (!operation) {
      const known = pipeline.operations.map((o) => o.iid ?? o.id);
      throw invalid('operationId', `operationId: ${input.api} has no operation "${input.operationId}"; it has ${known.slice(0, 40).join(', ')}${known.length > 40 ? ', …' : ''}`);
    }
    const respond = input.respond;
    if ('fault' in respond) return { kind: 'fault', fault: respond.fault };
    const codes = operation.responses.map((r) => r.code);
    if (!input.unchecked && !documentedStatus(codes, respond.status)) {
      throw new ControlError(ANSWER_NOT_ALLOWED, `respond.status: ${input.api} ${input.operationId} does not document ${respond.status}; it documents ${codes.join(', ')} (or pass "unchecked": true)`, { field: 'respond.status' });
    }
    let headers: Record<string, string> = {};
    let body: unknown;
    if ('body' in respond) {
      body = respond.body;
      headers = { ...respond.headers };
      const size = Buffer.byteLength(JSON.stringify(body) ?? '');
      if (size > MAX_OVERRIDE_BODY_BYTES) throw invalid('respond.body', `respond.body: ${size} bytes as JSON; at most ${MAX_OVERRIDE_BODY_BYTES}`);
    } else {
      const examples = operationExamples(pipeline.operations, input.operationId, respond.status);
      const example = 'example' in respond && respond.example !== undefined ? examples.find((e) => e.key === respond.example) : examples[0];
      if ('example' in respond && respond.example !== undefined && !example) {
        throw invalid('respond.example', `respond.example: ${input.operationId} ${respond.status} has no example "${respond.example}"; it has ${examples.map((e) => e.key).join(', ') || 'none'}`);
      }
      const response = operation.responses.find((r) => r.code === String(respond.status));
      if (!example && response?.contents?.some((c) => c.examples !== undefined || /json/.test(c.mediaType)) && !input.unchecked) {
        throw invalid('respond', `respond: ${input.operationId} ${respond.status} has no documented example: give a body`);
      }
      body = example && 'value' in example ? structuredClone(example.value) : undefined;
    }
    const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    if (!input.unchecked) {
      const output = { statusCode: respond.status, headers: { 'content-type': contentType ?? 'application/json', ...headers }, body };
      const violations = pipeline.checkAnswer(operation, body === undefined ? { statusCode: respond.status, headers } : output);
      if (violations.length > 0) {
        const listed: Violation[] = violations.map((d) => ({ location: ['response', ...(d.path ?? [])], severity: 'Error', code: d.code, message: d.message }));
        const first = listed[0]!;
        throw new ControlError(ANSWER_NOT_ALLOWED, `respond.body: ${first.location.join('.')} ${first.message} (or pass "unchecked": true)`, { field: 'respond.body', violations: listed });
      }
    }
    return { kind: 'respond', status: respond.status, headers, body };
  }

  function stateOf(apis: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(apis.filter((id) => workflows.has(id)).map((id) => [id, workflows.get(id)!.state()]));
  }

  return {
    state: (scope) => stateOf(scope.apis),
    reset(scope) {
      const apis = storeScope(scope);
      for (const api of scope.apis) workflows.get(api)?.reset();
      overrides.clear(apis);
      journal.clear(apis);
      scheduler.reset(scope.apis);
      if (scope.root) scheduler.clearRules();
      return { reset: [...scope.apis] };
    },
    addOverride(input, scope) {
      check('OverrideInput', input, { field: 'respond', pick: respondBranch });
      const override = input as OverrideInput;
      apiIn(override.api, scope, pipelines);
      return overrides.add(override, resolve(override));
    },
    listOverrides: (scope) => ({ overrides: overrides.list(storeScope(scope)) }),
    removeOverride(id, scope) {
      const api = overrides.apiOf(id);
      if (!api || !scope.apis.includes(api)) throw new ControlError(NOT_FOUND, `no override ${id}${scope.root ? '' : ` for ${scope.apis.join(', ')}`}`);
      overrides.remove(id);
      return { removed: 1 };
    },
    clearOverrides(scope) {
      const before = overrides.list(storeScope(scope)).length;
      overrides.clear(storeScope(scope));
      return { removed: before };
    },
    listRequests(filter, scope) {
      if (filter.api !== undefined && !scope.apis.includes(filter.api)) throw invalid('api', `api: "${filter.api}" is not served here (${scope.apis.join(', ')})`);
      return journal.list({ ...(scope.root ? {} : { apis: scope.apis }), ...(filter.api !== undefined ? { api: filter.api } : {}), ...(filter.operationId !== undefined ? { operationId: filter.operationId } : {}) });
    },
    clearRequests(scope) {
      const before = journal.list(scope.root ? {} : { apis: scope.apis }).requests.length;
      journal.clear(storeScope(scope));
      return { removed: before };
    },
    listCallbacks: (scope) => scheduler.list(storeScope(scope)),
    clearCallbacks: (scope) => ({ removed: scheduler.clearJournal(storeScope(scope)) }),
    addCallbackRule(input, scope) {
      check('CallbackRuleInput', input);
      const rule = input as CallbackRuleInput;
      if (rule.api !== undefined) apiIn(rule.api, scope, pipelines);
      if (rule.action === 'delay' && rule.delayMs === undefined) throw invalid('delayMs', 'delayMs: a delay rule needs delayMs');
      if (rule.action !== 'delay' && rule.delayMs !== undefined) throw invalid('delayMs', `delayMs: only a delay rule takes delayMs (this one is ${rule.action})`);
      return scheduler.addRule(scope.root ? rule : { ...rule, api: scope.apis[0]! });
    },
    listCallbackRules: (scope) => ({ rules: scheduler.rules(storeScope(scope)) }),
    clearCallbackRules: (scope) => ({ removed: scheduler.clearRules(storeScope(scope)) }),
    releaseCallback(id, scope) {
      if (!Number.isInteger(id) || !scheduler.release(id, storeScope(scope))) throw new ControlError(NOT_FOUND, `no held callback ${id}`);
      return { removed: 1 };
    },
  };
}
