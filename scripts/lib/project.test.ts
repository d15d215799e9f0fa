import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.js';
import { generateProjectApi } from '../generate.js';
import { withProjectDefaults } from '../mock.js';
import { startMockHost } from '../mock/host.js';
import { ROOT, listApis } from './apis.js';
import { openProject, overlaidMockSpecs } from './project.js';

const scratch = join(ROOT, '.tmp', `project-test-${process.pid}`);
mkdirSync(join(scratch, 'overlays'), { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const erdOverlay = `overlay: 1.0.0
info: { title: our ERD account, version: 1.0.0 }
actions:
  - target: $.components.schemas.ErdRetrieveResponse.properties
    update:
      risk_score: { type: number, description: Our account's risk score. }
  - target: $.components.schemas.ErdRetrieveRequest.properties
    update:
      purpose: { type: string, description: Why we look the subject up. }
`;
writeFileSync(join(scratch, 'overlays', 'erd.yaml'), erdOverlay);
writeFileSync(join(scratch, 'overlays', 'stale.yaml'), `${erdOverlay}  - target: $.components.schemas.ErdRetrieveResponseV2.properties\n    update: { x: { type: string } }\n`);
const config = join(scratch, 'kyc-contracts.config.json');
writeFileSync(config, JSON.stringify({ overlays: { erd: ['overlays/erd.yaml'] }, out: 'src/kyc' }));
const staleConfig = join(scratch, 'stale.config.json');
writeFileSync(staleConfig, JSON.stringify({ overlays: { erd: ['overlays/stale.yaml'] }, out: 'src/kyc' }));

const properties = (document: object, schema: string) => Object.keys((document as { components: { schemas: Record<string, { properties: object }> } }).components.schemas[schema]!.properties);

let said: string[] = [];
const out = { log: (...a: unknown[]) => void said.push(a.join(' ')), error: (...a: unknown[]) => void said.push(a.join(' ')) };
beforeEach(() => {
  said = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void said.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void said.push(a.join(' ')));
});

describe('a project without a config, in this checkout', () => {
  it('keeps everything where it always was', async () => {
    const project = openProject(ROOT);
    expect(project.isPackageCheckout).toBe(true);
    expect(project.docsDir).toBe(join(ROOT, 'build', 'docs'));
    expect(project.cacheDir).toBe(join(ROOT, 'node_modules', '.cache', 'kyc-contracts-mock'));
    expect(await overlaidMockSpecs(project)).toEqual({});
  });
});

describe('a project with overlays', () => {
  it('sees the overlaid spec, and writes its cache and pages inside the project', async () => {
    const project = openProject(scratch);
    expect(project.isPackageCheckout).toBe(false);
    const erd = await project.specOf('erd');
    expect(properties(erd, 'ErdRetrieveResponse')).toContain('risk_score');
    expect(properties(erd, 'ErdRetrieveRequest')).toContain('purpose');
    expect(properties(await project.specOf('kycaid'), 'Applicant')).not.toContain('risk_score');
    expect(project.docsDir).toBe(join(scratch, 'build', 'kyc-contracts-docs'));
    const specs = await overlaidMockSpecs(project);
    expect(Object.keys(specs)).toEqual(['erd']);
    expect(specs['erd']).toMatch(new RegExp(`^${scratch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/node_modules/\\.cache/kyc-contracts/specs/erd\\.[0-9a-f]+\\.openapi\\.json$`));
  });

  it('generates a typed client module on kyc-contracts/core, and the types of the overlaid spec', async () => {
    const project = openProject(scratch);
    const files = await generateProjectApi(listApis().find((a) => a.id === 'erd')!, project, join(scratch, 'src', 'kyc'));
    const byName = Object.fromEntries(files.map((f) => [f.path.slice(join(scratch, 'src', 'kyc').length + 1), f.content]));
    expect(Object.keys(byName).sort()).toEqual(['erd.openapi.json', 'erd.operations.ts', 'erd.spec.ts', 'erd.ts', 'erd.types.ts']);
    expect(byName['erd.ts']).toContain("from 'kyc-contracts/core'");
    expect(byName['erd.ts']).toContain('export function createErdClient(options: ErdClientOptions): ErdClient');
    expect(byName['erd.types.ts']).toMatch(/risk_score\?: number;/);
    expect(byName['erd.types.ts']).toMatch(/purpose\?: string;/);
    expect(byName['erd.spec.ts']).toContain('risk_score');
    expect(byName['erd.ts']).toContain('overlays/erd.yaml');
  });

  it('generate --config writes into "out", --check then passes, and an unmatched target is exit 2 naming the action', async () => {
    const kyc = join(scratch, 'src', 'kyc');
    rmSync(kyc, { recursive: true, force: true });
    expect(await runCli(['generate', '--check', '--config', config, 'erd'], out)).toBe(1);
    expect(await runCli(['generate', '--config', config, 'erd'], out)).toBe(0);
    expect(readFileSync(join(kyc, 'erd.types.ts'), 'utf8')).toContain('risk_score');
    expect(await runCli(['generate', '--check', '--config', config, 'erd'], out)).toBe(0);
    said = [];
    expect(await runCli(['generate', '--config', staleConfig, 'erd'], out)).toBe(2);
    expect(said.join('\n')).toMatch(/stale\.yaml: action 2 \(\/actions\/2\) target \$\.components\.schemas\.ErdRetrieveResponseV2\.properties matches nothing in erd's spec/);
    expect(existsSync(join(kyc, 'erd.types.ts'))).toBe(true);
  });

  it('examples/own-specs/kyc is what generate writes from its config (the docs show it)', async () => {
    expect(await runCli(['generate', '--check', '--config', join(ROOT, 'examples', 'own-specs', 'kyc-contracts.config.json'), 'erd', 'brainysoft'], out)).toBe(0);
    expect(said.join('\n')).toContain('is up to date (2 API(s))');
  });

  it('docs builds the overlaid page into the project, and lint holds the overlay to the package’s rules', async () => {
    expect(await runCli(['docs', '--config', config, 'erd'], out)).toBe(0);
    expect(readFileSync(join(scratch, 'build', 'kyc-contracts-docs', 'erd.html'), 'utf8')).toContain('risk_score');
    expect(await runCli(['lint', '--config', config, 'erd'], out)).toBe(0);
    writeFileSync(join(scratch, 'overlays', 'undescribed.yaml'), 'overlay: 1.0.0\ninfo: { title: t, version: 1.0.0 }\nactions:\n  - target: $.components.schemas.ErdRetrieveResponse.properties\n    update: { risk_score: { type: number } }\n');
    const undescribed = join(scratch, 'undescribed.config.json');
    writeFileSync(undescribed, JSON.stringify({ overlays: { erd: ['overlays/undescribed.yaml'] } }));
    said = [];
    expect(await runCli(['lint', '--config', undescribed, 'erd'], out)).toBe(1);
    expect(said.join('\n')).toMatch(/kyc\/property-description +Property `risk_score` must have a description/);
  }, 120_000);

  it('a bad config is exit 2 for any command, in one line naming the file and the key', async () => {
    const bad = join(scratch, 'bad.config.json');
    writeFileSync(bad, JSON.stringify({ overlays: { erd: ['overlays/missing.yaml'] } }));
    expect(await runCli(['drift', '--config', bad], out)).toBe(2);
    expect(said.join('\n')).toMatch(/bad\.config\.json: \/overlays\/erd\/0: overlays\/missing\.yaml: file not found/);
    said = [];
    expect(await runCli(['generate', '--config'], out)).toBe(2);
    expect(said.join('\n')).toMatch(/--config takes a file/);
  });

  it('the mock serves the overlaid spec: a request with the added field is accepted, and refused without the overlay', async () => {
    const ports = { erd: 0, all: 0 };
    const overlaid = await startMockHost(await withProjectDefaults({ ports, quiet: true, apis: ['erd'], stateless: true }, openProject(scratch)));
    const plain = await startMockHost({ ports, quiet: true, apis: ['erd'], stateless: true });
    try {
      const body = JSON.stringify({ api_key: 'example-erd-backend-api-key-0000000000000000000000', iin: '010203040506', purpose: 'onboarding' });
      const post = (url: string) => fetch(`${url}/api/v1/backend/erd/retrieve/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect((await post(overlaid.urls['erd']!)).status).toBe(200);
      expect((await post(plain.urls['erd']!)).status).toBe(400);
    } finally {
      await Promise.all([overlaid.stop(), plain.stop()]);
    }
  });
});
