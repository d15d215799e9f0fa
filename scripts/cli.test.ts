/**
 * The one program's contract: the same exit codes everywhere (0 success, 1 findings, 2 bad usage or bad input),
 * one clear line for each mistake, and --help on every command.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROOT } from './lib/apis.js';
import { runCli } from './cli.js';

const scratch = join(ROOT, '.tmp', `cli-test-${process.pid}`);
mkdirSync(join(scratch, 'erd'), { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let said: string[] = [];
const out = { log: (...a: unknown[]) => void said.push(a.join(' ')), error: (...a: unknown[]) => void said.push(a.join(' ')) };
beforeEach(() => {
  said = [];
  // Commands print their own reports; keep the test output quiet and readable.
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void said.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void said.push(a.join(' ')));
});

describe('kyc-contracts', () => {
  it.each(['mock', 'record', 'redact', 'drift', 'diff', 'lint', 'generate', 'docs'])('%s --help prints its usage and exits 0', async (command) => {
    expect(await runCli([command, '--help'], out)).toBe(0);
    expect(said.join('\n')).toContain(`Usage: kyc-contracts ${command}`);
  });

  it('lists the commands on --help, and exits 2 without one', async () => {
    expect(await runCli(['--help'], out)).toBe(0);
    expect(said.join('\n')).toMatch(/Commands:[\s\S]*drift/);
    expect(await runCli([], out)).toBe(2);
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['drift', '--nope'], /Unknown option '--nope'/],
    [['drift', 'nope'], /unknown API "nope"; known: erd, kycaid, bank131, brainysoft/],
    [['lint', 'nope'], /unknown API "nope"/],
    [['generate', '--check', 'nope'], /unknown API "nope"/],
    [['record', 'nope', 'retrieveErd'], /unknown API "nope"/],
    [['record', 'erd'], /expected <api> <operationId>/],
    [['record', 'erd', 'retrieveErd', '--param', 'novalue'], /--param takes NAME=VALUE/],
    [['diff'], /expected a git ref/],
    [['diff', 'no-such-ref-anywhere'], /is not a commit, tag or branch/],
    [['redact'], /name the recordings to redact, or pass --all/],
  ] as const)('%j is bad usage: exit 2 and one line that says what', async (argv, message) => {
    expect(await runCli([...argv], out)).toBe(2);
    expect(said.join('\n')).toMatch(message);
  });

  it('redact on a missing file says the file is missing (exit 2)', async () => {
    expect(await runCli(['redact', join(scratch, 'erd', 'missing.json')], out)).toBe(2);
    expect(said.join('\n')).toMatch(/missing\.json: file not found/);
  });

  it('drift names an unreadable recording, checks every other one, and exits 2', async () => {
    writeFileSync(join(scratch, 'erd', 'retrieveErd.truncated.json'), '{"operationId": "retrieveErd", "sou');
    copyFileSync(join(ROOT, 'contract-tests', 'recordings', 'erd', 'retrieveErd.debtor.json'), join(scratch, 'erd', 'retrieveErd.debtor.json'));
    expect(await runCli(['drift', 'erd', '--recordings', scratch], out)).toBe(2);
    const text = said.join('\n');
    expect(text).toMatch(/UNREADABLE {2}.*retrieveErd\.truncated\.json:1:\d+: not valid JSON/);
    expect(text).toContain('drift: 1 recording(s), 0 finding(s)');
  });
});

describe('drift with no recordings to check', () => {
  const base = join(ROOT, '.tmp', `cli-test-${process.pid}-none`);
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  mkdirSync(join(base, 'empty'), { recursive: true });
  mkdirSync(join(base, 'flat'), { recursive: true });
  mkdirSync(join(base, 'erd-only', 'erd'), { recursive: true });
  mkdirSync(join(base, 'stray', 'kyciad'), { recursive: true });
  writeFileSync(join(base, 'flat', 'x.json'), '{}');
  writeFileSync(join(base, 'erd-only', 'erd', 'x.json'), '{}');
  writeFileSync(join(base, 'stray', 'kyciad', 'x.json'), '{}');

  it.each([
    ['a missing folder', ['--recordings', 'does/not/exist'], /^error: does\/not\/exist: no such folder/],
    ['an empty folder', ['--recordings', join(base, 'empty')], /-none\/empty: no recordings found/],
    ['a flat folder', ['--recordings', join(base, 'flat')], /-none\/flat: holds 1 \*\.json file\(s\) directly/],
    ['an API named with no recordings there', ['kycaid', '--recordings', join(base, 'erd-only')], /-none\/erd-only\/kycaid: no recordings found/],
    ['a misspelt API folder', ['--recordings', join(base, 'stray')], /-none\/stray: kyciad\/ is not an API id/],
  ])('fails on %s: exit 2 and one line naming the path', async (_case, argv, message) => {
    const errors: string[] = [];
    const code = await runCli(['drift', ...argv], { log: (...a: unknown[]) => void said.push(a.join(' ')), error: (...a: unknown[]) => void errors.push(a.join(' ')) });
    expect(code).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.split('\n')).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(said.join('\n')).not.toContain('0 recording(s)');
  });
});

describe('the optional peers', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; devDependencies: Record<string, string> };

  // An application that pins another compatible version (ajv 8.17.1) must not get ERESOLVE; this repository's own
  // toolchain stays pinned exactly. (The package test installs the tarball beside such a version.)
  it.each(Object.entries(manifest.peerDependencies))('%s is a caret range that the pinned dev dependency satisfies', (name, range) => {
    const pinned = manifest.devDependencies[name]!;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const alternatives = range.split('||').map((r) => r.trim());
    for (const alternative of alternatives) expect(alternative).toMatch(/^\^\d+\.\d+\.\d+$/);
    const [major, minor, patch] = pinned.split('.').map(Number) as [number, number, number];
    const satisfied = alternatives.some((alternative) => {
      const [m, n, p] = alternative.slice(1).split('.').map(Number) as [number, number, number];
      return major === m && (minor > n || (minor === n && patch >= p));
    });
    expect(satisfied, `${name}@${pinned} within ${range}`).toBe(true);
  });
});

describe('a missing optional peer', () => {
  it('is named with the one install command, at the versions the package declares', async () => {
    const { MissingDependencyError, installCommand } = await import('./lib/command.js');
    const { peerDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    const error = new MissingDependencyError(['@stoplight/prism-http', 'ajv'], 'The mock');
    expect(installCommand(['ajv'])).toBe(`npm install --save-dev ajv@${peerDependencies['ajv']}`);
    // A range with alternatives is one shell word: its newest alternative.
    expect(peerDependencies['ajv-formats']).toContain('||');
    expect(installCommand(['ajv-formats'])).toMatch(/^npm install --save-dev ajv-formats@\^3\.\d+\.\d+$/);
    expect(error.message).toBe(
      `The mock needs @stoplight/prism-http, ajv, which are not installed. Install with:\n  npm install --save-dev @stoplight/prism-http@${peerDependencies['@stoplight/prism-http']} ajv@${peerDependencies['ajv']}`,
    );
  });
});
