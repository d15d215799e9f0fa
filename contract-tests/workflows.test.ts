/**
 * End to end through the project's clients against the stateful mock host (scripts/mock/host.ts): Bank 131
 * checks polled to their outcome, a KYCAID applicant verified with both signed callbacks received over loopback,
 * BrainySoft clients created and read back. Every client validates every 2xx answer against the spec
 * (`validateResponses: true`); the callbacks are validated against the spec's `webhooks`.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank131Client } from '../src/bank131/index.js';
import { MOCK_EDOCUMENT_CODE } from '../scripts/mock/workflows/biometric.js';
import { type TechnologyEvent, createBiometricClient, flowUrl, parseTechnologyEvent } from '../src/biometric/index.js';
import { createErdClient } from '../src/erd/index.js';
import { createBrainysoftClient } from '../src/brainysoft/index.js';
import { ApiError } from '../src/core/errors.js';
import { createKycaidClient } from '../src/kycaid/index.js';
import { CALLBACK_SIGNATURE_HEADER, verifyCallback } from '../src/kycaid/callbacks.js';
import { type MockHost, startMockHost } from '../scripts/mock/host.js';
import { MINIMAL_BRAINYSOFT_CLIENT } from './support/fixtures.js';
import { committedValidator } from '../scripts/lib/drift.js';

const TOKEN = '0123456789abcdef0123456789abcdef0123';
const FORM_ID = '58bed87600dd9944f02ba0c9cd8b32d6bd4c';

let host: MockHost;
beforeAll(async () => {
  host = await startMockHost({ ports: { erd: 0, kycaid: 0, bank131: 0, brainysoft: 0, biometric: 0, all: 0 }, quiet: true, polls: 2 });
});
afterAll(() => host.stop());

describe('Bank 131 workflow through the client', () => {
  const fields = {
    first_name: 'Тестов', last_name: 'Тест', patronymic: 'Тестович', birthday: '01.01.1990', birthplace: 'г. Москва',
    inn: '000000000000', identity_document: 'Паспорт гражданина РФ', passport_number: '0000000000', issuer: 'ОТДЕЛОМ УФМС',
    issuer_code: '000-000', issuer_date: '01.01.2010', citizenship: 'РФ', postcode: '000000', address: 'г. Москва, ул. Тестовая, д. 0',
    email: 'test@example.com', phone_number: '+70000000000', agent_contract_number: 'WF-0001', agent_contract_date: '01.01.2024',
    beneficial_owners: 'ВБ отсутствует', public_officials: 'Нет', migration_card: '-', right_to_stay_in_rf: '-', create_participant: true,
  } as const;
  const bank = () =>
    createBank131Client({ partnerProject: 'example-partner-project', baseUrl: host.urls['bank131']!, validateResponses: true, sign: () => 'EXAMPLE-SIGNATURE==' });

  it('creates a check and waits for it: pending, pending, ok', async () => {
    const client = bank();
    const created = await client.submitCheck(fields);
    expect(created).toMatchObject({ status: 'pending', data: { id: expect.stringMatching(/^\d+$/) } });
    const id = (created as { data: { id: string } }).data.id;
    await expect(client.waitForCheck(id, { interval: 5, factor: 1, timeout: 10_000 })).resolves.toEqual({
      status: 'ok',
      data: { id, description: 'valid', participant: { reference: `participant-${id}` } },
    });
    const again = (await client.submitCheck(fields).catch((e: unknown) => e)) as ApiError;
    expect(again).toBeInstanceOf(ApiError);
    expect(again).toMatchObject({ status: 200, vendorCode: 'already_exists' });
    expect((again.body as { data: { id: string } }).data.id).toBe(id);
  });

  it('ends a check with an INN ending in 13 as inn_validation_failure, polling through the error rule', async () => {
    const client = bank();
    const created = (await client.submitCheck({ ...fields, inn: '000000000013', agent_contract_number: 'WF-0002' })) as { data: { id: string } };
    const error = (await client.waitForCheck(created.data.id, { interval: 5, factor: 1, timeout: 10_000 }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.vendorCode).toBe('inn_validation_failure');
  });

  it('answers request_not_found for an unknown id', async () => {
    const error = (await bank().waitForCheck('424242', { interval: 5, timeout: 5_000 }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.vendorCode).toBe('request_not_found');
  });
});

describe('KYCAID workflow through the client, with signed callbacks', () => {
  interface Received {
    readonly raw: Buffer;
    readonly headers: IncomingHttpHeaders;
  }
  const received: Received[] = [];
  let receiver: Server;
  let callbackUrl: string;
  // The callbacks against the spec's own `webhooks`, with the validator every other check uses (strict mode).
  const validator = committedValidator('kycaid');
  const webhookBody = (event: string) => `/webhooks/${event}/post/requestBody/content/application~1json/schema`;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), headers: req.headers });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/kycaid/callback`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('verifies John Snow: both callbacks arrive signed with the caller’s token, and the state shows it', async () => {
    const kycaid = createKycaidClient({ apiToken: TOKEN, baseUrl: `${host.allUrl}/kycaid`, validateResponses: true });
    const { applicant_id } = await kycaid.createApplicant({ body: { type: 'PERSON', first_name: 'John', last_name: 'Snow', external_applicant_id: 'wf-1' } });
    expect(applicant_id).toMatch(/^[0-9a-f]{36}$/);
    const { document_id } = await kycaid.createDocument({ body: { applicant_id, type: 'PASSPORT', document_number: 'X1234567' } });
    await expect(kycaid.getDocument({ params: { path: { document_id } } })).resolves.toMatchObject({ document_id, applicant_id, type: 'PASSPORT', status: 'new' });
    const { verification_id } = await kycaid.createVerification({ body: { applicant_id, form_id: FORM_ID, callback_url: callbackUrl } });
    // Read in process: the verification completes 60 ms after creation whatever the callbacks do, and an HTTP call
    // (the client compiling its validator first) may take longer than that on a busy machine.
    const { kycaid: state } = host.state() as { kycaid: { verifications: Array<{ verification_id: string; status: string; verified: unknown }> } };
    expect(state.verifications.find((v) => v.verification_id === verification_id)).toMatchObject({ status: 'pending', verified: null });

    await host.idle();
    expect(received.map((r) => JSON.parse(r.raw.toString('utf8')).type)).toEqual(['VERIFICATION_STATUS_CHANGED', 'VERIFICATION_COMPLETED']);
    for (const callback of received) {
      expect(verifyCallback(callback.raw, callback.headers[CALLBACK_SIGNATURE_HEADER] as string, TOKEN)).toBe(true);
      expect(verifyCallback(callback.raw, callback.headers[CALLBACK_SIGNATURE_HEADER] as string, 'f'.repeat(36))).toBe(false);
    }
    const [changed, completed] = received.map((r) => JSON.parse(r.raw.toString('utf8')) as Record<string, unknown>);
    expect(validator.validateAt(webhookBody('VERIFICATION_STATUS_CHANGED'), changed)).toEqual([]);
    expect(validator.validateAt(webhookBody('VERIFICATION_COMPLETED'), completed)).toEqual([]);
    expect(changed).toMatchObject({ applicant_id, verification_id, verification_status: 'pending', external_applicant_id: 'wf-1' });
    expect(completed).toMatchObject({ applicant_id, verification_id, status: 'completed', verified: true });

    await expect(kycaid.getVerification({ params: { path: { verification_id } } })).resolves.toMatchObject({ status: 'completed', verified: true });
    const applicant = await kycaid.getApplicant({ params: { path: { applicant_id } } });
    expect(applicant).toMatchObject({ first_name: 'John', last_name: 'Snow', verification_status: 'valid', verifications_count: 1 });
    expect(applicant.documents).toEqual([expect.objectContaining({ document_id })]);
  });

  it('declines John Doe, updates and deletes for real', async () => {
    const kycaid = createKycaidClient({ apiToken: TOKEN, baseUrl: host.urls['kycaid']!, validateResponses: true });
    const { applicant_id } = await kycaid.createApplicant({ body: { type: 'PERSON', first_name: 'John', last_name: 'Doe' } });
    await kycaid.updateApplicant({ params: { path: { applicant_id } }, body: { email: 'doe@example.com' } });
    const { verification_id } = await kycaid.createVerification({ body: { applicant_id, form_id: FORM_ID } });
    await host.idle();
    await expect(kycaid.getVerification({ params: { path: { verification_id } } })).resolves.toMatchObject({ status: 'completed', verified: false });
    await expect(kycaid.getApplicant({ params: { path: { applicant_id } } })).resolves.toMatchObject({ email: 'doe@example.com', verification_status: 'invalid' });
    await kycaid.deleteApplicant({ params: { path: { applicant_id } } });
    const gone = (await kycaid.getApplicant({ params: { path: { applicant_id } } }).catch((e: unknown) => e)) as ApiError;
    expect(gone).toBeInstanceOf(ApiError);
    expect(gone.status).toBe(404);
  });
});

describe('BrainySoft workflow through the client', () => {
  const minimal = MINIMAL_BRAINYSOFT_CLIENT;

  it('creates clients, then reads them back by id and via find', async () => {
    const client = createBrainysoftClient({ baseUrl: host.urls['brainysoft']!, token: 'example-bsauth-token', validateResponses: true });
    const first = await client.createClient(minimal);
    const second = await client.createClient({ ...minimal, firstName: 'Анна', sexId: 101252 });
    expect(second).toBe(first + 1);
    const read = await client.getClientUsingGET({ params: { path: { id: first } } });
    expect(read.data).toMatchObject({ id: first, firstName: minimal.firstName, lastName: minimal.lastName, passport: { no: minimal.passport.no } });
    const found = await client.findClientsUsingGET({ params: { path: { ids: `${second},${first}` }, query: { preserveOrder: true } } });
    expect((found.data as Array<{ id?: number; firstName?: string }>).map((c) => [c.id, c.firstName])).toEqual([
      [second, 'Анна'],
      [first, 'Тест'],
    ]);
    const missing = (await client.getClientUsingGET({ params: { path: { id: 999_999 } } }).catch((e: unknown) => e)) as ApiError;
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing.status).toBe(404);
  });
});

describe('BrainySoft lead to contract', () => {
  const brainysoft = () => createBrainysoftClient({ baseUrl: host.urls['brainysoft']!, token: 'example-bsauth-token', validateResponses: true });
  const leadFields = {
    channel: 'LOAN_APPLICATION', naturalPerson: true, firstName: 'Лид', lastName: 'Тестов', patronymic: 'Тестович', sexId: 101251,
    birthDate: '1900-01-01', passport: { seria: '1111', no: '111111', issueDate: '1900-02-01' }, mobilePhone: '70000000001',
    addressData: { fias: '00000000-0000-0000-0000-000000000000', fullAddressText: 'г. Тестовый, ул. Тестовая, д. 1' },
    creditProductId: 10133178, amount: 30000, period: 30, periodUnit: 'DAYS',
  };
  const idOf = (answer: { data?: unknown }) => answer.data as number;

  it('creates a lead, checks it (CHECK for 2 polls, then APPROVED), and makes a contract of the application it names', async () => {
    const client = brainysoft();
    const leadId = idOf(await client.createLeadUsingPOST({ body: leadFields }));
    await expect(client.getLeadUsingGET({ params: { path: { id: leadId } } })).resolves.toMatchObject({ data: { id: leadId, currentStatus: 'WAITING' } });
    await client.checkLeadUsingPOST({ params: { path: { id: leadId } } });
    const settled = await client.waitForLeadCheck(leadId, { interval: 5, factor: 1, timeout: 10_000 });
    expect(settled).toMatchObject({ id: leadId, currentStatus: 'APPROVED', clientId: expect.any(Number), loanApplicationId: expect.any(Number) });
    const statuses = await client.getLeadStatusesUsingGET({ params: { path: { id: leadId } } });
    expect((statuses.data as Array<{ status: string }>).map((s) => s.status)).toEqual(['WAITING', 'CHECK', 'APPROVED']);

    // The check created the client from the lead's data, and an application for its product and amount.
    const person = await client.getClientUsingGET({ params: { path: { id: settled.clientId! } } });
    expect(person.data).toMatchObject({ id: settled.clientId, firstName: 'Лид', lastName: 'Тестов', passport: { no: '111111' } });

    const contractId = idOf(await client.createContractUsingPOST({ body: { loanApplicationId: settled.loanApplicationId!, branchId: 101302 } }));
    const contract = await client.getContractByIdUsingGET({ params: { path: { id: contractId } } });
    expect(contract.data).toMatchObject({ id: contractId, loanApplicationId: settled.loanApplicationId, clientId: settled.clientId, loanAmount: 30000, creditProductId: 10133178, issueDate: null });
    const found = await client.findContractsByIdListUsingGET({ params: { path: { ids: `${contractId}` } } });
    expect((found.data as Array<{ id: number }>).map((c) => c.id)).toEqual([contractId]);
    await expect(client.getLeadUsingGET({ params: { path: { id: leadId } } })).resolves.toMatchObject({ data: { contractId } });
  });

  it('declines a lead whose phone ends in 13, creating neither client nor application', async () => {
    const client = brainysoft();
    const leadId = idOf(await client.createLeadUsingPOST({ body: { ...leadFields, mobilePhone: '70000000013' } }));
    await client.checkLeadUsingPOST({ params: { path: { id: leadId } } });
    const settled = await client.waitForLeadCheck(leadId, { interval: 5, factor: 1, timeout: 10_000 });
    expect(settled).toMatchObject({ currentStatus: 'DENIED' });
    expect(settled.clientId ?? null).toBeNull();
    expect(settled.loanApplicationId ?? null).toBeNull();
  });

  it('binds a lead to the client with the same names and passport (the vendor’s page 453)', async () => {
    const client = brainysoft();
    const existing = await client.createClient({ ...MINIMAL_BRAINYSOFT_CLIENT, firstName: 'Повтор', lastName: 'Тестов', patronymic: 'Тестович', passport: { seria: '2222', no: '222222', issueDate: '1900-02-01' } });
    const leadId = idOf(await client.createLeadUsingPOST({ body: { ...leadFields, firstName: 'Повтор', passport: { seria: '2222', no: '222222', issueDate: '1900-02-01' } } }));
    await client.checkLeadUsingPOST({ params: { path: { id: leadId } } });
    await expect(client.waitForLeadCheck(leadId, { interval: 5, factor: 1, timeout: 10_000 })).resolves.toMatchObject({ clientId: existing });
  });

  it('goes client → application (init, apply a product, create) → contract', async () => {
    const client = brainysoft();
    const clientId = await client.createClient(MINIMAL_BRAINYSOFT_CLIENT);
    const template = await client.initLoanApplicationUsingGET({ params: { path: { clientId } } });
    expect(template.data).toMatchObject({ clientId });
    const products = await client.getCreditProductListUsingGET({ params: { query: { active: true } } });
    const productId = (products.data as Array<{ id: number }>)[0]!.id;
    const applied = await client.applyCreditProductUsingPOST({ params: { path: { creditProductId: productId } }, body: template.data as never });
    expect(applied.data).toMatchObject({ clientId, creditProductId: productId, creditFieldReq: expect.any(Object) });
    const applicationId = idOf(
      await client.createLoanApplicationUsingPOST({ body: { ...(applied.data as object), clientId, creationDate: 1550653059521, currencyId: 101011, loanAmount: 15000 } }),
    );
    const contractId = idOf(await client.createContractUsingPOST({ body: { loanApplicationId: applicationId } }));
    await expect(client.getContractByIdUsingGET({ params: { path: { id: contractId } } })).resolves.toMatchObject({
      data: { id: contractId, clientId, loanApplicationId: applicationId, loanAmount: 15000, creditProductId: productId },
    });
    // A contract for an application that does not exist is refused.
    const refused = (await client.createContractUsingPOST({ body: { loanApplicationId: 999_999 } }).catch((e: unknown) => e)) as ApiError;
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.status).toBe(400);
  });
});

describe('Biometric.kz hosted flow then ERD', () => {
  const FLOW_KEY = 'example-biometric-flow-api-key-000000000000000000000';
  const BACKEND_KEY = 'example-biometric-backend-api-key-00000000000000000';
  const ERD_KEY = 'example-erd-backend-api-key-0000000000000000000000';
  const received: Buffer[] = [];
  let receiver: Server;
  let flowHost: MockHost;
  // The webhooks against the spec's own `webhooks` (strict mode, the validator every other check uses).
  const validator = committedValidator('biometric');
  const webhookBody = (event: string) => `/webhooks/${event.replace(/\//g, '~1')}/post/requestBody/content/application~1json/schema`;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push(Buffer.concat(chunks));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/biometric/webhook`;
    // The vendor sends webhooks to the URL set in its personal cabinet: the mock's is the host's --callback-url.
    flowHost = await startMockHost({ ports: { biometric: 0, erd: 0, all: 0 }, apis: ['biometric', 'erd'], quiet: true, callbackUrl });
  });
  afterAll(async () => {
    await flowHost.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const biometric = () => createBiometricClient({ apiKey: BACKEND_KEY, flowApiKey: FLOW_KEY, baseUrl: flowHost.urls['biometric']!, validateResponses: true });

  it('creates a session, its technologies finish, technology.end arrives and narrows, the result names a verified person, and ERD looks them up', async () => {
    received.length = 0;
    const client = biometric();
    const iin = '010203040599';
    const session = await client.createFlowSession({ body: { metadata: { iin } } });
    expect(session.technologies).toEqual(['LD', 'ED', 'F2F']);
    expect(flowUrl(session.session_id)).toBe(`https://remote.biometric.kz/flow/${session.session_id}`);

    const result = await client.waitForSessionResult(session.session_id, { interval: 5, factor: 1, timeout: 10_000 });
    expect(result).toMatchObject({ id: session.session_id, status: 'FINISHED', flow_session_result: true, flow_session_failure_reasons: [] });
    await flowHost.idle();

    const events = received.map((raw) => parseTechnologyEvent(raw));
    expect(events.map((e) => `${e.event} ${e.event === 'technology.start' ? e.data.technology_code : Object.keys(e.data)[0]}`)).toEqual([
      'technology.start LD', 'technology.end liveness_result',
      'technology.start ED', 'technology.end edocument_result',
      'technology.start F2F', 'technology.end face2face_result',
    ]);
    for (const [i, event] of events.entries()) {
      expect(validator.validateAt(webhookBody(event.event), JSON.parse(received[i]!.toString('utf8'))), event.event).toEqual([]);
      expect(event).toMatchObject({ session_id: session.session_id, success: true, metadata: { iin } });
    }
    // The callback journal names each delivery by its event and session.
    const journal = (await (await fetch(`${flowHost.urls['biometric']}/__mock/callbacks`)).json()) as { deliveries: Array<{ event: string; subject?: string; status?: number }> };
    const mine = journal.deliveries.filter((d) => d.subject === session.session_id);
    expect(mine.map((d) => `${d.event} ${d.status}`)).toEqual(['technology.start', 'technology.end', 'technology.start', 'technology.end', 'technology.start', 'technology.end'].map((e) => `${e} 200`));
    const livenessEnd = events[1] as Extract<TechnologyEvent, { event: 'technology.end' }>;
    expect(livenessEnd.data.liveness_result).toMatchObject({ result: true, failure_reason: null });

    // No signature is documented: verifyWebhook confirms the event by reading the session with our flow key.
    const verified = await client.verifyWebhook(received[5]!);
    expect(verified.event.session_id).toBe(session.session_id);
    expect(verified.result).toMatchObject({ status: 'FINISHED', flow_session_result: true });
    const foreign = createBiometricClient({ apiKey: BACKEND_KEY, flowApiKey: `${FLOW_KEY}x`, baseUrl: flowHost.urls['biometric']! });
    await expect(foreign.verifyWebhook(received[5]!)).rejects.toMatchObject({ status: 404 });

    const owner = (result.edocument_result as unknown as { result_json: { common: { docOwner: { iin: string; lastName: string } } } }).result_json.common.docOwner;
    expect(owner).toMatchObject({ iin, lastName: 'ТЕСТОВ' });
    const erd = createErdClient({ apiKey: ERD_KEY, baseUrl: flowHost.urls['erd']!, validateResponses: true });
    const lookup = await erd.retrieveErd({ body: { iin: owner.iin } });
    expect(lookup).toMatchObject({ status: 'RECEIVED', personal_number: iin, result_json: [expect.objectContaining({ debtor_iin: iin })] });
  });

  it('ends a session whose person fails liveness (IIN ending 1111) with flow_session_result false and the failure reason', async () => {
    received.length = 0;
    const client = biometric();
    const session = await client.createFlowSession({ body: { metadata: { iin: '010203041111' } } });
    const result = await client.waitForSessionResult(session.session_id, { interval: 5, factor: 1, timeout: 10_000 });
    expect(result).toMatchObject({ status: 'FINISHED', flow_session_result: false, flow_session_failure_reasons: [{ type: 'CALC_RESULT', detail: 'Closed eyes' }] });
    await flowHost.idle();
    const end = parseTechnologyEvent(received[1]!);
    expect(end).toMatchObject({ event: 'technology.end', success: false, data: { liveness_result: { result: false, failure_reason: { type: 'CALC_RESULT', detail: 'Closed eyes' } } } });
  });

  it('runs the backend chain: e-document request, approve with the fixed 1414 test code, GBDFL, ERD', async () => {
    const client = biometric();
    const iin = '010203040598';
    const backend_session_id = (await client.requestEDocument({ body: { iin, phone: '+77000000000' } })).backend_session_id!;
    expect(backend_session_id).toEqual(expect.any(String));
    const wrong = (await client.approveEDocument({ body: { backend_session_id, code: '000000' } }).catch((e: unknown) => e)) as ApiError;
    expect(wrong).toBeInstanceOf(ApiError);
    expect(wrong).toMatchObject({ status: 400, vendorMessage: 'Invalid code' });
    const card = await client.approveEDocument({ body: { backend_session_id, code: MOCK_EDOCUMENT_CODE, file: false, file_type: 'pdf' } });
    expect(card.result_json?.common?.docOwner).toMatchObject({ iin });
    const again = (await client.approveEDocument({ body: { backend_session_id, code: MOCK_EDOCUMENT_CODE } }).catch((e: unknown) => e)) as ApiError;
    expect(again).toMatchObject({ status: 400, vendorMessage: 'EDocument for this session has already been received' });
    await expect(client.retrieveGbdfl({ body: { iin, face2face_backend_session_id: backend_session_id } })).resolves.toMatchObject({ iin });
    const erd = createErdClient({ apiKey: ERD_KEY, baseUrl: flowHost.urls['erd']! });
    await expect(erd.retrieveErd({ body: { iin } })).resolves.toMatchObject({ personal_number: iin });
  });
});
