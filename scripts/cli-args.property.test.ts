/**
 * Hostile values in every tool argument: ports and counts that are not numbers (NaN, negative, huge, hex, padded),
 * unknown flags, flags without their value, paths that do not exist, folders where files are expected, files of
 * garbage, empty files and JSON nested 100 000 levels deep. Each must end in exit 2 with exactly one line on stderr
 * that names the argument: never a stack trace, a hang (each run is bounded) or a silent exit 0. The CLI runs
 * in-process through runCli (fast); a few cases run as a real subprocess of the `kyc-contracts` executable.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROOT } from './lib/apis.js';
import { runCli } from './cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'cli-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Files of every kind of bad, one per kind, also laid out as a recordings folder would be.
const FILES = {
  garbage: '\u0000\u0001\u00ff garbage {[',
  empty: '',
  truncated: '{"operationId": "retrieveErd", "sou',
  deep: `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  array: '[1, 2, 3]',
  'not-openapi': '{"swagger": "2.0"}',
};
mkdirSync(join(scratch, 'folder', 'erd', 'retrieveErd.folder.json'), { recursive: true });
mkdirSync(join(scratch, 'empty-folder'), { recursive: true });
for (const [name, text] of Object.entries(FILES)) {
  writeFileSync(join(scratch, `${name}.json`), text);
  writeFileSync(join(scratch, 'folder', 'erd', `retrieveErd.${name}.json`), text);
}
writeFileSync(join(scratch, 'garbage.yaml'), FILES.garbage);

const badFile = fc.constantFrom(...Object.keys(FILES).map((name) => join(scratch, `${name}.json`)));
const recordingFile = fc.constantFrom(...Object.keys(FILES).map((name) => join(scratch, 'folder', 'erd', `retrieveErd.${name}.json`)));
const missingPath = fc.stringMatching(/^[a-zA-Z0-9 ._-]{1,12}$/).map((name) => join(scratch, 'absent', name));
const folder = fc.constantFrom(join(scratch, 'folder'), join(scratch, 'folder', 'erd'), join(scratch, 'folder', 'erd', 'retrieveErd.folder.json'), join(scratch, 'empty-folder'), scratch);
const anyBadPath = fc.oneof(badFile, missingPath, folder);
/** Not a whole number ≥ 0: what an unset variable, a typo or a copy-paste gives. */
const notACount = fc.oneof(
  fc.constantFrom('NaN', 'nan', '-1', '-0', '1e3', '0x10', '1.5', 'Infinity', '-Infinity', '', ' ', ' 80', '80 ', '١٢', '１２', 'undefined', 'null', '4010abc'),
  fc.integer({ max: -1 }).map(String),
  fc.string({ maxLength: 8 }).filter((s) => !/^\d+$/.test(s)),
);
// A port may be padded with spaces (an env file's `KYC_MOCK_PORT_ERD=5010 ` works): those are valid, not hostile.
const notAPort = fc.oneof(notACount, fc.integer({ min: 65_536 }).map(String), fc.constant('99999999999999999999999')).filter((port) => !/^\s*\d+\s*$/.test(port) || Number(port) > 65_535);
const unknownId = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/).filter((id) => !['erd', 'kycaid', 'bank131', 'brainysoft', 'biometric', 'all'].includes(id));

interface Case {
  readonly argv: string[];
  /** What the one stderr line must name: the flag, the value or the path. */
  readonly names: string;
}

const COMMANDS = ['mock', 'record', 'redact', 'drift', 'diff', 'lint', 'generate', 'docs'] as const;
const STRING_OPTIONS: Record<(typeof COMMANDS)[number], string[]> = {
  mock: ['--port', '--host', '--polls', '--callback-url', '--state', '--spec'],
  record: ['--param', '--query', '--body', '--base-url', '--name', '--out-dir'],
  redact: ['--recordings'],
  drift: ['--recordings'],
  diff: [],
  lint: [],
  generate: [],
  docs: ['--out'],
};

