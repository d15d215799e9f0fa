/**
 * Secrets and personal data never reach a committed recording: every recording is scanned, and the recorder
 * is run end to end against loopback upstreams that plant known secrets and personal data.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scanExchange } from '../src/redaction/redact.js';
import { MANIFESTS } from '../src/manifests.js';
import { ROOT } from '../scripts/lib/apis.js';
import { driftForRecording } from '../scripts/lib/drift.js';
import { loadRecordings, parseRecording } from '../scripts/lib/recordings.js';
import { type RecordOptions, record } from '../scripts/record.js';
import { type LoopbackServer, json, startLoopbackServer } from '../src/testing/loopback-server.js';
import { checkRecording } from './support/recording-check.js';

const mockUrls = inject('mockUrls');

describe('committed recordings', () => {
  it.each(loadRecordings().map((r) => [r.file, r] as const))('%s holds no credential or real personal data', (_file, loaded) => {
    const manifest = MANIFESTS.find((m) => m.id === loaded.api);
    expect(manifest, `no manifest (and so no redaction rules) for ${loaded.api}`).toBeDefined();
    expect(scanExchange(loaded.recording, manifest!.redaction)).toEqual([]);
  });
});

describe('npm run record', () => {
  const outDir = join(ROOT, '.tmp', `record-test-${process.pid}`);
  let upstream: LoopbackServer;
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    upstream = await startLoopbackServer();
  });
  afterAll(async () => {
    await upstream.close();
    rmSync(outDir, { recursive: true, force: true });
  });
  const options = (overrides: Partial<RecordOptions>): RecordOptions => ({
    api: 'erd',
    operationId: 'retrieveErd',
    params: {},
    query: {},
    bodyFile: undefined,
    baseUrl: upstream.url,
    name: undefined,
    outDir,
    force: false,
    ...overrides,
  });

  const SECRET_KEY = 'PLANTED-SECRET-KEY-9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6';
  const PERSONAL = ['870412300123', 'НУРЛАНОВА', 'АЙГЕРИМ', 'БОЛАТОВНА', '1987-04-12', '+77011234567', 'г. Астана, ул. Кенесары, д. 40, кв. 12'];

  it('writes an ERD exchange with the key and every planted personal value replaced', async () => {
    const bodyFile = join(outDir, 'body.json');
    await import('node:fs').then((fs) => fs.writeFileSync(bodyFile, JSON.stringify({ iin: PERSONAL[0] })));
    upstream.handle((req) =>
      json(200, {
        backend_session: '5b3c2a10-0000-4000-8000-000000000000',
        status: 'RECEIVED',
        personal_number: JSON.parse(req.bodyText).iin,
        result_json: [
          {
            debtor_iin: PERSONAL[0], debtor_surname: PERSONAL[1], debtor_name: PERSONAL[2], debtor_patronymic: PERSONAL[3],
            debtor_birth_data: `${PERSONAL[4]}+06:00`, debtor_doc_number: '043215678', issue_organ_code: '12345',
            issue_organ_name_ru: 'МВД РК', issue_organ_name_kz: 'ҚР ІІМ', exec_proc_num: '123/45-67-8901',
            exec_proc_date: '2024-01-15+06:00', exec_proc_status: '3', exec_doc_num: '55555555',
            exec_doc_issue_date: '2023-12-01+06:00', essence_requirements_ru: 'Взыскание', essence_requirements_kz: 'Өндіріп алу',
            executor_surname: 'ИВАНОВ', executor_name: 'ИВАН', executor_patronymic: 'ИВАНОВИЧ', executor_contacts: PERSONAL[5],
            executor_address: PERSONAL[6], disa_code: '935', to_name_ru: 'ЧСИ', to_name_kz: 'ЖСО', to_address: 'Астана қ.',
            record_id: '98765432', recover_amount: '1500.00',
          },
        ],
        // A vendor bug echoing the key back must not leak it either.
        debug: `api_key=${JSON.parse(req.bodyText).api_key}`,
      }),
    );
    const { file, recording } = await record(options({ bodyFile, name: 'planted' }), { ERD_API_KEY: SECRET_KEY }, new Date('2026-11-22T10:00:00Z'));
    // The real key did reach the upstream: the recorder called it for real.
    expect(JSON.parse(upstream.received[0]!.bodyText).api_key).toBe(SECRET_KEY);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET_KEY);
    for (const value of PERSONAL) expect(text, `${value} reached the file`).not.toContain(value);
    expect(text).not.toContain('ИВАНОВ');
    expect(parseRecording(file, text)).toEqual(recording);
    expect(recording).toMatchObject({ operationId: 'retrieveErd', source: 'recorded', recordedAt: '2026-11-22', expect: { outcome: 'data' } });
    expect((recording.request.body as { api_key: string }).api_key).toBe('<redacted>');
    // Still a faithful contract fixture: only `debug` is drift, and the fakes validate against the spec.
    const drift = driftForRecording({ api: 'erd', file, recording });
    expect(drift.map((f) => [f.kind, f.field])).toEqual([['undocumented-field', 'debug']]);
    expect(scanExchange(recording, MANIFESTS.find((m) => m.id === 'erd')!.redaction)).toEqual([]);
  });

  it('records an error exchange with its typed expectation (Bank 131, header credential)', async () => {
    upstream.handle(() => json(422, { status: 'error', error: { description: 'request_header_validation_error' } }));
    const { recording } = await record(
      options({ api: 'bank131', operationId: 'getCheck', params: { id: '7' } }),
      { BANK131_PARTNER_PROJECT: 'planted-project-id-123' },
    );
    expect(upstream.received[0]!.headers['x-partner-project']).toBe('planted-project-id-123');
    expect(recording.request.headers?.['x-partner-project']).toBe('<redacted>');
    expect(recording.expect).toEqual({ outcome: 'error', error: 'RequestValidationError', status: 422, vendorCode: 'request_header_validation_error' });
    expect(JSON.stringify(recording)).not.toContain('planted-project-id-123');
  });

  it('records from a Prism mock', async () => {
    const { recording } = await record(
      options({ baseUrl: mockUrls['erd']!, bodyFile: join(outDir, 'body.json'), name: 'from-mock' }),
      { ERD_API_KEY: 'example-erd-backend-api-key-0000000000000000000000' },
    );
    expect(recording.response.status).toBe(200);
    expect(driftForRecording({ api: 'erd', file: 'x', recording })).toEqual([]);
  });

  it('a recording of a request the mock rejects passes the same checks as every committed recording', async () => {
    const bodyFile = join(outDir, 'bad-check.json');
    writeFileSync(bodyFile, JSON.stringify({ first_name: 'Тестов', passport_number: 'not a passport' }));
    const { recording } = await record(
      options({ api: 'bank131', operationId: 'createCheck', baseUrl: mockUrls['bank131']!, bodyFile, name: 'rejected-by-mock' }),
      { BANK131_PARTNER_PROJECT: 'example-partner-project' },
    );
    expect(recording.response.headers?.['sl-violations']).toBeDefined();
    expect(recording.expect).toMatchObject({ outcome: 'error', error: 'RequestValidationError', vendorCode: 'request_validation' });
    await checkRecording('bank131', recording);
  });

  it('refuses to overwrite, and explains what is missing', async () => {
    const bodyFile = join(outDir, 'body.json');
    await expect(record(options({ bodyFile, name: 'planted' }), { ERD_API_KEY: SECRET_KEY })).rejects.toThrow(/exists; pass --force/);
    await expect(record(options({ bodyFile }), {})).rejects.toThrow(/set ERD_API_KEY/);
    await expect(record(options({ operationId: 'nope' }), { ERD_API_KEY: SECRET_KEY })).rejects.toThrow(/known: retrieveErd/);
    await expect(record(options({ api: 'bank131', operationId: 'getCheck' }), { BANK131_PARTNER_PROJECT: 'x' })).rejects.toThrow(/--param id=/);
    await expect(record(options({ bodyFile: join(outDir, 'missing.json') }), { ERD_API_KEY: SECRET_KEY })).rejects.toThrow(/--body .*missing\.json/);
  });
});
