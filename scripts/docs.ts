/**
 * `kyc-contracts docs` (for now `npx tsx scripts/docs.ts`): one self-contained HTML reference page per API, built
 * by Redocly's `build-docs --inlineBundle` (no script from a CDN) from `generated/<api>.openapi.json`, plus an
 * index page, into build/docs/ (a user's project: its own folder, see scripts/lib/project.ts). The mock host serves them at /docs and /docs/<api> on its one port.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { MANIFESTS } from '../src/manifests.js';
import { type Command, InputError, MissingDependencyError, UsageError } from './lib/command.js';
import { writeFileAtomic } from './lib/files.js';
import { type Project, currentProject } from './lib/project.js';
import { REPO_ROOT, bundlePath } from './mock/spec.js';

const require = createRequire(import.meta.url);

const HELP = `Usage: kyc-contracts docs [--out DIR] [api ...]

Builds one self-contained HTML reference page per API (default: all) with Redocly's build-docs --inlineBundle,
from generated/<api>.openapi.json (with your kyc-contracts.config.json's overlays applied, if any), and an index
page, into build/docs/ in this repository, or your project's "docs" folder (default build/kyc-contracts-docs).
\`kyc-contracts mock\` serves them at http://127.0.0.1:4000/docs.

Options:
  --out DIR       write the pages to DIR instead
  --config FILE   your kyc-contracts.config.json (default: the one in the working directory)
  --help          show this help
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function redoclyCli(): string {
  try {
    return join(require.resolve('@redocly/cli/package.json'), '..', 'bin', 'cli.js');
  } catch {
    throw new MissingDependencyError(['@redocly/cli'], 'The reference pages (`kyc-contracts docs`, and /docs on the mock)');
  }
}

/** Builds one page; rejects with Redocly's last lines when it fails. */
function buildPage(api: string, out: string, spec: string): Promise<void> {
  if (!existsSync(spec)) return Promise.reject(new InputError(`${relative(process.cwd(), spec)}: missing (run \`npm run generate\`)`));
  return new Promise((resolvePage, reject) => {
    const child = spawn(process.execPath, [redoclyCli(), 'build-docs', spec, '-o', out, '--inlineBundle'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && existsSync(out)) {
        writeFileSync(out, hashRouterLinks(readFileSync(out, 'utf8')));
        resolvePage();
      } else reject(new InputError(`build-docs for ${api} failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/**
 * The pre-rendered sidebar links as the page's hash router renders them: build-docs pre-renders React Router links
 * (`data-discover`) as paths (`/erd`), the page routes by hash (`#/erd`), and hydration keeps the pre-rendered
 * attributes. A path leaves the page when opened in a new tab or copied (on the mock host, for the ERD API itself).
 */
export function hashRouterLinks(html: string): string {
  return html.replace(/<a\b[^>]*\bdata-discover="true"[^>]*>/g, (tag) => tag.replace(/\bhref="\/([^"]*)"/, 'href="#/$1"'));
}

/** The spec a page is built from: the package's bundle, or the project's overlaid spec (written beside the pages). */
async function specFileFor(project: Project, api: string, outDir: string): Promise<string> {
  if (project.overlaysOf(api).length === 0) return bundlePath(api);
  const file = join(outDir, `${api}.openapi.json`);
  writeFileAtomic(file, `${JSON.stringify(await project.specOf(api), null, 2)}\n`);
  return file;
}

export function indexPage(apis: string[]): string {
  const rows = apis
    .map((api) => {
      const m = MANIFESTS.find((x) => x.id === api)!;
      const summary = escapeHtml(m.summary).replace(/`([^`]+)`/g, '<code>$1</code>');
      return `      <li><a href="${api}.html">${escapeHtml(m.title)}</a> <code>${api}</code> — ${summary}</li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>kyc-contracts: API reference</title>
    <style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:3rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .25rem}</style>
  </head>
  <body>
    <h1>KYC vendor APIs: reference</h1>
    <p>Hand-written OpenAPI 3.1 specs of the vendors' APIs. Each page is self-contained.</p>
    <ul>
${rows}
    </ul>
  </body>
</html>
`;
}

/** Builds the pages of `apis` into `outDir`; resolves with the files written. */
export async function buildDocs(apis: string[] = MANIFESTS.map((m) => m.id), outDir = currentProject().docsDir): Promise<string[]> {
  const known = MANIFESTS.map((m) => m.id);
  const unknown = apis.filter((api) => !known.includes(api));
  if (unknown.length) throw new UsageError(`unknown API ${unknown.join(', ')}; known: ${known.join(', ')}`);
  mkdirSync(outDir, { recursive: true });
  const files = apis.map((api) => join(outDir, `${api}.html`));
  const project = currentProject();
  const specs = await Promise.all(apis.map((api) => specFileFor(project, api, outDir)));
  await Promise.all(apis.map((api, i) => buildPage(api, files[i]!, specs[i]!)));
  const index = join(outDir, 'index.html');
  writeFileSync(index, indexPage(apis));
  return [...files, index];
}

export const docsCommand: Command = {
  name: 'docs',
  summary: 'build a self-contained HTML reference page per API into build/docs',
  help: HELP,
  options: { out: { type: 'string' } },
  allowPositionals: true,
  async run(args) {
    const out = typeof args.values['out'] === 'string' ? resolve(args.values['out']) : currentProject().docsDir;
    const started = performance.now();
    const files = await buildDocs(args.positionals.length ? args.positionals : undefined, out);
    for (const file of files) console.log(relative(process.cwd(), file));
    console.log(`${files.length} page(s) in ${((performance.now() - started) / 1000).toFixed(1)} s. Served by the mock at http://127.0.0.1:4000/docs`);
    return 0;
  },
};
