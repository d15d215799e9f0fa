/**
 * kyc-contracts diff <git-ref | tarball> [--json] [api ...]
 *
 * Breaking changes between the specs at a git ref (or in an earlier version's package tarball) and the specs in the
 * working tree (or the installed package): what an upgrade changes, before it is taken.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { OpenApiDocument } from '../src/core/spec.js';

import { ROOT } from './lib/apis.js';
import { bundleSpec } from './lib/bundle.js';
import { type Command, InputError, UsageError } from './lib/command.js';
import { currentProject } from './lib/project.js';
import { type BreakingChange, diffSpecs } from './lib/spec-diff.js';

const HELP = `Usage: kyc-contracts diff <git-ref | tarball> [--json] [api ...]

Compares each spec at <git-ref> (a commit, tag or branch of a kyc-contracts checkout), or in an earlier version's
package <tarball> (a .tgz, e.g. from \`npm pack kyc-contracts@0.1.0\`), with the spec in the working tree or the
installed package, and lists the breaking changes for clients: removed operations, statuses, parameters or fields; narrowed request types and
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
    throw new UsageError(`"${ref}" is not a commit, tag or branch in ${root}${isTarball(ref) ? '' : ' (nor a .tgz file)'}`);
  }
  return withScratch(async (scratch) => {
    // The ref's spec files, bundled the same way as now: one tree, so relative $refs resolve as they did.
    const archive = spawnSync('git', ['archive', ref, 'specs'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
    if (archive.status !== 0) throw new InputError(`git archive ${ref} specs failed: ${archive.stderr.toString().trim()}`);
    const untar = spawnSync('tar', ['-x', '-C', scratch], { input: archive.stdout });
    if (untar.status !== 0) throw new InputError(`tar failed: ${untar.stderr.toString().trim()}`);
    return compareTrees({ dir: scratch, label: (api) => `${ref}:specs/${api}/openapi.yaml`, apis: apisAtRef(root, ref), where: `at ${ref}` }, root, only);
  });
}

/** A package tarball (`npm pack`): its specs are under package/specs/. */
const isTarball = (source: string) => /\.(tgz|tar\.gz)$/.test(source) && existsSync(source) && statSync(source).isFile();

/** The breaking changes between an earlier version's package tarball and the specs under `root`. */
export async function diffAgainstTarball(tarball: string, root: string, only: string[] = []): Promise<ApiDiff[]> {
  return withScratch(async (scratch) => {
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', scratch, 'package/specs'], { encoding: 'utf8' });
    if (untar.status !== 0) throw new InputError(`${tarball}: not a kyc-contracts package tarball with specs/ (${untar.stderr.trim().split('\n')[0]})`);
    const dir = join(scratch, 'package');
    const name = relative(process.cwd(), tarball) || tarball;
    return compareTrees({ dir, label: (api) => `${name}:package/specs/${api}/openapi.yaml`, apis: specFoldersIn(dir), where: `in ${name}` }, root, only);
  });
}

/** A scratch folder in the project's own cache (never a shared temporary folder), removed afterwards. */
async function withScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const scratch = join(currentProject().cacheDir, `diff-${process.pid}-${Date.now()}`);
  mkdirSync(scratch, { recursive: true });
  try {
    return await work(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface EarlierSpecs {
  /** The folder holding specs/. */
  readonly dir: string;
  readonly apis: string[];
  /** How a spec of it is named in messages. */
  readonly label: (api: string) => string;
  /** Where it is, in a message: `at v1`, `in kyc-contracts-0.1.0.tgz`. */
  readonly where: string;
}

async function compareTrees(earlier: EarlierSpecs, root: string, only: string[]): Promise<ApiDiff[]> {
  const now = specFoldersIn(root).filter((id) => only.length === 0 || only.includes(id)).map((id) => ({ id, root: join(root, 'specs', id, 'openapi.yaml') }));
  const then = earlier.apis;
  const unknown = only.filter((id) => !now.some((api) => api.id === id) && !then.includes(id));
  if (unknown.length) throw new UsageError(`no spec ${unknown.map((id) => `"${id}"`).join(', ')} now or ${earlier.where}`);
  const results: ApiDiff[] = [];
  for (const api of now) {
    if (!then.includes(api.id)) {
      results.push({ api: api.id, status: 'new', changes: [] });
      continue;
    }
    const before: OpenApiDocument = await bundleSpec(join(earlier.dir, 'specs', api.id, 'openapi.yaml'), earlier.label(api.id));
    const after = await bundleSpec(api.root, relative(root, api.root));
    results.push({ api: api.id, status: 'compared', changes: diffSpecs(before, after) });
  }
  for (const gone of then.filter((id) => !now.some((n) => n.id === id) && (only.length === 0 || only.includes(id)))) {
    results.push({ api: gone, status: 'removed', changes: [{ kind: 'operation-removed', location: gone, detail: `the whole ${gone} API is gone` }] });
  }
  return results;
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
    if (!ref) throw new UsageError('expected a git ref or a package tarball, e.g. kyc-contracts diff main, kyc-contracts diff kyc-contracts-0.1.0.tgz');
    const root = process.env['KYC_CONTRACTS_ROOT'] ?? ROOT;
    const results = isTarball(resolve(ref)) ? await diffAgainstTarball(resolve(ref), root, apis) : await diffAgainst(ref, root, apis);
    console.log(values['json'] ? JSON.stringify(results, null, 2) : formatDiff(ref, results));
    return results.some((r) => r.changes.length > 0) ? 1 : 0;
  },
};
