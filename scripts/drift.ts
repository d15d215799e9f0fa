/**
 * kyc-contracts drift [--recordings DIR] [--json] [api ...]
 *
 * Compares every recording with its spec AS IT IS NOW (each spec is bundled afresh, not read from generated/)
 * and reports, per API and operation: fields seen but undocumented, documented required fields missing,
 * type / format / enum mismatches, and statuses seen but not declared.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { validatorFor, type SpecValidator } from '../src/core/validation.js';
import { listApis, selectApis } from './lib/apis.js';
import { type Command, InputError } from './lib/command.js';
import { type DriftFinding, driftForRecording } from './lib/drift.js';
import { currentProject } from './lib/project.js';
import { type LoadedRecording, RecordingFormatError, RecordingsNotFoundError, defaultRecordingsDir, parseRecording, recordingFiles } from './lib/recordings.js';

const HELP = `Usage: kyc-contracts drift [--recordings DIR] [--json] [api ...]

Checks every recording in DIR/<api>/*.json (default: "recordings" of kyc-contracts.config.json, else
contract-tests/recordings) against the spec of its API as it is now (with your config's overlays), and lists per API and operation: undocumented fields, missing required fields, type/format/enum
mismatches, undeclared statuses. A recording whose drift is a known vendor deviation says so in
"knownDeviation": {"reason": "..."}; its findings are shown as excused.

Options:
  --recordings DIR   where the recordings are: DIR/<api>/*.json, one folder per API id. Finding no recording
                     there (a missing or empty folder, *.json directly in DIR, a folder that is not an API id,
                     or none for an API named on the command line) is an error (exit 2), never "no drift".
  --json             print the findings as JSON
  --config FILE      your kyc-contracts.config.json (default: the one in the working directory)
  --help             show this help

Exit codes: 0 no unexcused drift, 1 drift found, 2 no recordings found, a spec or a recording cannot be read
(file:line:col), or bad usage.`;

export interface DriftReport {
  readonly findings: DriftFinding[];
  /** Recordings that could not be read, with the reason. */
  readonly unreadable: string[];
  readonly recordings: number;
}

/**
 * The recording files of these APIs under `dir`. Finding none is an error naming the folder (exit 2), never
 * "0 recordings, no drift": a CI gate pointed at the wrong folder must fail. `required` APIs (named on the command
 * line) must each have recordings of their own.
 */
export function driftFiles(apiIds: readonly string[], dir = defaultRecordingsDir(), required: readonly string[] = []): Array<{ api: string; path: string }> {
  for (const api of required) recordingFiles(api, dir);
  const files = recordingFiles(undefined, dir).filter((f) => apiIds.includes(f.api));
  if (files.length === 0) throw new RecordingsNotFoundError(`${relative(process.cwd(), dir) || dir}: no recordings of ${apiIds.join(', ')} found (expected <api>/*.json under it)`);
  return files;
}

/** Drift of every recording of these APIs; `validators` maps an API to the spec to hold its recordings against. */
export function collectDrift(apiIds: string[], validators: (api: string) => SpecValidator | undefined = () => undefined, dir = defaultRecordingsDir(), files = driftFiles(apiIds, dir)): DriftReport {
  const findings: DriftFinding[] = [];
  const unreadable: string[] = [];
  let recordings = 0;
  for (const { api, path } of files) {
    const file = relative(process.cwd(), path) || path;
    let loaded: LoadedRecording;
    try {
      loaded = { api, file, recording: parseRecording(file, readFileSync(path, 'utf8')) };
    } catch (error) {
      unreadable.push(error instanceof RecordingFormatError ? error.message : `${file}: ${(error as Error).message}`);
      continue;
    }
    recordings++;
    findings.push(...driftForRecording(loaded, validators(api)));
  }
  return { findings, unreadable, recordings };
}

export function formatDrift(report: DriftReport): string {
  const lines: string[] = [];
  const byApi = groupBy(report.findings, (f) => f.api);
  for (const [api, findings] of byApi) {
    lines.push(api);
    for (const [operation, list] of groupBy(findings, (f) => `${f.operationId} (${f.operation})`)) {
      lines.push(`  ${operation}`);
      for (const f of list) {
        const field = f.field ? ` ${f.field}:` : '';
        lines.push(`    ${f.excusedBy ? 'excused' : 'DRIFT  '}  ${f.kind}${field} ${f.detail}  [${f.file}, HTTP ${f.status}]`);
        if (f.excusedBy) lines.push(`             known deviation: ${f.excusedBy}`);
      }
    }
  }
  for (const u of report.unreadable) lines.push(`UNREADABLE  ${u}`);
  return lines.join('\n');
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

export const driftCommand: Command = {
  name: 'drift',
  summary: 'compare recordings with the specs',
  help: HELP,
  options: { recordings: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run({ values, positionals }) {
    const apis = selectApis(listApis(), positionals);
    const project = currentProject();
    const dir = typeof values['recordings'] === 'string' ? resolve(values['recordings']) : (project.config?.recordings ?? defaultRecordingsDir());
    // The recordings are found before the specs are bundled: a wrong folder fails at once, in one line.
    const files = driftFiles(apis.map((a) => a.id), dir, positionals);
    const validators = new Map<string, SpecValidator>();
    // The project's spec: in this checkout bundled afresh from specs/, in a user's project with their overlays.
    for (const api of apis) validators.set(api.id, validatorFor(await project.specOf(api), `${api.id}.openapi.json`));
    const report = collectDrift(apis.map((a) => a.id), (api) => validators.get(api), dir, files);
    const blocking = report.findings.filter((f) => !f.excusedBy);
    if (values['json']) console.log(JSON.stringify(report, null, 2));
    else {
      const text = formatDrift(report);
      if (text) console.log(text);
      const excused = report.findings.length - blocking.length;
      console.log(`drift: ${report.recordings} recording(s), ${blocking.length} finding(s), ${excused} excused, ${report.unreadable.length} unreadable.`);
    }
    if (report.unreadable.length) throw new InputError(`${report.unreadable.length} recording(s) cannot be read (listed above)`);
    return blocking.length > 0 ? 1 : 0;
  },
};
