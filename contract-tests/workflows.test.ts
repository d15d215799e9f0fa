/**
 * End to end through the project's clients against the stateful mock host (scripts/mock/host.ts): Bank 131
 * checks polled to their outcome, a KYCAID applicant verified with both signed callbacks received over loopback,
 * BrainySoft clients created and read back. Every client validates every 2xx answer against the spec
 * (`validateResponses: true`); the callbacks are validated against the spec's `webhooks`.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank131Client } from '../src/bank131/index.js';
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
  host = await startMockHost({ ports: { erd: 0, kycaid: 0, bank131: 0, brainysoft: 0, all: 0 }, quiet: true, polls: 2 });
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
