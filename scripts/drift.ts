/**
 * npm run drift [-- [--json] [api ...]]
 *
 * Compares every recording with its spec and reports, per API and operation: fields seen but undocumented,
 * documented required fields missing, type / format / enum mismatches, and statuses seen but not declared.
 * Exits 1 on any drift that the recording does not mark as a known vendor deviation (`knownDeviation.reason`).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT, listApis, selectApis } from './lib/apis.js';
import { runCli, splitArgs } from './lib/cli.js';
import { type DriftFinding, driftForRecording } from './lib/drift.js';
import { type LoadedRecording, RecordingFormatError, parseRecording, recordingFiles } from './lib/recordings.js';

const HELP = `Usage: npm run drift [-- [--json] [api ...]]

Checks every recording in contract-tests/recordings/<api>/ against specs/<api> and lists, per API and
operation: undocumented fields, missing required fields, type/format/enum mismatches, undeclared statuses.
A recording whose drift is a known vendor deviation says so in "knownDeviation": {"reason": "..."}; its
findings are shown as excused. Exits 1 when any finding is not excused or a recording cannot be read.

Options:
  --json   print the findings as JSON
  --help   show this help
`;

export interface DriftReport {
  readonly findings: DriftFinding[];
  /** Recordings that could not be read, with the reason. */
  readonly unreadable: string[];
  readonly recordings: number;
}

export function collectDrift(apiIds: string[]): DriftReport {
  const findings: DriftFinding[] = [];
  const unreadable: string[] = [];
  let recordings = 0;
  for (const api of apiIds) {
    for (const { path } of recordingFiles(api)) {
      const file = relative(ROOT, path);
      let loaded: LoadedRecording;
      try {
        loaded = { api, file, recording: parseRecording(file, readFileSync(path, 'utf8')) };
      } catch (error) {
        unreadable.push(error instanceof RecordingFormatError ? error.message : `${file}: ${(error as Error).message}`);
        continue;
      }
      recordings++;
      findings.push(...driftForRecording(loaded));
    }
  }
  return { findings, unreadable, recordings };
}

export function formatDrift(report: DriftReport): string {
  const lines: string[] = [];
  const byApi = new Map<string, DriftFinding[]>();
  for (const f of report.findings) byApi.set(f.api, [...(byApi.get(f.api) ?? []), f]);
  for (const [api, findings] of byApi) {
    lines.push(api);
    const byOperation = new Map<string, DriftFinding[]>();
    for (const f of findings) byOperation.set(`${f.operationId} (${f.operation})`, [...(byOperation.get(`${f.operationId} (${f.operation})`) ?? []), f]);
    for (const [operation, list] of byOperation) {
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

async function main(args: string[]): Promise<number> {
  const { flags, positional } = splitArgs(args, ['--json']);
  const apis = selectApis(listApis(), positional).map((a) => a.id);
  const report = collectDrift(apis);
  const blocking = report.findings.filter((f) => !f.excusedBy);
  if (flags.has('--json')) console.log(JSON.stringify(report, null, 2));
  else {
    const text = formatDrift(report);
    if (text) console.log(text);
    const excused = report.findings.length - blocking.length;
    console.log(`drift: ${report.recordings} recording(s), ${blocking.length} finding(s), ${excused} excused, ${report.unreadable.length} unreadable.`);
  }
  return blocking.length > 0 || report.unreadable.length > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(HELP, main);
