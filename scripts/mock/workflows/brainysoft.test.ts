/** The BrainySoft workflow on its own: the check's polls and outcome rule, refusals, and its state snapshot. */
import { describe, expect, it } from 'vitest';
import { brainysoftWorkflow, leadOutcome } from './brainysoft.js';
import type { WorkflowContext, WorkflowRequest } from './workflow.js';

const EXAMPLES: Record<string, unknown> = {
  initClientUsingGET: { data: { firstName: '', managerId: 1 } },
  initLoanApplicationUsingGET: { data: { id: null, clientId: 0, currencyId: 101011 } },
  getCreditProductListUsingGET: { data: [{ id: 10133178, name: 'Тест' }] },
  applyCreditProductUsingPOST: { data: { creditFieldReq: { trancheDuration: 30 } } },
};

function workflow(polls = 2) {
  const context: WorkflowContext = {
    polls,
    callbackUrl: undefined,
    schedule: () => {},
    log: () => {},
    example: (operationId) => EXAMPLES[operationId],
  };
  const flow = brainysoftWorkflow.create(context);
  const call = (operationId: string, pathParams: Record<string, string> = {}, body: unknown = null) => {
    const request: WorkflowRequest = { operationId, method: 'get', path: '/', pathParams, query: {}, headers: {}, body };
    return flow.handle(request)!;
  };
  const data = (operationId: string, pathParams: Record<string, string> = {}, body: unknown = null) => (call(operationId, pathParams, body).body as { data: any }).data;
  return { flow, call, data };
}

describe('brainysoft workflow', () => {
  it('answers CHECK for `polls` reads after the check starts, then the outcome', () => {
    const { data } = workflow(3);
    const id = String(data('createLeadUsingPOST', {}, { firstName: 'Тест', mobilePhone: '70000000001', amount: 1000, creditProductId: 10133178 }));
    expect(data('getLeadUsingGET', { id }).currentStatus).toBe('WAITING');
    data('checkLeadUsingPOST', { id });
    const seen = Array.from({ length: 4 }, () => data('getLeadUsingGET', { id }).currentStatus);
    expect(seen).toEqual(['CHECK', 'CHECK', 'CHECK', 'APPROVED']);
    const lead = data('getLeadUsingGET', { id });
    expect(data('getClientUsingGET', { id: String(lead.clientId) })).toMatchObject({ firstName: 'Тест', mobilePhone: '70000000001' });
    expect(lead.loanApplicationId).toBeGreaterThanOrEqual(5001);
  });

  it('declines a phone ending in 13 and nothing else', () => {
    expect(leadOutcome({ mobilePhone: '70000000013' })).toBe('DENIED');
    expect(['70000000001', '70000000131', '13000000000', undefined].map((mobilePhone) => leadOutcome({ mobilePhone }))).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED']);
  });

  it('refuses unknown ids: 404 for reads and checks, 400 for creates naming them', () => {
    const { call } = workflow();
    for (const [operationId, params] of [['getLeadUsingGET', { id: '1' }], ['checkLeadUsingPOST', { id: '1' }], ['getContractByIdUsingGET', { id: '1' }], ['initLoanApplicationUsingGET', { clientId: '1' }], ['applyCreditProductUsingPOST', { creditProductId: '1' }]] as const) {
      expect(call(operationId, params).status, operationId).toBe(404);
    }
    expect(call('createLoanApplicationUsingPOST', {}, { clientId: 1 }).status).toBe(400);
    expect(call('createContractUsingPOST', {}, { loanApplicationId: 1 }).status).toBe(400);
    expect(call('getCountryListUsingGET')).toBeUndefined();
  });

  it('keeps a running check, its history and every table across a state snapshot', () => {
    const first = workflow(1);
    const id = String(first.data('createLeadUsingPOST', {}, { firstName: 'Тест', mobilePhone: '70000000013' }));
    first.data('checkLeadUsingPOST', { id });
    const snapshot = JSON.parse(JSON.stringify(first.flow.state()));
    const second = workflow(1);
    second.flow.load(snapshot);
    expect(second.data('getLeadUsingGET', { id }).currentStatus).toBe('CHECK');
    expect(second.data('getLeadUsingGET', { id }).currentStatus).toBe('DENIED');
    expect(second.data('getLeadStatusesUsingGET', { id }).map((s: { status: string }) => s.status)).toEqual(['WAITING', 'CHECK', 'DENIED']);
    expect(second.data('createLeadUsingPOST', {}, { firstName: 'Б', mobilePhone: '1' })).toBe(Number(id) + 1);
    second.flow.reset();
    expect(second.call('getLeadUsingGET', { id }).status).toBe(404);
  });

  it('loads the older snapshot shape (clients only)', () => {
    const { flow, data } = workflow();
    flow.load({ nextId: 1005, clients: [{ id: 1003, firstName: 'Старый' }] });
    expect(data('getClientUsingGET', { id: '1003' })).toMatchObject({ firstName: 'Старый' });
    expect(data('createClientUsingPOST', {}, { firstName: 'Новый' })).toBe(1005);
    expect(data('createLeadUsingPOST', {}, { firstName: 'Лид', mobilePhone: '1' })).toBe(2001);
  });
});
