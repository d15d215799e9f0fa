/**
 * kyc-contracts diff <git-ref> [--json] [api ...]
 *
 * Breaking changes between the specs at a git ref and the specs in the working tree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { OpenApiDocument } from '../src/core/spec.js';

import { ROOT } from './lib/apis.js';
import { bundleSpec } from './lib/bundle.js';
import { type Command, InputError, UsageError } from './lib/command.js';
import { type BreakingChange, diffSpecs } from './lib/spec-diff.js';

const HELP = `Usage: kyc-contracts diff <git-ref> [--json] [api ...]

Compares each spec at <git-ref> (a commit, tag or branch) with the spec in the working tree and lists the
breaking changes for clients: removed operations, statuses, parameters or fields; narrowed request types and
constraints; widened response types; removed enum values; newly required request fields, parameters or bodies.

Options:
  --json   print the findings as JSON
  --help   show this help

Exit codes: 0 no breaking change, 1 breaking changes found, 2 a bad ref, a spec that cannot be parsed
(file:line:col), or bad usage.`;

export interface ApiDiff {
  readonly api: string;
  readonly status: 'compared' | 'new' | 'removed';
  readonly changes: BreakingChange[];
}

/** The API ids in a working tree: the folders under specs/ that hold an openapi.yaml. */
function specFoldersIn(root: string): string[] {
  const dir = join(root, 'specs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'openapi.yaml'))).map((e) => e.name).sort();
}

/** The API ids at `ref`: the folders under specs/ that hold an openapi.yaml. */
function apisAtRef(root: string, ref: string): string[] {
  const listing = spawnSync('git', ['ls-tree', '--name-only', `${ref}:specs`], { cwd: root, encoding: 'utf8' });
  if (listing.status !== 0) return [];
  return listing.stdout.split('\n').filter((name) => name && spawnSync('git', ['cat-file', '-e', `${ref}:specs/${name}/openapi.yaml`], { cwd: root }).status === 0);
}

export async function diffAgainst(ref: string, root: string, only: string[] = []): Promise<ApiDiff[]> {
  if (spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root }).status !== 0) {
    throw new UsageError(`"${ref}" is not a commit, tag or branch in ${root}`);
  }
  const now = specFoldersIn(root).filter((id) => only.length === 0 || only.includes(id)).map((id) => ({ id, root: join(root, 'specs', id, 'openapi.yaml') }));
  const then = apisAtRef(root, ref);
  const unknown = only.filter((id) => !now.some((api) => api.id === id) && !then.includes(id));
  if (unknown.length) throw new UsageError(`no spec ${unknown.map((id) => `"${id}"`).join(', ')} now or at ${ref}`);
  const scratch = mkdtempSync(join(tmpdir(), 'kyc-diff-'));
  try {
    // The ref's spec files, bundled the same way as now: one tree, so relative $refs resolve as they did.
    const archive = spawnSync('git', ['archive', ref, 'specs'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
    if (archive.status !== 0) throw new InputError(`git archive ${ref} specs failed: ${archive.stderr.toString().trim()}`);
    const untar = spawnSync('tar', ['-x', '-C', scratch], { input: archive.stdout });
    if (untar.status !== 0) throw new InputError(`tar failed: ${untar.stderr.toString().trim()}`);
    const results: ApiDiff[] = [];
    for (const api of now) {
      if (!then.includes(api.id)) {
        results.push({ api: api.id, status: 'new', changes: [] });
        continue;
      }
      const before: OpenApiDocument = await bundleSpec(join(scratch, 'specs', api.id, 'openapi.yaml'), `${ref}:specs/${api.id}/openapi.yaml`);
      const after = await bundleSpec(api.root, relative(root, api.root));
      results.push({ api: api.id, status: 'compared', changes: diffSpecs(before, after) });
    }
    for (const gone of then.filter((id) => !now.some((n) => n.id === id) && (only.length === 0 || only.includes(id)))) {
      results.push({ api: gone, status: 'removed', changes: [{ kind: 'operation-removed', location: gone, detail: `the whole ${gone} API is gone` }] });
    }
    return results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
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

export const diffCommand: Command = {
  name: 'diff',
  summary: 'breaking changes between the specs at a git ref and now',
  help: HELP,
  options: { json: { type: 'boolean' } },
  allowPositionals: true,
  async run({ values, positionals }) {
    const [ref, ...apis] = positionals;
    if (!ref) throw new UsageError('expected a git ref, e.g. kyc-contracts diff main');
    const root = process.env['KYC_CONTRACTS_ROOT'] ?? ROOT;
    const results = await diffAgainst(ref, root, apis);
    console.log(values['json'] ? JSON.stringify(results, null, 2) : formatDiff(ref, results));
    return results.some((r) => r.changes.length > 0) ? 1 : 0;
  },
};