const hostileCase: fc.Arbitrary<Case> = fc.oneof(
  // Every command: an unknown flag, a flag without its value.
  fc.tuple(fc.constantFrom(...COMMANDS), fc.stringMatching(/^[a-z][a-z-]{0,10}$/)).filter(([, flag]) => !['help', 'check', 'json', 'all', 'force', 'stateless', 'dynamic'].includes(flag) && !Object.values(STRING_OPTIONS).flat().includes(`--${flag}`)).map(([command, flag]) => ({ argv: [command, `--${flag}`], names: `--${flag}` })),
  fc.constantFrom(...COMMANDS.flatMap((command) => STRING_OPTIONS[command].map((option) => ({ argv: command === 'record' ? [command, 'erd', 'retrieveErd', option] : [command, option], names: option })))),
  // mock: numbers that are not, files that are not.
  fc.tuple(fc.constantFrom('erd', 'kycaid', 'bank131', 'brainysoft', 'all'), notAPort).map(([api, port]) => ({ argv: ['mock', `--port=${api}=${port}`], names: `--port ${api}` })),
  notAPort.map((port) => ({ argv: ['mock', `--port=${port}`], names: '--port' })),
  notACount.map((polls) => ({ argv: ['mock', `--polls=${polls}`], names: '--polls' })),
  fc.constantFrom('', ' ', 'a b', 'http://127.0.0.1', '127.0.0.1:4000', '-x', 'host/', '..').map((host) => ({ argv: ['mock', `--host=${host}`], names: '--host' })),
  fc.constantFrom('not a url', 'ftp://x', '127.0.0.1:4011', '', 'http://').map((url) => ({ argv: ['mock', `--callback-url=${url}`], names: '--callback-url' })),
  anyBadPath.map((path) => ({ argv: ['mock', '--state', path], names: path })),
  anyBadPath.map((path) => ({ argv: ['mock', '--spec', `erd=${path}`], names: `--spec ${path}` })),
  unknownId.map((api) => ({ argv: ['mock', api], names: api })),
  // record: a bad body file, an unknown API or operation, a bad name.
  fc.oneof(missingPath, folder, fc.constantFrom(...['garbage', 'empty', 'truncated', 'deep'].map((name) => join(scratch, `${name}.json`)))).map((path) => ({ argv: ['record', 'erd', 'retrieveErd', '--body', path], names: `--body ${path}` })),
  unknownId.map((api) => ({ argv: ['record', api, 'retrieveErd'], names: api })),
  unknownId.map((operation) => ({ argv: ['record', 'erd', operation], names: operation })),
  fc.constantFrom('a b', '../x', '', '-', 'é').map((name) => ({ argv: ['record', 'erd', 'retrieveErd', `--name=${name}`], names: '--name' })),
  // redact: files that are missing, folders, garbage; --all over a folder with no recordings.
  fc.oneof(missingPath, folder, recordingFile, badFile).map((path) => ({ argv: ['redact', path], names: path.replace(`${ROOT}/`, '') })),
  fc.oneof(missingPath, badFile, fc.constant(join(scratch, 'empty-folder'))).map((path) => ({ argv: ['redact', '--all', '--recordings', path], names: path })),
  // drift: recordings that are not there; an unknown API.
  fc.oneof(missingPath, badFile, fc.constant(join(scratch, 'empty-folder')), fc.constant(scratch)).map((path) => ({ argv: ['drift', '--recordings', path], names: path })),
  unknownId.map((api) => ({ argv: ['drift', api], names: api })),
  // diff, lint, generate, docs.
  fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/).map((ref) => ({ argv: ['diff', `no-such-ref-${ref}`], names: `no-such-ref-${ref}` })),
  fc.oneof(missingPath, unknownId, folder).map((target) => ({ argv: ['lint', target], names: target })),
  fc.constantFrom(join(scratch, 'garbage.yaml'), join(scratch, 'garbage.json'), join(scratch, 'empty.json'), join(scratch, 'deep.json'), join(scratch, 'array.json')).map((file) => ({ argv: ['lint', file], names: file.replace(`${ROOT}/`, '') })),
  unknownId.map((api) => ({ argv: ['generate', '--check', api], names: api })),
  unknownId.map((api) => ({ argv: ['docs', api], names: api })),
  badFile.map((file) => ({ argv: ['docs', '--out', file, 'erd'], names: file })),
);

