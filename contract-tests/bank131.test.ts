/** Bank 131 specifics: signing, the id-as-string choice, status polling against a scripted loopback server. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CheckFields, canonicalCheckPayload, createBank131Client } from '../src/bank131/index.js';
import { ApiError, RequestValidationError, TimeoutError } from '../src/core/errors.js';
import { registeredApi } from '../src/registry.js';
import { type LoopbackServer, json, startLoopbackServer } from '../src/testing/loopback-server.js';
import { namedExamples } from '../scripts/lib/spec-walker.js';
import { fakeCredential } from './support/clients.js';

const mockUrls = inject('mockUrls');
const document = registeredApi('bank131').spec;
const PARTNER_PROJECT = fakeCredential('bank131', 'partnerProject');
const schemas = (document.components as { schemas: Record<string, any> }).schemas;
const requestExample = namedExamples(document, (document.paths!['/api/v1.1/check'] as any).post.requestBody.content['application/json'])[0]![1] as CheckFields & { signature: string };

describe('bank131 spec choices (pinned)', () => {
  it('types the check id as the string the vendor sends ("7"), not the number its table says', () => {
    expect(schemas['CheckId']).toMatchObject({ type: 'string', pattern: '^[0-9]+$' });
    expect(schemas['CheckId'].description).toContain('Contradiction on the vendor');
  });
  it('models /api/v2.0/check and records the page revision that says /api/v2/check, with each source', () => {
    expect(Object.keys(document.paths!)).toContain('/api/v2.0/check');
    expect(Object.keys(document.paths!).filter((path) => path.startsWith('/api/v2/'))).toEqual([]);
    const item = document.paths!['/api/v2.0/check'] as { description?: string };
    expect(item.description).toMatch(/^\*\*Contradiction on the vendor's pages:\*\*/);
    expect(item.description).toContain('`POST https://kyc-stage.bank131.ru/api/v2/check`');
    for (const page of ['https://developer.131.ru/en/verification/verification-process', 'https://developer.131.ru/verification/verification-process', 'https://developer.131.ru/en/verification/verification-status']) {
      expect(item.description).toContain(page);
    }
  });
  it('documents both status forms: GET (confirmed) and POST (the v1.1 page, live)', () => {
    const item = document.paths!['/api/v1.1/check/{id}'] as any;
    expect(item.get.operationId).toBe('getCheck');
    expect(item.post.operationId).toBe('getCheckByPost');
  });
  it('keeps the majority spelling of the v1.1 fixed values and records the other revision', () => {
    const properties = schemas['CheckRequest'].properties;
    expect(properties.identity_document.const).toBe('Паспорт гражданина РФ');
    expect(properties.beneficial_owners.const).toBe('ВБ отсутствует');
    expect(properties.identity_document.description).toContain('Contradiction on the vendor');
    expect(properties.beneficial_owners.description).toContain('БВ отсутствует');
  });
  it('lists every error code on the page', () => {
    expect(schemas['CheckErrorCode'].enum).toEqual([
      'invalid_sign', 'passport_validation_failure', 'inn_validation_failure', 'already_exists', 'request_not_found', 'partner_project_not_found',
    ]);
  });
});

describe('bank131 client against the mock', () => {
  const signed: string[] = [];
  const bank = createBank131Client({
    partnerProject: PARTNER_PROJECT,
    baseUrl: mockUrls['bank131']!,
    validateResponses: true,
    sign: (canonical) => {
      signed.push(canonical);
      return 'EXAMPLE-SIGNATURE==';
    },
  });
  const { signature: _ignored, ...fields } = requestExample;

  it('signs the canonical payload and submits the check', async () => {
    const answer = await bank.submitCheck(fields);
    expect(answer).toEqual({ status: 'pending', data: { id: '7', description: 'Check in progress' } });
    expect(signed.at(-1)).toBe(canonicalCheckPayload(fields));
    expect(signed.at(-1)).toMatch(/^\{"address": .*\}\r\n$/);
  });

  it('needs a signature when no signer is configured', async () => {
    const unsigned = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: mockUrls['bank131']! });
    await expect(unsigned.submitCheck(fields)).rejects.toThrow(/needs a signature/);
  });

  it('reports a refused check (error envelope in a 200) as ApiError with the code', async () => {
    const error = (await bank.submitCheck(fields, { headers: { Prefer: 'example=already_exists' } }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, vendorCode: 'already_exists', vendorMessage: 'Request with the same data already exists' });
    expect((error.body as any).data.id).toBe('7');
  });

  it('rejects a malformed passport number before the bank sees it (mock), naming the field', async () => {
    const error = (await bank.submitCheck({ ...fields, passport_number: '1234 567890' }).catch((e: unknown) => e)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toContain('body.passport_number');
  });

  it('gets a status by number or string id, with GET or POST', async () => {
    await expect(bank.getCheck({ params: { path: { id: '7' } }, headers: { Prefer: 'example=ok' } })).resolves.toMatchObject({ status: 'ok', data: { id: '7' } });
    const viaPost = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: mockUrls['bank131']!, statusMethod: 'POST' });
    await expect(viaPost.getCheckByPost({ params: { path: { id: '7' } }, headers: { Prefer: 'example=pending' } })).resolves.toMatchObject({ status: 'pending' });
  });
});

