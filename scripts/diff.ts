/**
 * npm run diff -- <git-ref> [--json] [api ...]
 *
 * Breaking changes between the specs at a git ref and the specs in the working tree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { OpenApiDocument } from '../src/core/spec.js';
import { type ApiEntry, ROOT, apisFromConfig, listApis, selectApis } from './lib/apis.js';
import { UsageError, runCli, splitArgs } from './lib/cli.js';
import { type BreakingChange, diffSpecs } from './lib/spec-diff.js';
import { bundleSpec } from './generate.js';

const HELP = `Usage: npm run diff -- <git-ref> [--json] [api ...]

Compares each spec at <git-ref> (a commit, tag or branch) with the spec in the working tree and lists the
breaking changes for clients: removed operations, statuses, parameters or fields; narrowed request types and
constraints; widened response types; removed enum values; newly required request fields, parameters or bodies.
Exits 1 when there is any, 0 when there is none, 2 on a bad ref or argument.

Options:
  --json   print the findings as JSON
  --help   show this help
`;

export interface ApiDiff {
  readonly api: string;
  readonly status: 'compared' | 'new' | 'removed';
  readonly changes: BreakingChange[];
}

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function gitHas(root: string, ref: string, path: string): boolean {
  return spawnSync('git', ['cat-file', '-e', `${ref}:${path}`], { cwd: root }).status === 0;
}

/** The spec of one API as it was at `ref`: its committed bundle if there is one, else its spec files bundled. */
async function specAtRef(root: string, ref: string, api: ApiEntry, scratch: () => string): Promise<OpenApiDocument> {
  const bundled = `generated/${api.id}.openapi.json`;
  if (gitHas(root, ref, bundled)) return JSON.parse(git(root, ['show', `${ref}:${bundled}`])) as OpenApiDocument;
  const dir = scratch();
  const archive = spawnSync('git', ['archive', ref, 'specs'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  if (archive.status !== 0) throw new Error(`git archive ${ref} specs failed: ${archive.stderr.toString().trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString().trim()}`);
  return (await bundleSpec(join(dir, relative(root, api.root)))) as OpenApiDocument;
}

export async function diffAgainst(ref: string, root: string, only: string[] = []): Promise<ApiDiff[]> {
  if (spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root }).status !== 0) {
    throw new UsageError(`"${ref}" is not a commit, tag or branch in ${root}`);
  }
  const now = selectApis(listApis(join(root, 'redocly.yaml'), root), only);
  const then = gitHas(root, ref, 'redocly.yaml') ? apisFromConfig(git(root, ['show', `${ref}:redocly.yaml`]), `${ref}:redocly.yaml`, root) : [];
  const scratchDirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyc-diff-'));
    scratchDirs.push(dir);
    return dir;
  };
  try {
    const results: ApiDiff[] = [];
    for (const api of now) {
      if (!then.some((t) => t.id === api.id)) {
        results.push({ api: api.id, status: 'new', changes: [] });
        continue;
      }
      const before = await specAtRef(root, ref, api, scratch);
      const after = (await bundleSpec(api.root)) as OpenApiDocument;
      results.push({ api: api.id, status: 'compared', changes: diffSpecs(before, after) });
    }
    for (const gone of then.filter((t) => !now.some((n) => n.id === t.id) && (only.length === 0 || only.includes(t.id)))) {
      results.push({ api: gone.id, status: 'removed', changes: [{ kind: 'operation-removed', location: gone.id, detail: `the whole ${gone.id} API is gone` }] });
    }
    return results;
  } finally {
    for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  }
}

export function formatDiff(ref: string, results: ApiDiff[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.status === 'new') {
      lines.push(`${result.api}: new since ${ref}, nothing to compare`);
      continue;
    }
    lines.push(`${result.api}: ${result.changes.length ? `${result.changes.length} breaking change(s)` : 'no breaking change'}`);
    for (const change of result.changes) lines.push(`  ${change.kind.padEnd(28)} ${change.location}: ${change.detail}`);
  }
  const total = results.reduce((n, r) => n + r.changes.length, 0);
  lines.push(`diff ${ref}..working tree: ${total} breaking change(s) in ${results.filter((r) => r.changes.length).length} API(s).`);
  return lines.join('\n');
}

async function main(args: string[]): Promise<number> {
  const { flags, positional } = splitArgs(args, ['--json']);
  const [ref, ...apis] = positional;
  if (!ref) throw new UsageError('expected a git ref, e.g. npm run diff -- main');
  const root = process.env['KYC_CONTRACTS_ROOT'] ?? ROOT;
  const results = await diffAgainst(ref, root, apis);
  console.log(flags.has('--json') ? JSON.stringify(results, null, 2) : formatDiff(ref, results));
  return results.some((r) => r.changes.length > 0) ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(HELP, main);
