/**
 * Stage: answer, in Prism's place of the mocker. Who answers, in this order:
 * 1. the override taken for the request (./overrides), whatever the request's validity or preferences;
 * 2. the API's workflow, when the request carries no preferences and failed no validation;
 * 3. Prism's own mocker (examples, or the documented 4xx of an invalid request).
 * The source (and the operation Prism routed to) goes into the request's Exchange, in `config.mock.exchange`.
 */
import type { Workflow, WorkflowAnswer } from './workflows/workflow.js';
import { type Diagnostic, type Either, type HttpOperation, type MockComponent, type PrismInput, type PrismOutput, pathMatcher, prismParts } from './prism.js';
import type { Exchange } from './types.js';
import { answerShape, markWorkflowOutput } from './output-check.js';

const right = <R>(value: R): Either<never, R> => ({ _tag: 'Right', right: value });

function toOutput(answer: WorkflowAnswer): PrismOutput {
  const headers: Record<string, unknown> = { ...answer.headers };
  if (answer.body !== undefined) headers['Content-type'] = answer.contentType ?? 'application/json';
  return { statusCode: answer.status, headers, body: answer.body };
}

/** Path parameters of a request by its operation's template (matchers compiled once per operation). */
export function pathParamsOf(): (operation: HttpOperation, path: string) => Record<string, string> {
  const matchers = new Map<string, (path: string) => Record<string, string> | undefined>();
  return (operation, path) => {
    let matcher = matchers.get(operation.id);
    if (!matcher) matchers.set(operation.id, (matcher = pathMatcher(operation.path)));
    return matcher(path) ?? {};
  };
}

/**
 * Prism splits a `simple`-style path segment at commas before validating it, so a string parameter holding a
 * comma list (BrainySoft's `/main/clients/find/1,2`) fails with "must be string" although the raw segment
 * matches its schema. Workflows get such requests anyway; stateless answers stay exactly Prism's.
 */
export function isCommaSplitArtifact(pathParams: Record<string, string>, resource: HttpOperation, v: Diagnostic): boolean {
  if (v.path?.[0] !== 'path' || v.code !== 'type' || typeof v.path[1] !== 'string') return false;
  const raw = pathParams[v.path[1]];
  const parameter = (resource as { request?: { path?: Array<{ name: string; schema?: { type?: unknown; pattern?: string } }> } }).request?.path?.find((p) => p.name === v.path![1]);
  if (!raw?.includes(',') || parameter?.schema?.type !== 'string') return false;
  return parameter.schema.pattern === undefined || new RegExp(parameter.schema.pattern, 'u').test(raw);
}

/** A fault is committed by the deliver stage; Prism gets a placeholder it validates and nobody sends. */
const FAULT_PLACEHOLDER: PrismOutput = { statusCode: 500 };

export function createAnswerStage(workflow: Workflow | undefined): MockComponent {
  const pathParams = pathParamsOf();
  const workflowAnswer = (resource: HttpOperation, data: PrismInput, validations: Diagnostic[]): WorkflowAnswer | undefined => {
    const params = pathParams(resource, data.url.path);
    if (validations.some((v) => v.severity === 0 && !isCommaSplitArtifact(params, resource, v))) return undefined;
    return workflow!.handle({
      operationId: resource.iid ?? resource.id,
      method: data.method,
      path: data.url.path,
      pathParams: params,
      query: data.url.query,
      headers: data.headers,
      body: data.body,
    });
  };

  return (args) => {
    const { resource, input, config } = args;
    const exchange = config['exchange'] as Exchange | undefined;
    if (exchange) exchange.operationId = resource.iid ?? resource.id;
    const override = exchange?.override;
    if (override && exchange) {
      exchange.answeredBy = 'override';
      const { answer } = override;
      if (answer.kind === 'fault') return () => right(FAULT_PLACEHOLDER);
      const headers: Record<string, unknown> = { ...answer.headers };
      if (answer.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-type'] = 'application/json';
      return () => right({ statusCode: answer.status, headers, body: answer.body });
    }
    if (workflow && config.stateful) {
      let answer: WorkflowAnswer | undefined;
      try {
        answer = workflowAnswer(resource, input.data, input.validations);
      } catch (error) {
        return () => ({ _tag: 'Left', left: error instanceof Error ? error : new Error(String(error)) });
      }
      if (answer) {
        if (exchange) exchange.answeredBy = 'workflow';
        const output = toOutput(answer);
        markWorkflowOutput(output, answerShape(resource.iid ?? resource.id, answer.status, answer.body));
        return () => right(output);
      }
    }
    if (exchange) exchange.answeredBy = 'prism';
    return prismParts().mocker(args);
  };
}
