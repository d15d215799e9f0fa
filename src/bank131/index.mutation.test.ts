/** Bank 131's envelope dialect, signing and status routing, pinned by name (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { ApiError, RequestValidationError, ResponseValidationError } from '../core/errors.js';
import { BANK131_LIVE_URL, BANK131_STAGE_URL, canonicalCheckPayload, createBank131Client } from './index.js';
import { bank131Manifest } from './manifest.js';
import { scriptedFetch } from '../testing/fixtures.js';

const { describeError, envelopeError } = bank131Manifest.errorDialect;
const partnerProject = bank131Manifest.credentials[0]!.fake;
const ok = '{"status":"ok","data":{"id":"7","description":"valid"}}';
const pending = '{"status":"pending","data":{"id":"7","description":"Check in progress"}}';

const scripted = scriptedFetch;

describe('Bank 131 envelope dialect', () => {
  it('reads code and description of an `error` envelope; a check outcome is not a request error', () => {
    expect(envelopeError!({ status: 'error', error: { code: 'passport_validation_failure', description: 'Passport is invalid' } })).toEqual({
      vendorCode: 'passport_validation_failure',
      vendorMessage: 'Passport is invalid',
      requestInvalid: false,
    });
  });

  it('uses the description as the code when there is none, and calls *_validation_error a request error', () => {
    expect(envelopeError!({ status: 'error', error: { description: 'request_body_validation_error' } })).toEqual({
      vendorCode: 'request_body_validation_error',
      vendorMessage: 'request_body_validation_error',
      requestInvalid: true,
    });
    expect(envelopeError!({ status: 'error', error: { code: 'signature_validation_error', description: 'x' } })?.requestInvalid).toBe(true);
    expect(envelopeError!({ status: 'error', error: { code: 'validation_error_later', description: 'x' } })?.requestInvalid).toBe(false);
    expect(envelopeError!({ status: 'error', error: { code: 5, description: 7 } })).toEqual({ vendorCode: undefined, vendorMessage: undefined, requestInvalid: false });
    expect(envelopeError!({ status: 'error' })).toEqual({ vendorCode: undefined, vendorMessage: undefined, requestInvalid: false });
  });

  it('sees no error in `ok` or `pending` envelopes, or in what is no envelope', () => {
    expect(envelopeError!(JSON.parse(ok))).toBeUndefined();
    expect(envelopeError!(JSON.parse(pending))).toBeUndefined();
    expect(envelopeError!(null)).toBeUndefined();
    expect(envelopeError!('error')).toBeUndefined();
    expect(describeError('<html>', 502)).toEqual({});
    expect(describeError({ status: 'error', error: { code: 'c', description: 'd' } }, 400)).toMatchObject({ vendorCode: 'c', vendorMessage: 'd' });
  });

  it('rejects an `error` envelope in a 200 with ApiError, and a validation error with RequestValidationError', async () => {
    const { fetch } = scripted(
      { status: 200, body: '{"status":"error","error":{"code":"passport_validation_failure","description":"bad"}}' },
      { status: 422, body: '{"status":"error","error":{"description":"request_body_validation_error"}}' },
    );
    const client = createBank131Client({ partnerProject, fetch, baseUrl: 'https://b.test' });
    const outcome = await client.getCheck({ params: { path: { id: '7' } } }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ApiError);
    expect(outcome).not.toBeInstanceOf(RequestValidationError);
    expect(outcome).toMatchObject({ status: 200, vendorCode: 'passport_validation_failure' });
    await expect(client.getCheck({ params: { path: { id: '7' } } })).rejects.toBeInstanceOf(RequestValidationError);
  });
});

describe('createBank131Client', () => {
  const fields = {
    first_name: 'Тестов', last_name: 'Тест', birthday: '1900-01-01', birthplace: 'г. Тестовый', inn: '000000000000',
    identity_document: 'Паспорт гражданина РФ', passport_number: '0000000000', issuer: 'ТЕСТ', issuer_code: '000-000',
    issuer_date: '1900-01-01', citizenship: 'РФ', address: 'г. Тестовый', postcode: '000000', email: 'user@example.com', phone_number: '70000000000',
  } as never;

  it('talks to the stage host by default and sends the partner project header', async () => {
    const { fetch, sent } = scripted({ status: 200, body: ok });
    const client = createBank131Client({ partnerProject, fetch });
    expect(client.baseUrl).toBe(BANK131_STAGE_URL);
    expect(BANK131_STAGE_URL).toBe('https://kyc-stage.bank131.ru');
    expect(BANK131_LIVE_URL).toBe('https://kyc.bank131.ru');
    await client.getCheck({ params: { path: { id: '7' } } });
    expect(sent[0]!.url).toBe('https://kyc-stage.bank131.ru/api/v1.1/check/7');
    expect(sent[0]!.headers.get('x-partner-project')).toBe(partnerProject);
  });

  it('signs the canonical payload without the signature field and submits it to v1.1', async () => {
    const { fetch, sent } = scripted({ status: 200, body: pending });
    const signed: string[] = [];
    const client = createBank131Client({ partnerProject, fetch, baseUrl: 'https://b.test', sign: (payload) => (signed.push(payload), 'SIG') });
    await expect(client.submitCheck({ ...(fields as object), signature: 'ignored' } as never)).resolves.toMatchObject({ status: 'pending' });
    expect(signed).toEqual([canonicalCheckPayload(fields)]);
    expect(sent[0]).toMatchObject({ url: 'https://b.test/api/v1.1/check', method: 'POST' });
    expect(JSON.parse(sent[0]!.body)).toEqual({ ...(fields as object), signature: 'SIG' });
  });

  it('submits a given signature as it is when the client has no signer, and refuses to submit without any', async () => {
    const { fetch, sent } = scripted({ status: 200, body: pending });
    const client = createBank131Client({ partnerProject, fetch, baseUrl: 'https://b.test' });
    await client.submitCheck({ ...(fields as object), signature: 'GIVEN' } as never);
    expect(JSON.parse(sent[0]!.body).signature).toBe('GIVEN');
    const error = await client.submitCheck(fields).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^submitCheck needs a signature/);
    expect(sent).toHaveLength(1);
  });

  it('uses the v2.0 paths for submitting and polling with version 2.0', async () => {
    const { fetch, sent } = scripted({ status: 200, body: pending }, { status: 200, body: ok });
    const client = createBank131Client({ partnerProject, fetch, baseUrl: 'https://b.test', version: '2.0', sign: () => 'SIG' });
    await client.submitCheck({ type: 'FL_RESIDENT' } as never);
    await expect(client.waitForCheck(7)).resolves.toMatchObject({ status: 'ok' });
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual(['POST https://b.test/api/v2.0/check', 'GET https://b.test/api/v2.0/check/7']);
  });

  it('polls v1.1 with GET by default and with POST when statusMethod says so', async () => {
    for (const [statusMethod, expected] of [[undefined, 'GET'], ['GET', 'GET'], ['POST', 'POST']] as const) {
      const { fetch, sent } = scripted({ status: 200, body: ok });
      const client = createBank131Client({ partnerProject, fetch, baseUrl: 'https://b.test', ...(statusMethod ? { statusMethod } : {}) });
      await client.waitForCheck('7');
      expect(sent.map((s) => `${s.method} ${s.url}`), String(statusMethod)).toEqual([`${expected} https://b.test/api/v1.1/check/7`]);
    }
  });

  it('names the polled operation (method and path) in the error of a wait that ends without an envelope', async () => {
    for (const [version, path] of [['1.1', '/api/v1.1/check/{id}'], ['2.0', '/api/v2.0/check/{id}']] as const) {
      const { fetch } = scripted({ status: 200, body: '{"status":"done"}' });
      const client = createBank131Client({ partnerProject, fetch, baseUrl: 'https://b.test', version, statusMethod: 'POST' });
      const error = (await client.waitForCheck('7').catch((e: unknown) => e)) as ResponseValidationError;
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect(error.operation).toEqual({ api: 'bank131', method: version === '2.0' ? 'GET' : 'POST', path });
    }
  });

  it('loads the Bank 131 spec when validateResponses is on', async () => {
    const { fetch } = scripted({ status: 200, body: '{"status":"ok","data":"not an object"}' });
    const client = createBank131Client({ partnerProject, fetch, baseUrl: 'https://b.test', validateResponses: true });
    await expect(client.getCheck({ params: { path: { id: '7' } } })).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
