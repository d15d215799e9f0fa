/**
 * Documentation that cannot rot: every TypeScript block in the README and docs/ is an excerpt of a file under
 * examples/ (which `npm run typecheck` compiles and vitest runs where it is a test), the README's are whole (each
 * parses on its own: an excerpt cut before its closing brace does not), and every relative link resolves.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/apis.js';

const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));

function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

describe.each(pages)('%s', (page) => {
  const text = readFileSync(join(ROOT, page), 'utf8');

  it('shows only TypeScript that is an excerpt of a type-checked example', () => {
    const orphans = codeBlocks(text, 'ts').filter((block) => !examples.some((example) => example.includes(block.trimEnd())));
    expect(orphans).toEqual([]);
  });

  it('links only to files that exist', () => {
    const links = [...text.matchAll(/\]\((?!https?:|#)([^)#]+)/g)].map((m) => m[1]!);
    expect(links.filter((link) => !existsSync(join(ROOT, dirname(page), link)))).toEqual([]);
  });
});

/** The block's syntax errors, one line, or '' (type errors are the examples' typecheck's to find). */
function syntaxErrors(block: string): string {
  const { diagnostics = [] } = ts.transpileModule(block, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return diagnostics.map((d) => `${ts.flattenDiagnosticMessageText(d.messageText, ' ')} in: ${block.split('\n')[0]}`).join('; ');
}

// The README's blocks are what a new user copies into a file: each must be whole, not cut mid-function (docs/ may
// show a fragment of a larger example, marked as such by its indentation).
it('README.md shows TypeScript a reader can copy whole: every block parses on its own', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(codeBlocks(readme, 'ts').length).toBeGreaterThan(0);
  expect(codeBlocks(readme, 'ts').map((block) => syntaxErrors(block)).filter(Boolean)).toEqual([]);
});

it('the parse check sees a block cut before its closing brace', () => {
  expect(syntaxErrors('export function f(): void {\n  console.log(1);\n')).toContain("'}' expected");
  expect(syntaxErrors('  const x = await f();\n  x.y();\n')).toBe('');
});

it('the check sees a block that is not in any example', () => {
  expect(codeBlocks('```ts\nconst x = 1;\n```\n', 'ts')).toEqual(['const x = 1;\n']);
  expect(examples.some((example) => example.includes('const notAnExample = 42;'))).toBe(false);
});
