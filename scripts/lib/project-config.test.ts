import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFESTS } from '../../src/manifests.js';
import { ROOT } from './apis.js';
import { configSchema, findConfigFile, loadProjectConfig } from './project-config.js';

const scratch = join(ROOT, '.tmp', `project-config-test-${process.pid}`);
mkdirSync(join(scratch, 'overlays'), { recursive: true });
writeFileSync(join(scratch, 'overlays', 'erd.yaml'), 'overlay: 1.0.0\n');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function configWith(content: unknown, name = 'kyc-contracts.config.json'): string {
  const file = join(scratch, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('loadProjectConfig', () => {
  it('resolves every path against the config file’s folder', () => {
    const config = loadProjectConfig(
      configWith({ overlays: { erd: ['overlays/erd.yaml'] }, out: 'src/kyc', docs: 'site', redaction: { kycaid: { personalData: [{ path: 'external_applicant_id', kind: 'digits' }] } } }),
    );
    expect(config.overlays['erd']).toEqual([join(scratch, 'overlays', 'erd.yaml')]);
    expect(config.out).toBe(join(scratch, 'src', 'kyc'));
    expect(config.docs).toBe(join(scratch, 'site'));
    expect(config.redaction['kycaid']?.personalData).toEqual([{ path: 'external_applicant_id', kind: 'digits' }]);
  });

  it.each([
    [{ colour: 'red' }, /config\.json: \/colour: unknown key \(known: \$schema, overlays, out, redaction, recordings, docs, mock\)$/],
    [{ overlays: { erx: ['overlays/erd.yaml'] } }, new RegExp(`: /overlays/erx: not an API id \\(known: ${MANIFESTS.map((m) => m.id).join(', ')}\\)$`)],
    [{ out: 3 }, /: \/out: must be string$/],
    [{ overlays: { erd: 'overlays/erd.yaml' } }, /: \/overlays\/erd: must be array$/],
    [{ overlays: { erd: ['overlays/nope.yaml'] } }, /: \/overlays\/erd\/0: overlays\/nope\.yaml: file not found$/],
    [{ redaction: { kycaid: { personalData: [{ path: 'a', kind: 'iin' }] } } }, /: \/redaction\/kycaid\/personalData\/0\/kind: must be one of "surname"/],
    [{ redaction: { kycaid: { patterns: [{ pattern: '(', kind: 'digits' }] } } }, /: \/redaction\/kycaid\/patterns\/0\/pattern: not a regular expression/],
    [{ redaction: { kycaid: { personalData: [{ path: 'a' }] } } }, /: \/redaction\/kycaid\/personalData\/0: missing "kind"$/],
    [{ mock: { ports: { all: 70000 } } }, /: \/mock\/ports\/all: must be <= 65535$/],
    ['{"out": ', /config\.json: not valid JSON/],
  ])('refuses %j in one line naming the file and the key', (content, message) => {
    const file = configWith(content);
    expect(() => loadProjectConfig(file)).toThrow(message);
    try {
      loadProjectConfig(file);
    } catch (error) {
      expect((error as Error).message.split('\n')).toHaveLength(1);
      expect((error as Error).name).toBe('InputError');
    }
  });
});

describe('findConfigFile', () => {
  it('takes the named file, else kyc-contracts.config.json in the folder, else none', () => {
    expect(findConfigFile(scratch, 'other.json')).toBe(join(scratch, 'other.json'));
    configWith({});
    expect(findConfigFile(scratch)).toBe(join(scratch, 'kyc-contracts.config.json'));
    expect(findConfigFile(join(scratch, 'overlays'))).toBeUndefined();
  });
});

describe('config.schema.json', () => {
  it('is the schema the tools validate with (generate writes it from the manifests)', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'config.schema.json'), 'utf8'))).toEqual(configSchema());
  });
});
