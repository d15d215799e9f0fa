/**
 * The two ways a recording is redacted — `record` (in memory, before writing) and `redact` (files in place) — apply
 * the value detectors and the user's own rules (`RedactionAdditions`, from the config).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MANIFESTS } from '../src/manifests.js';
import { type RedactionAdditions, scanExchange } from '../src/redaction/redact.js';
import { type LoopbackServer, json, startLoopbackServer } from '../src/testing/loopback-server.js';
import { ROOT } from './lib/apis.js';
import { InputError } from './lib/command.js';
import { parseRecording } from './lib/recordings.js';
import { record, recordOptions } from './record.js';
import { redactFile } from './redact.js';
import { runCli } from './cli.js';

const scratch = join(ROOT, '.tmp', `redact-test-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Made-up values with valid check digits; none is named by ERD's rules where it is planted.
const IIN = '870412300129';
const INN = '500100732259';
const PHONE = '+7 (701) 123-45-67';
const EMAIL = 'aigerim.n@mail.kz';
const CLIENT_ID = 'CL-123456'; // matched only by the user's pattern
const additions: Record<string, RedactionAdditions> = {
  erd: { credentialFields: ['session_token'], patterns: [{ pattern: 'CL-[0-9]{6}', kind: 'digits' }] },
};
const PLANTED = [IIN, INN, PHONE, EMAIL, CLIENT_ID, 'planted-session-token-1'];
const erdRules = MANIFESTS.find((m) => m.id === 'erd')!.redaction;

describe('redact with detectors and additions', () => {
  const file = join(scratch, 'erd', 'retrieveErd.planted.json');
  const recording = {
    operationId: 'retrieveErd',
    source: 'recorded',
    sourceUrl: 'https://example.org',
    recordedAt: '2026-11-22',
    description: 'planted',
    request: { method: 'POST', path: '/api/v1/backend/erd/retrieve/', headers: { 'content-type': 'application/json' }, body: { api_key: '<redacted>', iin: '010203040506' } },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { detail: `IIN ${IIN}, INN ${INN}, call ${PHONE} or write ${EMAIL}`, client: CLIENT_ID, session_token: 'planted-session-token-1', numbers: [Number(IIN)] },
    },
    expect: { outcome: 'data' },
  };
  beforeAll(() => {
    mkdirSync(join(scratch, 'erd'), { recursive: true });
  });

  it('replaces what the detectors and the additions find, keeps the rest, and is idempotent', () => {
    writeFileSync(file, JSON.stringify(recording));
    expect(redactFile(file, additions)).toBe('changed');
    const text = readFileSync(file, 'utf8');
    for (const value of PLANTED) expect(text, value).not.toContain(value);
    const out = parseRecording(file, text);
    expect(out.request.body).toEqual(recording.request.body); // the documented placeholder stays
    expect(out.response.body).toEqual({
      detail: expect.stringMatching(/^IIN 0{8}\d{4}, INN 0{8}\d{4}, call \+7 \(000\) 000-0\d-\d\d or write user\d{6}@example\.com$/),
      client: expect.stringMatching(/^CL-0{4}\d{2}$/),
      session_token: '<redacted>',
      numbers: [expect.any(Number)],
    });
    expect(scanExchange(out, erdRules)).toEqual([]);
    expect(redactFile(file, additions)).toBe('unchanged');
  });

  it('without the additions, leaves what only they name', () => {
    writeFileSync(file, JSON.stringify(recording));
    redactFile(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(CLIENT_ID);
    expect(text).toContain('planted-session-token-1');
    for (const value of [IIN, INN, PHONE, EMAIL]) expect(text, value).not.toContain(value);
  });

  it('rejects additions that do not compile as bad input naming the entry, and writes nothing', () => {
    writeFileSync(file, JSON.stringify(recording));
    const bad = { erd: { patterns: [{ pattern: 'CL-[0-9', kind: 'digits' as const }] } };
    expect(() => redactFile(file, bad)).toThrow(InputError);
    expect(() => redactFile(file, bad)).toThrow(/^redaction\.erd\.patterns\[0\]\.pattern "CL-\[0-9" is not a valid regular expression/);
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(recording));
  });
});

describe('record with detectors and additions', () => {
  let upstream: LoopbackServer;
  beforeAll(async () => {
    upstream = await startLoopbackServer();
  });
  afterAll(() => upstream.close());
  const options = (outDir: string, redaction?: RedactionAdditions) => ({
    ...recordOptions({ 'base-url': upstream.url, name: 'planted', 'out-dir': outDir, force: true }, ['erd', 'retrieveErd']),
    redaction,
  });

  it('writes nothing the detectors or the additions find', async () => {
    upstream.handle(() => json(200, { backend_session: '5b3c2a10-0000-4000-8000-000000000000', status: 'RECEIVED', detail: `${IIN} ${INN} ${PHONE} ${EMAIL}`, client: CLIENT_ID, session_token: 'planted-session-token-1' }));
    const { file } = await record(options(join(scratch, 'recorded'), additions['erd']), { ERD_API_KEY: 'planted-erd-api-key-0123456789' });
    const text = readFileSync(file, 'utf8');
    for (const value of [...PLANTED, 'planted-erd-api-key-0123456789']) expect(text, value).not.toContain(value);
    expect(scanExchange(parseRecording(file, text), erdRules)).toEqual([]);
  });

  it('rejects additions that do not compile before calling anyone', async () => {
    const calls = upstream.received.length;
    await expect(record(options(join(scratch, 'recorded'), { patterns: [{ pattern: '(', kind: 'digits' }] }), { ERD_API_KEY: 'planted-erd-api-key-0123456789' })).rejects.toThrow(
      new InputError('redaction.erd.patterns[0].pattern "(" is not a valid regular expression: Invalid regular expression: /(/: Unterminated group'),
    );
    expect(upstream.received.length).toBe(calls);
  });
});

// The user's kyc-contracts.config.json ("redaction") reaches `redact` through --config (and the working directory).
const configScratch = join(ROOT, '.tmp', `redact-config-test-${process.pid}`);
mkdirSync(join(configScratch, 'recordings', 'kycaid'), { recursive: true });
afterAll(() => rmSync(configScratch, { recursive: true, force: true }));

describe('redact with a config', () => {
  it('fakes a field the config names, which the package’s rules keep', async () => {
    const recording = JSON.parse(readFileSync(join(ROOT, 'contract-tests', 'recordings', 'kycaid', 'createApplicant.insufficient-funds.json'), 'utf8')) as { request: { body: Record<string, unknown> } };
    // Not a shape any value detector knows: only the config's rule can catch it.
    recording.request.body['external_applicant_id'] = 'acme-customer-7731';
    const file = join(configScratch, 'recordings', 'kycaid', 'createApplicant.ours.json');
    writeFileSync(file, JSON.stringify(recording, null, 2));
    const config = join(configScratch, 'kyc-contracts.config.json');
    writeFileSync(config, JSON.stringify({ redaction: { kycaid: { personalData: [{ path: 'external_applicant_id', kind: 'text' }] } } }));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runCli(['redact', file], console)).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('acme-customer-7731');
    expect(await runCli(['redact', '--config', config, file], console)).toBe(0);
    const redacted = JSON.parse(readFileSync(file, 'utf8')) as typeof recording;
    expect(typeof redacted.request.body['external_applicant_id']).toBe('string');
    expect(readFileSync(file, 'utf8')).not.toContain('acme-customer-7731');
  });
});