let stderr: string[] = [];
let stdout: string[] = [];
const out = { log: (...a: unknown[]) => void stdout.push(a.join(' ')), error: (...a: unknown[]) => void stderr.push(a.join(' ')) };
beforeEach(() => {
  stderr = [];
  stdout = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void stdout.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void stderr.push(a.join(' ')));
  vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void stderr.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

const RUN_LIMIT_MS = 20_000;

async function runBounded(argv: string[]): Promise<number | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), RUN_LIMIT_MS)));
  try {
    return await Promise.race([runCli(argv, out), hung]);
  } finally {
    clearTimeout(timer);
  }
}

function expectOneLineNaming(lines: string[], names: string, argv: string[]): void {
  const all = lines.flatMap((l) => l.split('\n'));
  expect(all, `stderr of ${JSON.stringify(argv)}`).toHaveLength(1);
  expect(all[0]).toMatch(/^error: /);
  expect(all[0]).not.toMatch(/\n\s+at |    at /);
  expect(all[0], `stderr of ${JSON.stringify(argv)} names ${names}`).toContain(names);
}

describe('hostile tool arguments', () => {
  it('each ends in exit 2 with one line on stderr naming the argument', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCase, async ({ argv, names }) => {
        stderr = [];
        stdout = [];
        const code = await runBounded(argv);
        expect(code, `${JSON.stringify(argv)} (stdout: ${stdout.join(' | ')}; stderr: ${stderr.join(' | ')})`).toBe(2);
        expectOneLineNaming(stderr, names, argv);
      }),
      { numRuns: Number(process.env['H16_RUNS'] ?? 120) },
    );
  }, 180_000);

  it.each([
    // A recordings folder with a broken recording: drift reports it on stdout and fails in one line.
    [['drift', 'erd', '--recordings', join(scratch, 'folder')], '6 recording(s) cannot be read'],
    [['lint', join(scratch, 'garbage.yaml')], 'garbage.yaml'],
    [['mock', '--state', join(scratch, 'deep.json')], 'nested deeper than 256 levels'],
    [['record', 'erd', 'retrieveErd', '--body', join(scratch, 'deep.json')], 'nested deeper than 256 levels'],
  ])('%j: exit 2, one line', async (argv, names) => {
    expect(await runBounded(argv)).toBe(2);
    expectOneLineNaming(stderr, names, argv);
  }, 60_000);
});

describe('values that are fine stay fine', () => {
  it('mock takes host names and IP addresses, and a --spec that is an OpenAPI JSON document', async () => {
    const { mockOptionsFrom } = await import('./mock.js');
    for (const host of ['127.0.0.1', 'localhost', '0.0.0.0', '::1', '[::1]', 'mock.internal']) {
      expect(mockOptionsFrom({ values: { host }, positionals: [] }, {}).host).toBe(host);
    }
    const spec = join(ROOT, 'generated', 'erd.openapi.json');
    expect(mockOptionsFrom({ values: { spec: [`erd=${spec}`] }, positionals: [] }, {}).specs).toEqual({ erd: spec });
  });
});

describe('the kyc-contracts executable', () => {
  const run = (argv: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bin.ts'), ...argv], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${JSON.stringify(argv)} hung`));
      }, 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr: text });
      });
    });

  it.each([
    [['mock', '--port', 'erd=NaN'], '--port erd'],
    [['mock', '--state', join(scratch, 'folder')], 'folder: is a folder, not a file'],
    [['drift', '--recordings', join(scratch, 'does/not/exist')], 'does/not/exist: no such folder'],
  ])('%j exits 2 with one line on stderr', async (argv, names) => {
    const { code, stderr: text } = await run(argv);
    expect(code).toBe(2);
    const lines = text.trimEnd().split('\n').filter((line) => !/[║╔╚]/.test(line) && line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(names);
  }, 90_000);
});
