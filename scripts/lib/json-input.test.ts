import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from './command.js';
import { MAX_JSON_DEPTH, lineColAt, parseJsonText, readJsonFile, scanJson } from './json-input.js';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

describe('scanJson', () => {
  it('agrees with JSON.parse on what is JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(scanJson(text)).toEqual({ kind: 'ok' });
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(scanJson(text).kind === 'ok').toBe(valid);
      }),
      { numRuns: 500 },
    );
  });

  it('finds where the text stops being JSON', () => {
    expect(scanJson('{"a": }')).toMatchObject({ kind: 'syntax', offset: 6 });
    expect(scanJson('[1,2')).toMatchObject({ kind: 'syntax', offset: 4 });
    expect(scanJson('{"a":1}x')).toMatchObject({ kind: 'syntax', offset: 7 });
    expect(scanJson('"a\u0001"')).toMatchObject({ kind: 'syntax', offset: 0 });
  });

  it('stops at the first level past the limit and names its JSON path', () => {
    expect(scanJson(nested(MAX_JSON_DEPTH))).toEqual({ kind: 'ok' });
    expect(scanJson('{"request": {"body": [0, [[[]]]]}}', 4)).toEqual({ kind: 'too-deep', offset: 26, path: '$.request.body[1][0]' });
    expect(scanJson('{"a b": {"c": {}}}', 2)).toMatchObject({ path: '$["a b"].c' });
  });
});

describe('parseJsonText', () => {
  it('says file:line:col for text that is not JSON', () => {
    expect(() => parseJsonText('state.json', '{\n  "erd": {},\n  "kycaid": \n}')).toThrow(/^state\.json:4:1: not valid JSON \(unexpected "\}"\)$/);
    expect(() => parseJsonText('empty.json', '')).toThrow(/^empty\.json:1:1: not valid JSON \(unexpected end\)$/);
  });

  it('refuses 100 000 levels of nesting in one line naming the file and the path, without overflowing the stack', () => {
    for (const [open, close] of [['[', ']'], ['{"a":', '}']] as const) {
      let error: unknown;
      try {
        parseJsonText('deep.json', nested(100_000, open, close));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      expect(message).toMatch(new RegExp(`^deep\\.json:1:\\d+: nested deeper than ${MAX_JSON_DEPTH} levels at \\$[\\[.]`));
      expect(message).not.toContain('\n');
      expect(message.length).toBeLessThan(300);
    }
  });

  it('counts lines and columns from 1', () => {
    expect(lineColAt('ab\ncd', 0)).toBe('1:1');
    expect(lineColAt('ab\ncd', 4)).toBe('2:2');
  });
});

describe('readJsonFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'json-input-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names a missing file, a folder and garbage', () => {
    writeFileSync(join(dir, 'garbage.json'), '\u0000\u0001garbage');
    expect(() => readJsonFile(join(dir, 'nope.json'), 'nope.json')).toThrow(/^nope\.json: file not found$/);
    expect(() => readJsonFile(dir, 'dir')).toThrow(/^dir: is a folder, not a file$/);
    expect(() => readJsonFile(join(dir, 'garbage.json'), 'garbage.json')).toThrow(/^garbage\.json:1:1: not valid JSON/);
  });
});
