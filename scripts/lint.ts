/**
 * kyc-contracts lint [api | file ...]
 *
 * Redocly lint under redocly.yaml (recommended-strict + the project's rules), failing on any finding: errors
 * and warnings alike. Prints one line per problem as file:line:col. A spec that cannot be parsed is bad input
 * (exit 2), never "0 errors".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { ROOT, listApis, selectApis } from './lib/apis.js';
import { bundleSpec } from './lib/bundle.js';
import { type Command, InputError } from './lib/command.js';
import { writeFileAtomic } from './lib/files.js';
import { type Project, currentProject, overlaidSpecFile } from './lib/project.js';
import { CONTROL_DOCUMENT_YAML } from './mock/control/document.js';

const require = createRequire(import.meta.url);
const REDOCLY_BIN = require.resolve('@redocly/cli/bin/cli.js');

const HELP = `Usage: kyc-contracts lint [api | file ...]

Lints every API and the mock's control API (scripts/mock/control/openapi.yaml), or only the APIs named, or
spec files by path, with Redocly under redocly.yaml: recommended-strict plus the rules in
redocly/kyc-contracts-plugin.js. Telemetry is off. An API with overlays in your kyc-contracts.config.json
(--config FILE) is linted as overlaid.

Exit codes: 0 clean, 1 any error or warning (one line each, file:line:col), 2 a spec that cannot be parsed
or resolved (file:line:col), or bad usage.`;

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: Array<{ source?: { ref?: string }; pointer?: string; start?: { line: number; col: number } }>;
}

export interface LintResult {
  readonly exitCode: number;
  readonly problems: Problem[];
  /** Problems formatted one per line, or Redocly's own output when it printed no report. */
  readonly report: string;
}

/** Lints each target (an API id, or a spec file) in its own Redocly run, and merges the reports. */
export function lint(targets: string[], cwd = ROOT, config?: string): LintResult {
  const results = (targets.length ? targets : [...listApis().map((api) => api.id), relative(cwd, CONTROL_DOCUMENT_YAML)]).map((target) => lintOne(target, cwd, config));
  return {
    exitCode: Math.max(0, ...results.map((r) => r.exitCode)),
    problems: results.flatMap((r) => r.problems),
    report: results.map((r) => r.report).filter(Boolean).join('\n'),
  };
}

/** Runs Redocly on one target and reads its JSON report (one JSON document per run). */
function lintOne(target: string, cwd: string, config: string | undefined): LintResult {
  const configArgs = config ? [`--config=${config}`] : [];
  const result = spawnSync(process.execPath, [REDOCLY_BIN, 'lint', target, ...configArgs, '--format=json', '--lint-config=error', '--max-problems=10000'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const stdout = result.stdout ?? '';
  const start = stdout.indexOf('{');
  let parsed: { totals?: { errors: number; warnings: number }; problems?: Problem[] } | undefined;
  try {
    parsed = start >= 0 ? JSON.parse(stdout.slice(start)) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed?.problems) {
    // Redocly failed before linting (unreadable YAML, missing file, bad config): show what it said.
    const said = stripBanner(`${stdout}\n${result.stderr ?? ''}`).trim();
    return { exitCode: 2, problems: [], report: `${target}: ${said || `redocly lint exited with ${result.status}`}` };
  }
  const problems = parsed.problems;
  const lines = problems.map((p) => {
    const at = p.location?.[0];
    // Redocly names files relative to where it ran (the package); show them relative to where the user is.
    const file = at?.source?.ref ? relative(process.cwd(), resolve(cwd, at.source.ref)) || at.source.ref : '?';
    const where = at ? `${file}:${at.start?.line ?? 0}:${at.start?.col ?? 0}` : '?';
    return `${where}  ${p.severity === 'error' ? 'error' : 'warning'}  ${p.ruleId}  ${p.message}${at?.pointer ? `  (${at.pointer})` : ''}`;
  });
  return { exitCode: problems.length > 0 || result.status !== 0 ? 1 : 0, problems, report: lines.join('\n') };
}

/** Redocly prints a boxed Node 20 deprecation banner on every run; it is noise here. */
function stripBanner(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/[║╔╚]/.test(line))
    .join('\n');
}

/** The spec file a target names: an API id, or a path. */
function specFileOf(target: string): string {
  const api = listApis().find((a) => a.id === target);
  if (api) return api.root;
  const file = resolve(target);
  if (!existsSync(file)) selectApis(listApis(), [target]); // throws the "unknown API" usage error
  return file;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'lint the specs',
  help: HELP,
  options: {},
  allowPositionals: true,
  async run({ positionals }) {
    const targets = positionals.length ? positionals : listApis().map((api) => api.id);
    const project = currentProject();
    const overlaid = targets.filter((target) => project.overlaysOf(target).length > 0);
    // Parse and resolve first: Redocly reports an unreadable spec as a crash, not as a finding.
    const unreadable: string[] = [];
    for (const target of targets) {
      try {
        if (overlaid.includes(target)) await project.specOf(target);
        else await bundleSpec(specFileOf(target));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        unreadable.push(error.message);
      }
    }
    if (unreadable.length) throw new InputError(unreadable.join('\n'));
    const config = overlaid.length ? await overlaidLintConfig(project, overlaid) : undefined;
    const { exitCode, problems, report } = lint(targets, ROOT, config);
    if (report) console.log(report);
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.length - errors;
    if (exitCode === 0) console.log(`lint: ${positionals.length ? positionals.join(', ') : 'all APIs'} clean (no errors, no warnings).`);
    else console.error(`lint: ${errors} error(s), ${warnings} warning(s).`);
    return exitCode;
  },
};

/**
 * The package's redocly.yaml with each overlaid API's root pointing at its overlaid spec (written to the project's
 * cache), so that the API keeps its own rules; written beside those specs, never into the package.
 */
async function overlaidLintConfig(project: Project, apis: string[]): Promise<string> {
  let text = readFileSync(join(ROOT, 'redocly.yaml'), 'utf8').replace(/\.\/redocly\//g, `${join(ROOT, 'redocly')}/`);
  for (const api of apis) {
    const file = overlaidSpecFile(project, api, await project.specOf(api));
    if (!file) throw new InputError(`cannot write the overlaid spec of ${api} under ${project.cacheDir} (lint reads it from a file)`);
    text = text.replace(`root: ./specs/${api}/openapi.yaml`, `root: ${JSON.stringify(file)}`);
  }
  const config = join(project.cacheDir, 'specs', 'redocly.yaml');
  writeFileAtomic(config, text);
  return config;
}
