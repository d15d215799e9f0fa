import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { kycaidManifest } from '../../src/kycaid/manifest.js';
import { runCli } from '../cli.js';
import { ROOT } from './apis.js';
import { openProject } from './project.js';
import { extendRedactionRules, projectRedactionRules } from './redaction-additions.js';

const scratch = join(ROOT, '.tmp', `redaction-additions-test-${process.pid}`);
mkdirSync(join(scratch, 'recordings', 'kycaid'), { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('extendRedactionRules', () => {
  it('adds the config’s rules after the package’s, header names in lower case', () => {
    const rules = extendRedactionRules(kycaidManifest.redaction, { credentialHeaders: ['X-Our-Key'], personalData: [{ path: 'external_applicant_id', kind: 'digits' }] });
    expect(rules.credentialHeaders).toEqual([...kycaidManifest.redaction.credentialHeaders, 'x-our-key']);
    expect(rules.personalData.at(-1)).toEqual({ path: 'external_applicant_id', kind: 'digits' });
    expect(rules.personalData.slice(0, -1)).toEqual(kycaidManifest.redaction.personalData);
  });
});

describe('redact with a config', () => {
  it('fakes a field the config names, which the package’s rules keep', async () => {
    const recording = JSON.parse(readFileSync(join(ROOT, 'contract-tests', 'recordings', 'kycaid', 'createApplicant.insufficient-funds.json'), 'utf8')) as { request: { body: Record<string, unknown> } };
    // Not a shape any value detector knows: only the config's rule can catch it.
    recording.request.body['external_applicant_id'] = 'acme-customer-7731';
    const file = join(scratch, 'recordings', 'kycaid', 'createApplicant.ours.json');
    writeFileSync(file, JSON.stringify(recording, null, 2));
    const config = join(scratch, 'kyc-contracts.config.json');
    writeFileSync(config, JSON.stringify({ redaction: { kycaid: { personalData: [{ path: 'external_applicant_id', kind: 'text' }] } } }));
    expect(projectRedactionRules(kycaidManifest, openProject(ROOT))).toBe(kycaidManifest.redaction);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runCli(['redact', file], console)).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('acme-customer-7731');
    expect(await runCli(['redact', '--config', config, file], console)).toBe(0);
    const redacted = JSON.parse(readFileSync(file, 'utf8')) as typeof recording;
    expect(typeof redacted.request.body['external_applicant_id']).toBe('string');
    expect(readFileSync(file, 'utf8')).not.toContain('acme-customer-7731');
  });
});
