/**
 * kyc-contracts redact <file ...> | --all [--recordings DIR]
 *
 * Re-runs the redaction rules (src/<api>/redaction.ts, via each manifest) over existing recordings, in place.
 * Idempotent.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { MANIFESTS } from '../src/manifests.js';
import { type RedactionAdditions, Redactor, extendRedactionRules } from '../src/redaction/redact.js';
import { currentProject } from './lib/project.js';
import { type Command, InputError, UsageError } from './lib/command.js';
import { writeFileAtomic } from './lib/files.js';
import { defaultRecordingsDir, parseRecording, recordingFiles } from './lib/recordings.js';

const HELP = `Usage: kyc-contracts redact <file ...> | --all [--recordings DIR]

Applies the redaction rules of each recording's API (its folder name: <dir>/<api>/<file>.json) to the files, in
place: credentials → <redacted>, personal data → shape-keeping fakes (by the API's rules, your own rules from kyc-contracts.config.json ("redaction", --config FILE), and
value detectors for IINs/BINs, INNs, passport numbers, phones and e-mail addresses anywhere). Running it twice
changes nothing.

Options:
  --all              every recording under DIR (default contract-tests/recordings)
  --recordings DIR   where the recordings are, with --all
  --help             show this help

Exit codes: 0 done, 2 a file is missing, a folder, not JSON (file:line:col) or not under an API folder, no
recordings found under DIR with --all, or bad usage.`;

/**
 * Redacts one recording in place. `additions`: the user's own redaction rules per API id, added to each API's
 * built-in ones (see extendRedactionRules).
 */
export function redactFile(path: string, additions: Readonly<Record<string, RedactionAdditions>> = currentProject().config?.redaction ?? {}): 'changed' | 'unchanged' {
  const file = relative(process.cwd(), path) || path;
  if (!existsSync(path)) throw new InputError(`${file}: file not found`);
  if (!statSync(path).isFile()) throw new InputError(`${file}: is a folder, not a recording file`);
  const api = basename(dirname(path));
  const manifest = MANIFESTS.find((m) => m.id === api);
  if (!manifest) throw new InputError(`${file}: the folder "${api}" is not an API id (${MANIFESTS.map((m) => m.id).join(', ')}): recordings live in <dir>/<api>/`);
  let rules = manifest.redaction;
  try {
    if (additions[api]) rules = extendRedactionRules(rules, additions[api]);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const text = readFileSync(path, 'utf8');
  const recording = parseRecording(file, text);
  const redacted = `${JSON.stringify(new Redactor(rules).redact(recording), null, 2)}\n`;
  if (redacted === text) return 'unchanged';
  parseRecording(file, redacted);
  writeFileAtomic(path, redacted);
  return 'changed';
}

export const redactCommand: Command = {
  name: 'redact',
  summary: 're-apply the redaction rules to recordings',
  help: HELP,
  options: { all: { type: 'boolean' }, recordings: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }) {
    const dir = typeof values['recordings'] === 'string' ? resolve(values['recordings']) : (currentProject().config?.recordings ?? defaultRecordingsDir());
    if (!values['all'] && positionals.length === 0) throw new UsageError('name the recordings to redact, or pass --all');
    const files = values['all'] ? recordingFiles(undefined, dir).map((f) => f.path) : positionals.map((a) => resolve(a));
    let changed = 0;
    const failures: string[] = [];
    for (const path of files) {
      try {
        if (redactFile(path) === 'changed') {
          changed++;
          console.log(`redacted: ${relative(process.cwd(), path)}`);
        }
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    console.log(`redact: ${files.length} file(s), ${changed} changed, ${files.length - changed - failures.length} already clean, ${failures.length} failed.`);
    // Every other file was still redacted: one bad file does not stop the rest.
    if (failures.length) throw new InputError(failures.join('\n'));
    return 0;
  },
};
