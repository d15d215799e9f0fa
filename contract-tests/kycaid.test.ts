/** KYCAID specifics: spec choices, auth, per-parameter errors, and file upload from every input kind. */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RequestValidationError } from '../src/core/errors.js';
import { createKycaidClient, verifyCallback } from '../src/kycaid/index.js';
import { registeredApi } from '../src/registry.js';
import { type LoopbackServer, json, startLoopbackServer } from '../src/testing/loopback-server.js';
import { committedValidator } from '../scripts/lib/drift.js';
import { fakeCredential } from './support/clients.js';

const mockUrls = inject('mockUrls');
const document = registeredApi('kycaid').spec;
const schemas = (document.components as { schemas: Record<string, any> }).schemas;
const TOKEN = fakeCredential('kycaid', 'apiToken');

describe('kycaid spec choices (pinned)', () => {
  it('has exactly the sections of the vendor page as tags', () => {
    expect((document['tags'] as Array<{ name: string }>).map((t) => t.name).sort()).toEqual(
      ['Addresses', 'Affiliated persons', 'Applicants', 'Blacklist databases', 'Business activities', 'Countries', 'Crypto', 'Documents', 'Files', 'Forms', 'Languages', 'Non-doc verifications', 'Phone numbers', 'QES', 'Verifications'].sort(),
    );
  });
  it('types ids as 36 lower-case hex characters, not RFC 4122 UUIDs', () => {
    expect(schemas['KycaidId']).toMatchObject({ type: 'string', minLength: 36, maxLength: 36, pattern: '^[0-9a-f]{36}$' });
    expect(schemas['KycaidId'].format).toBeUndefined();
    expect(JSON.stringify(document)).not.toContain('"format":"uuid"');
  });
  it('lists every decline reason and its numeric id from the page', () => {
    const text = JSON.stringify(schemas);
    for (const reason of ['WRONG_NAME', 'NO_SELFIE', 'QES_MISMATCH', 'ANONYMIZING_NETWORK', 'LIMIT_REACHED_OTP', 'COMPULSION']) expect(text).toContain(reason);
    const ids = JSON.stringify(document).match(/\[1,2,3,4,5,7,8,9,10,11,12,13,24,25,26,27,28,29,30,31,32,33,34,35,36\]/);
    expect(ids).not.toBeNull();
  });
  it('models timestamps as KYCAID sends them (`2024-07-01 15:27:15`), not as RFC 3339 date-times', () => {
    const timestamp = schemas['KycaidTimestamp'];
    expect(timestamp.format).toBeUndefined();
    expect(new RegExp(timestamp.pattern).test('2024-07-01 15:27:15')).toBe(true);
    expect(new RegExp(timestamp.pattern).test('2024-07-01T15:27:15Z')).toBe(false);
  });
  it('names the form answer field `verification_id` (the recorded answer), not the docs typo `verificaiton_id`', () => {
    expect(Object.keys(schemas['FormUrl'].properties)).toContain('verification_id');
    expect(schemas['FormUrl'].properties).not.toHaveProperty('verificaiton_id');
  });
  it("accepts the page's `income_sources: null` and `decline_reasons_ids: null` in documents", () => {
    const props = schemas['Document'].properties;
    expect(props.income_sources.type).toEqual(['array', 'null']);
    expect(props.decline_reasons_ids.type).toEqual(['array', 'null']);
  });

  it('documents every callback page as a webhook', () => {
    expect(Object.keys(document['webhooks'] as object).sort()).toEqual(['FORM_URL_EXPIRED', 'TRANSACTION_SCREENING_COMPLETED', 'VERIFICATION_COMPLETED', 'VERIFICATION_STATUS_CHANGED']);
  });
  it("models `FORM_URL_EXPIRED` as the page's example sends it (its schema says otherwise)", () => {
    const webhook = (document['webhooks'] as any).FORM_URL_EXPIRED.post;
    const example = webhook.requestBody.content['application/json'].examples.form_url_expired.value;
    expect(example).toMatchObject({ type: 'FORM_URL_EXPIRED', expired_at: '' });
    expect(committedValidator('kycaid').validateAt('/components/schemas/FormUrlExpiredCallback', example)).toEqual([]);
    expect(committedValidator('kycaid').validateAt('/components/schemas/FormUrlExpiredCallback', { ...example, type: 'VERIFICATION_STATUS_CHANGED' })).not.toEqual([]);
  });

  it("signs the webhook example with the documented test vector, and the payload fits its schema", () => {
    const webhook = (document['webhooks'] as any).VERIFICATION_STATUS_CHANGED.post;
    const example = webhook.requestBody.content['application/json'].examples.verification_status_changed.value;
    const header = (document.components as any).parameters.XDataIntegrity;
    const raw = JSON.stringify(example); // the test vector is compact JSON in this key order
    expect(verifyCallback(raw, String(header.example), '28c6f7cc0345a04eee0b535039b1c5a62547')).toBe(true);
    expect(committedValidator('kycaid').validateAt('/components/schemas/VerificationStatusChangedCallback', example)).toEqual([]);
    expect(committedValidator('kycaid').validateAt('/components/schemas/VerificationStatusChangedCallback', { ...example, verification_status: 42 })).not.toEqual([]);
  });
});

