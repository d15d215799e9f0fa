import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from './command.js';
import { readEnvFile } from './env-file.js';

describe('readEnvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads KEY=VALUE lines, quotes and export allowed', () => {
    writeFileSync(join(dir, 'ok.env'), '# comment\n\nexport A=1\nB="two"\n');
    expect(readEnvFile(join(dir, 'ok.env'))).toEqual({ A: '1', B: 'two' });
    expect(readEnvFile(join(dir, 'absent.env'))).toEqual({});
  });

  it('names the file and line of a bad line (an input error, exit 2) without showing the line, which may hold a credential', () => {
    writeFileSync(join(dir, 'bad.env'), 'A=1\nERD_API_KEY: secret-value\n');
    let error: unknown;
    try {
      readEnvFile(join(dir, 'bad.env'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${join(dir, 'bad.env')}:2: expected KEY=VALUE`);
  });

  it('names a folder where the file should be', () => {
    mkdirSync(join(dir, 'folder.env'));
    expect(() => readEnvFile(join(dir, 'folder.env'))).toThrow(/folder\.env: is a folder, not a file/);
  });
});
