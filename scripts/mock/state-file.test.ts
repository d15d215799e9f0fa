import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../lib/command.js';
import { mockOptionsFrom } from '../mock.js';
import { readStateFile, stateProblems } from './state-file.js';
import { WORKFLOWS } from './workflows/index.js';
import type { WorkflowContext, WorkflowRequest } from './workflows/workflow.js';

const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

const context: WorkflowContext = { polls: 1, callbackUrl: undefined, schedule: () => undefined, log: () => undefined, example: () => ({}) };
const request = (operationId: string, body: unknown, pathParams: Record<string, string> = {}): WorkflowRequest => ({
  operationId,
  method: 'post',
  path: '/',
  pathParams,
  query: {},
  headers: { authorization: 'Token t' },
  body,
});

describe('the state file', () => {
  it('takes what every workflow writes after some traffic (so a GET /__mock/state answer loads back)', () => {
    const bank = WORKFLOWS['bank131']!.create(context);
    bank.handle(request('createCheck', { inn: '1', agent_contract_number: 'A', passport_number: '13' }));
    bank.handle(request('createCheckV2', { inn: '2', last_name: 'X' }));
    const kycaid = WORKFLOWS['kycaid']!.create(context);
    const applicant = kycaid.handle(request('createApplicant', { type: 'PERSON', first_name: 'John' }))!.body as { applicant_id: string };
    kycaid.handle(request('createAddress', { applicant_id: applicant.applicant_id, type: 'REGISTERED' }));
    kycaid.handle(request('createDocument', { applicant_id: applicant.applicant_id, type: 'PASSPORT' }));
    kycaid.handle(request('createFile', 'bytes'));
    kycaid.handle(request('createVerification', { applicant_id: applicant.applicant_id, form_id: 'f' }));
    const brainysoft = WORKFLOWS['brainysoft']!.create(context);
    brainysoft.handle(request('createClientUsingPOST', { lastName: 'Иванов' }));
    // A hosted-flow session whose technologies have run (the context runs each scheduled step at once) and one
    // that has not, and an e-document request.
    const steps: Array<() => unknown> = [];
    const biometric = WORKFLOWS['biometric']!.create({ ...context, schedule: (_chain, _ms, step) => void steps.push(step) });
    biometric.handle(request('createFlowSession', { api_key: 'flow-key', metadata: { iin: '010203041111' } }));
    steps.splice(0).forEach((step) => step());
    biometric.handle(request('createFlowSession', { api_key: 'flow-key' }));
    biometric.handle(request('requestEDocument', { iin: '010203040506', phone: '+77000000000' }));
    const state = { bank131: bank.state(), kycaid: kycaid.state(), brainysoft: brainysoft.state(), biometric: biometric.state(), erd: WORKFLOWS['erd']!.create(context).state() };
    expect((state.biometric as { sessions: Array<{ status: string }> }).sessions.map((s) => s.status)).toEqual(['FINISHED', 'PROGRESS']);
    expect((state.bank131 as { checks: unknown[] }).checks).toHaveLength(2);
    expect((state.kycaid as { verifications: unknown[] }).verifications).toHaveLength(1);
    expect(stateProblems(JSON.parse(JSON.stringify(state)))).toEqual([]);
    expect(readStateFile(file('round-trip.json', JSON.stringify(state, null, 2)))).toEqual(JSON.parse(JSON.stringify(state)));
  });

  it.each([
    ['an empty row', '{\n  "bank131": {\n    "checks": [\n      {}\n    ]\n  }\n}', /:4: bank131\.checks\[0\]: field id is missing$/],
    ['a value outside the enum', '{"bank131": {"checks": [\n {"id": "1", "key": "k", "outcome": "maybe"}]}}', /:2: bank131\.checks\[0\]\.outcome: expected one of ok, passport_validation_failure, inn_validation_failure, got "maybe"$/],
    ['a negative counter', '{"bank131": {"nextId": -3}}', /:1: bank131\.nextId: expected a whole number ≥ 1, got -3$/],
    ['a row that is not an object', '{"kycaid": {"applicants": [\n\n 7]}}', /:3: kycaid\.applicants\[0\]: expected an object, got 7$/],
    ['an empty id', '{"kycaid": {"files": [{"file_id": "  "}]}}', /:1: kycaid\.files\[0\]\.file_id: expected an id/],
    ['a brainysoft client without its id', '{"brainysoft": {"clients": [{"lastName": "X"}]}}', /brainysoft\.clients\[0\]: field id is missing$/],
    ['a biometric session without its flow key', '{"biometric": {"sessions": [{"id": "s", "status": "FINISHED"}]}}', /biometric\.sessions\[0\]: field flow_api_key is missing$/],
    ['a biometric session in a status the vendor has not', '{"biometric": {"sessions": [{"id": "s", "flow_api_key": "k", "status": "DONE"}]}}', /biometric\.sessions\[0\]\.status: expected one of PROGRESS, FINISHED, got "DONE"$/],
    ['a biometric result that is neither true, false nor null', '{"biometric": {"sessions": [{"id": "s", "flow_api_key": "k", "status": "FINISHED", "flow_session_result": "yes"}]}}', /flow_session_result: expected true or false, got "yes"$/],
    ['a typo in the biometric state', '{"biometric": {"session": []}}', /biometric: unknown field "session" \(known: sessions, edocuments\)$/],
    ['state for an API that keeps none', '{"erd": {"iins": []}}', /erd: unknown field "iins" \(this API keeps no state\)$/],
    ['an unknown API', '{\n"erd": {},\n"bnak131": {}}', /:3: bnak131: unknown API "bnak131" \(known: erd, kycaid, bank131, brainysoft/],
    ['an array', '[]', /:1: expected a JSON object keyed by api id, got an array$/],
    ['an empty file', '', /:1:1: not valid JSON \(unexpected end\)$/],
    ['garbage', '\u0000garbage', /:1:1: not valid JSON/],
    ['two bad APIs', '{"erd": 1, "bank131": {"checks": 2}}', /:1: erd: expected an object, got 1 \(and 1 more\)$/],
  ])('refuses %s in one line naming the file and the line', (_case, text, message) => {
    const path = file('bad.json', text);
    let error: unknown;
    try {
      readStateFile(path, 'state.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^state\.json:\d+/);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a state nested 100 000 levels deep without overflowing the stack', () => {
    const path = file('deep.json', `{"kycaid": {"applicants": [{"applicant_id": "a", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}]}}`);
    expect(() => readStateFile(path, 'deep.json')).toThrow(/^deep\.json:1:\d+: nested deeper than 256 levels at \$\.kycaid\.applicants\[0\]\.x\[0\]/);
  });

  it('is checked by `kyc-contracts mock --state` before the mock starts', () => {
    const bad = file('empty-row.json', '{"bank131": {"checks": [{}]}}');
    expect(() => mockOptionsFrom({ values: { state: bad }, positionals: [] }, {})).toThrow(/empty-row\.json:1: bank131\.checks\[0\]: field id is missing/);
    expect(() => mockOptionsFrom({ values: { state: dir }, positionals: [] }, {})).toThrow(/is a folder, not a file/);
  });
});