describe('kycaid client against the mock', () => {
  const kycaid = createKycaidClient({ apiToken: TOKEN, baseUrl: mockUrls['kycaid']!, validateResponses: true });

  it('creates and reads a document', async () => {
    await expect(kycaid.getDocument({ params: { path: { document_id: '5f9aeb5e1f25e2441d182f56b6dcbfac12dd' } } })).resolves.toMatchObject({ type: 'CREDIT_CARD', provider: 'MANUAL' });
  });

  it('carries the KYCAID error type and per-parameter messages', async () => {
    const error = (await kycaid
      .createApplicant({ body: { type: 'PERSON', first_name: 'John', last_name: 'Snow' } as never, headers: { Prefer: 'code=422' } })
      .catch((e: unknown) => e)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.status).toBe(422);
    expect(error.vendorCode).toBe('validation');
    expect(error.issues.length).toBeGreaterThan(0);
    // Fields are named as every vendor's are: `body.<parameter>`.
    expect(error.issues[0]).toMatchObject({ field: expect.stringMatching(/^body\.\w+/), message: expect.any(String) });
  });

  it('surfaces a request the mock rejects as a typed error naming the field', async () => {
    const error = (await kycaid.updateDocument({ params: { path: { document_id: '5f9aeb5e1f25e2441d182f56b6dcbfac12dd' } }, body: { document_number: 'X'.repeat(51) } }).catch((e: unknown) => e)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toContain('body.document_number');
  });

  it('sends the token as `Authorization: Token …`, without which the mock answers 401', async () => {
    const seen: string[] = [];
    const observed = createKycaidClient({ apiToken: TOKEN, baseUrl: mockUrls['kycaid']!, onExchange: (e) => void seen.push(e.request.headers['authorization'] ?? '') });
    await observed.getDocument({ params: { path: { document_id: '5f9aeb5e1f25e2441d182f56b6dcbfac12dd' } } });
    expect(seen).toEqual([`Token ${TOKEN}`]);
    const anonymous = await fetch(`${mockUrls['kycaid']}/documents/5f9aeb5e1f25e2441d182f56b6dcbfac12dd`);
    expect(anonymous.status).toBe(401);
  });

  it('uploads a file to the mock and gets a file id', async () => {
    await expect(kycaid.uploadFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), { contentType: 'image/jpeg' })).resolves.toMatchObject({ file_id: expect.stringMatching(/^[0-9a-f]{36}$/) });
  });
});

describe('kycaid file upload', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer(() => json(200, { file_id: '46b05f5c14c162402d186822fa0314c6162c' }));
  });
  afterAll(() => server.close());
  const kycaid = () => createKycaidClient({ apiToken: TOKEN, baseUrl: server.url });
  const bytes = Buffer.from('%PDF-1.4 fake document bytes');

  it.each([
    ['a Buffer', () => bytes],
    ['a Blob', () => new Blob([bytes], { type: 'application/pdf' })],
    ['a Node stream', () => Readable.from([bytes.subarray(0, 5), bytes.subarray(5)])],
    ['a web stream', () => new Blob([bytes]).stream()],
  ])('sends %s as the multipart part `file`, with the token', async (_label, make) => {
    server.handle(() => json(200, { file_id: '46b05f5c14c162402d186822fa0314c6162c' }));
    await expect(kycaid().uploadFile(make(), { filename: 'passport.pdf', contentType: 'application/pdf' })).resolves.toEqual({ file_id: '46b05f5c14c162402d186822fa0314c6162c' });
    const sent = server.received[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/files');
    expect(sent.headers['authorization']).toBe(`Token ${TOKEN}`);
    expect(sent.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent.bodyText).toContain('Content-Disposition: form-data; name="file"; filename="passport.pdf"');
    expect(sent.bodyText).toContain('Content-Type: application/pdf');
    expect(sent.bodyText).toContain(bytes.toString());
  });

  it('refuses an empty file before sending anything', async () => {
    server.handle(() => json(200, {}));
    await expect(kycaid().uploadFile(Buffer.alloc(0))).rejects.toThrow(/empty/);
    expect(server.received).toHaveLength(0);
  });
});
