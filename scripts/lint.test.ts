import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, listApis, specFolders } from './lib/apis.js';
import { lint, lintCommand } from './lint.js';
import { InputError } from './lib/command.js';

// Broken copies live inside the repo so that redocly.yaml (and the project's plugin) applies to them.
const scratch = join(ROOT, '.tmp', `lint-test-${process.pid}`);
mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function brokenCopy(name: string, edit: (yaml: string) => string): string {
  const original = readFileSync(join(ROOT, 'specs/erd/openapi.yaml'), 'utf8');
  const broken = edit(original);
  expect(broken).not.toBe(original);
  const file = join(scratch, name);
  writeFileSync(file, broken);
  return file;
}

describe('npm run lint', () => {
  it('lints every spec folder', () => {
    expect(listApis().map((a) => a.id).sort()).toEqual(specFolders());
  });

  it('fails on an example that does not match its schema', () => {
    const file = brokenCopy('bad-example.yaml', (y) => y.replace("recover_amount: '100.00'", 'recover_amount: 100'));
    const result = lint([file]);
    expect(result.exitCode).toBe(1);
    expect(result.problems.map((p) => p.ruleId)).toContain('no-invalid-media-type-examples');
    expect(result.report).toMatch(/bad-example\.yaml:\d+:\d+ {2}error {2}no-invalid-media-type-examples/);
  });

  it("enforces the project's rules: property descriptions, tags, examples", () => {
    const file = brokenCopy('bad-rules.yaml', (y) =>
      y
        .replace("          description: Debtor's surname.\n", '')
        .replace('      tags: [ERD]\n', '')
        .replace(/            examples:\n              lookup:[\s\S]*?iin: '010203040506'\n/, ''),
    );
    const rules = lint([file]).problems.map((p) => p.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['kyc/property-description', 'kyc/operation-tag', 'kyc/request-body-example']));
  });

  it('reports unreadable YAML as bad input at file:line:col, never as "0 errors"', async () => {
    const file = join(scratch, 'unreadable.yaml');
    writeFileSync(file, 'openapi: 3.1.0\ninfo: [\n');
    const run = lintCommand.run({ values: {}, positionals: [file] });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(/unreadable\.yaml:3:1: cannot be parsed/);
  });
});
