/** `kyc-contracts diff` end to end, against a throwaway git repository with its own specs. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './lib/apis.js';

const repo = join(ROOT, '.tmp', `diff-test-${process.pid}`);
const git = (...args: string[]) => {
  const run = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
};
const diff = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bin.ts'), 'diff', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, KYC_CONTRACTS_ROOT: repo },
  });
const spec = () => join(repo, 'specs', 'bank131', 'openapi.yaml');

beforeAll(() => {
  mkdirSync(join(repo, 'specs'), { recursive: true });
  cpSync(join(ROOT, 'specs', 'bank131'), join(repo, 'specs', 'bank131'), { recursive: true });
  cpSync(join(ROOT, 'specs', 'erd'), join(repo, 'specs', 'erd'), { recursive: true });
  // The ref has specs but no generated/ bundle: the tool bundles the spec files of the ref itself.
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'v1');
  git('tag', 'v1');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('npm run diff', () => {
  it('finds nothing when the specs are unchanged', () => {
    const run = diff('v1');
    expect(run.stdout).toContain('bank131: no breaking change');
    expect(run.status).toBe(0);
  });

  it('reports breaking changes in the working tree and exits 1', () => {
    const original = readFileSync(spec(), 'utf8');
    writeFileSync(spec(), original.replace('        - partner_project_not_found\n', '').replace("          pattern: '^[0-9]{10}$'\n", (line) => `${line}          maxLength: 9\n`));
    try {
      const run = diff('v1', 'bank131', '--json');
      expect(run.stderr).not.toContain('error:');
      expect(run.status).toBe(1);
      const [result] = JSON.parse(run.stdout) as Array<{ api: string; changes: Array<{ kind: string; location: string }> }>;
      expect(result!.api).toBe('bank131');
      expect(result!.changes).toEqual(
        expect.arrayContaining([
          { kind: 'enum-value-removed', location: 'GET /api/v1.1/check/{id} response 200 (variant 3) › error.code', detail: 'removed "partner_project_not_found"' },
          { kind: 'constraint-narrowed', location: 'POST /api/v1.1/check request body › passport_number', detail: 'maxLength none → 9' },
        ]),
      );
    } finally {
      writeFileSync(spec(), original);
    }
  });

  it('says which APIs are new or gone since the ref', () => {
    // An API is a folder under specs/: renaming erd's folder makes erd gone and erd2 new.
    renameSync(join(repo, 'specs', 'erd'), join(repo, 'specs', 'erd2'));
    try {
      const run = diff('v1');
      expect(run.stdout).toContain('erd2: new since v1, nothing to compare');
      expect(run.stdout).toMatch(/erd: 1 breaking change\(s\)\n {2}operation-removed +erd: the whole erd API is gone/);
      expect(run.status).toBe(1);
    } finally {
      renameSync(join(repo, 'specs', 'erd2'), join(repo, 'specs', 'erd'));
    }
  });

  it('rejects a ref that does not exist with a usage error', () => {
    const run = diff('no-such-ref');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"no-such-ref" is not a commit, tag or branch');
  });
});

describe('kyc-contracts diff <tarball>', () => {
  it('compares an earlier version’s package tarball with the specs now, and names a file that is not one', () => {
    // An earlier version as npm packs it: package/specs/<api>/…
    const packed = join(repo, '..', `diff-tarball-${process.pid}`);
    mkdirSync(join(packed, 'package'), { recursive: true });
    cpSync(join(repo, 'specs'), join(packed, 'package', 'specs'), { recursive: true });
    const tarball = join(packed, 'kyc-contracts-0.1.0.tgz');
    expect(spawnSync('tar', ['-czf', tarball, '-C', packed, 'package']).status).toBe(0);
    const original = readFileSync(spec(), 'utf8');
    writeFileSync(spec(), original.replace('        - partner_project_not_found\n', ''));
    try {
      const run = diff(tarball, 'bank131');
      expect(run.stderr).not.toContain('error:');
      expect(run.stdout).toMatch(/bank131: \d+ breaking change\(s\)\n {2}enum-value-removed .*removed "partner_project_not_found"/);
      expect(run.status).toBe(1);
      writeFileSync(join(packed, 'not-a-package.tgz'), 'hello');
      const bad = diff(join(packed, 'not-a-package.tgz'));
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/not-a-package\.tgz: not a kyc-contracts package tarball with specs\//);
    } finally {
      writeFileSync(spec(), original);
      rmSync(packed, { recursive: true, force: true });
    }
  });
});

describe('kyc-contracts diff on a broken spec', () => {
  it('reports file:line:col and exits 2, never "breaking changes"', () => {
    const original = readFileSync(spec(), 'utf8');
    writeFileSync(spec(), `${original}\n  broken: [\n`);
    try {
      const run = diff('v1', 'bank131');
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/specs\/bank131\/openapi\.yaml:\d+:\d+: cannot be parsed/);
      expect(run.stdout).not.toContain('breaking change');
    } finally {
      writeFileSync(spec(), original);
    }
  });
});
