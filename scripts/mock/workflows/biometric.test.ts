/** The Biometric.kz workflow on its own: events in order, results consistent with them, state that round-trips. */
import { describe, expect, it } from 'vitest';
import type { CallbackDelivery, Workflow, WorkflowContext, WorkflowRequest } from './workflow.js';
import { MOCK_EDOCUMENT_CODE, biometricWorkflow } from './biometric.js';

const FLOW_KEY = 'example-biometric-flow-api-key-000000000000000000000';

/** A context whose scheduler only queues steps; `drain` runs them in order and returns what they would deliver. */
function fakeContext(callbackUrl: string | null = 'http://127.0.0.1:9/hook') {
  const steps: Array<() => CallbackDelivery | CallbackDelivery[] | void> = [];
  const context: WorkflowContext = {
    polls: 2,
    callbackUrl: callbackUrl ?? undefined,
    schedule: (_chain, _delay, step) => void steps.push(step),
    log: () => undefined,
    example: (_operationId, status, name) => ({ detail: `example ${status} ${name}` }),
  };
  const drain = (count = steps.length) => steps.splice(0, count).flatMap((step) => [step() ?? []].flat());
  return { context, drain };
}

const request = (operationId: string, body: unknown, query: Record<string, string> = {}): WorkflowRequest => ({
  operationId, method: 'post', path: '/', pathParams: {}, query, headers: {}, body,
});

function createSession(workflow: Workflow, metadata: Record<string, unknown> = {}): string {
  const created = workflow.handle(request('createFlowSession', { api_key: FLOW_KEY, metadata }));
  expect(created).toMatchObject({ status: 200, body: { technologies: ['LD', 'ED', 'F2F'] } });
  return (created!.body as { session_id: string }).session_id;
}

const result = (workflow: Workflow, sessionId: string, key = FLOW_KEY) => workflow.handle(request('getFlowSessionResult', null, { session_id: sessionId, flow_api_key: key }));

describe('biometric workflow', () => {
  it('delivers start and end per technology in order, and the result follows the events', () => {
    const { context, drain } = fakeContext();
    const workflow = biometricWorkflow.create(context);
    const id = createSession(workflow, { iin: '010203040506' });
    expect(result(workflow, id)).toMatchObject({ status: 200, body: { status: 'PROGRESS', flow_session_result: null, liveness_result: {} } });

    const firstTwo = drain(2);
    expect(firstTwo.map((d) => (d.body as { event: string }).event)).toEqual(['technology.start', 'technology.end']);
    expect(result(workflow, id)).toMatchObject({ body: { status: 'PROGRESS', liveness_result: { result: true }, edocument_result: {} } });

    const rest = drain();
    expect(rest.map((d) => `${(d.body as { event: string }).event} ${d.url}`)).toEqual([
      'technology.start http://127.0.0.1:9/hook', 'technology.end http://127.0.0.1:9/hook',
      'technology.start http://127.0.0.1:9/hook', 'technology.end http://127.0.0.1:9/hook',
    ]);
    expect(result(workflow, id)).toMatchObject({ body: { status: 'FINISHED', flow_session_result: true, edocument_result: { result_json: { common: { docOwner: { iin: '010203040506' } } } } } });
  });

  it('fails liveness for an IIN ending 1111, in the event and in the result', () => {
    const { context, drain } = fakeContext();
    const workflow = biometricWorkflow.create(context);
    const id = createSession(workflow, { iin: '990101001111' });
    const [, end] = drain();
    expect(end!.body).toMatchObject({ success: false, data: { liveness_result: { result: false, failure_reason: { type: 'CALC_RESULT' } } } });
    drain();
    expect(result(workflow, id)).toMatchObject({ body: { flow_session_result: false, flow_session_failure_reasons: [{ type: 'CALC_RESULT', detail: 'Closed eyes' }] } });
  });

  it('changes the state without a callback URL, and hides a session from another flow key', () => {
    const { context, drain } = fakeContext(null);
    const workflow = biometricWorkflow.create(context);
    const id = createSession(workflow);
    expect(drain()).toEqual([]);
    expect(result(workflow, id)).toMatchObject({ body: { status: 'FINISHED' } });
    expect(result(workflow, id, `${FLOW_KEY}x`)).toMatchObject({ status: 404 });
    expect(result(workflow, 'no-such-session')).toMatchObject({ status: 404 });
  });

  it('releases an identity card only for the fixed 1414 code, once', () => {
    const workflow = biometricWorkflow.create(fakeContext().context);
    const requested = workflow.handle(request('requestEDocument', { iin: '010203040507', phone: '+77000000000' }));
    const backend_session_id = (requested!.body as { backend_session_id: string }).backend_session_id;
    expect(workflow.handle(request('approveEDocument', { backend_session_id, code: '000000' }))).toEqual({ status: 400, body: { detail: 'example 400 invalid_code' } });
    expect(workflow.handle(request('approveEDocument', { backend_session_id: 'nope', code: MOCK_EDOCUMENT_CODE }))).toMatchObject({ status: 400, body: { detail: 'example 400 no_request' } });
    expect(workflow.handle(request('approveEDocument', { backend_session_id, code: MOCK_EDOCUMENT_CODE }))).toMatchObject({ status: 200, body: { result_json: { common: { docOwner: { iin: '010203040507' } } } } });
    expect(workflow.handle(request('approveEDocument', { backend_session_id, code: MOCK_EDOCUMENT_CODE }))).toMatchObject({ status: 400, body: { detail: 'example 400 already_received' } });
  });

  it('round-trips its state and resets', () => {
    const { context, drain } = fakeContext();
    const workflow = biometricWorkflow.create(context);
    const id = createSession(workflow);
    drain();
    workflow.handle(request('requestEDocument', { iin: '010203040508' }));
    const snapshot = JSON.parse(JSON.stringify(workflow.state()));
    const other = biometricWorkflow.create(fakeContext().context);
    other.load(snapshot);
    expect(other.state()).toEqual(snapshot);
    expect(result(other, id)).toEqual(result(workflow, id));
    other.reset();
    expect(other.state()).toEqual({ sessions: [], edocuments: [] });
    expect(() => other.load('not a state')).not.toThrow();
  });
});