describe('waitForCheck', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(() => server.close());
  const client = () => createBank131Client({ partnerProject: 'example-partner-project', baseUrl: server.url });
  const pending = json(200, { status: 'pending', data: { id: '7', description: 'Check in progress' } });

  it('polls pending until ok', async () => {
    server.handle((_req, index) =>
      index < 3 ? pending : json(200, { status: 'ok', data: { id: '7', description: 'valid', participant: { reference: '123' } } }),
    );
    const result = await client().waitForCheck('7', { interval: 40, factor: 2, maxInterval: 1000, timeout: 5000 });
    expect(result.data.participant?.reference).toBe('123');
    expect(server.received).toHaveLength(4);
    expect(server.received.every((r) => r.method === 'GET' && r.url === '/api/v1.1/check/7')).toBe(true);
  });

  it('rejects with the vendor code when the check ends in error', async () => {
    server.handle((_req, index) =>
      index < 1 ? pending : json(200, { status: 'error', error: { code: 'inn_validation_failure', description: 'Passport, inn validation failure' } }),
    );
    await expect(client().waitForCheck(7, { interval: 10, timeout: 5000 })).rejects.toMatchObject({ name: 'ApiError', vendorCode: 'inn_validation_failure' });
  });

  it('gives up with TimeoutError while still pending', async () => {
    server.handle(() => pending);
    const error = await client().waitForCheck(7, { interval: 30, timeout: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain('check 7 still pending');
  });

  it('stops when the caller aborts', async () => {
    server.handle(() => pending);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await expect(client().waitForCheck(7, { interval: 20, signal: controller.signal })).rejects.toThrow('shutting down');
  });
});

describe('bank131 v2.0', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(() => server.close());
  const v2Example = namedExamples(document, (document.paths!['/api/v2.0/check'] as any).post.requestBody.content['application/json'])[0]![1] as Record<string, unknown>;

  it('models v2.0 beside v1.1: its own paths, `type`, `documents[]`, and names no longer swapped', () => {
    expect(Object.keys(document.paths!)).toEqual(expect.arrayContaining(['/api/v1.1/check', '/api/v2.0/check', '/api/v2.0/check/{id}']));
    expect(schemas['CheckRequestV2'].properties.type.enum).toEqual(['FL_RESIDENT', 'FL_NONRESIDENT']);
    expect(schemas['CheckRequestV2'].required).toEqual(expect.arrayContaining(['type', 'documents', 'last_name', 'first_name']));
    expect(JSON.stringify(schemas)).toContain('Contradiction on the vendor');
  });

  it('submits a signed v2.0 check and polls its v2.0 status until ok', async () => {
    const signed: string[] = [];
    const bank = createBank131Client({ partnerProject: PARTNER_PROJECT, baseUrl: server.url, version: '2.0', sign: (c) => (signed.push(c), 'EXAMPLE-SIGNATURE==') });
    server.handle((request, index) =>
      index === 0 ? json(200, { status: 'pending', data: { id: '12', description: 'Check in progress' } })
      : index === 1 ? json(200, { status: 'pending', data: { id: '12', description: 'Check in progress' } })
      : json(200, { status: 'ok', data: { id: '12', description: 'valid' } }),
    );
    const { signature: _omitted, ...fields } = v2Example;
    const submitted = await bank.submitCheck(fields as never);
    expect(server.received[0]).toMatchObject({ method: 'POST', url: '/api/v2.0/check' });
    expect(JSON.parse(server.received[0]!.bodyText)).toMatchObject({ type: 'FL_RESIDENT', signature: 'EXAMPLE-SIGNATURE==' });
    expect(signed[0]).toBe(canonicalCheckPayload(fields));
    await expect(bank.waitForCheck(submitted.data.id, { interval: 10, timeout: 5_000 })).resolves.toMatchObject({ status: 'ok' });
    expect(server.received.slice(1).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/v2.0/check/12', 'GET /api/v2.0/check/12']);
  });

  it('polls v1.1 statuses with POST when statusMethod says so', async () => {
    server.handle(() => json(200, { status: 'ok', data: { id: '7', description: 'valid' } }));
    const bank = createBank131Client({ partnerProject: PARTNER_PROJECT, baseUrl: server.url, statusMethod: 'POST' });
    await expect(bank.waitForCheck('7', { interval: 10, timeout: 5_000 })).resolves.toMatchObject({ status: 'ok' });
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v1.1/check/7']);
  });
});
