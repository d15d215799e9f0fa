/**
 * npm run redact -- <file ...>
 *
 * Re-runs the redaction rules (src/<api>/redaction.ts) over existing recordings, in place. Idempotent.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { Redactor } from '../src/redaction/redact.js';
import { VENDORS } from '../src/vendors.js';
import { ROOT } from './lib/apis.js';
import { runCli, splitArgs } from './lib/cli.js';
import { writeFileAtomic } from './lib/files.js';
import { parseRecording, recordingFiles } from './lib/recordings.js';

const HELP = `Usage: npm run redact -- <file ...> | --all

Applies the redaction rules of each recording's API (the folder name: recordings/<api>/) to the files, in
place: credentials → <redacted>, personal data → shape-keeping fakes. Running it twice changes nothing.
  --all    every recording under contract-tests/recordings/
`;

export function redactFile(path: string): 'changed' | 'unchanged' {
  const file = relative(ROOT, path);
  const api = basename(dirname(path));
  const vendor = VENDORS[api];
  if (!vendor) throw new Error(`${file}: no redaction rules for "${api}" (the folder must be an API id)`);
  const text = readFileSync(path, 'utf8');
  const recording = parseRecording(file, text);
  const redacted = `${JSON.stringify(new Redactor(vendor.redaction).redact(recording), null, 2)}\n`;
  if (redacted === text) return 'unchanged';
  parseRecording(file, redacted);
  writeFileAtomic(path, redacted);
  return 'changed';
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.log(HELP);
    return 2;
  }
  const { flags, positional } = splitArgs(args, ['--all']);
  const files = flags.has('--all') ? recordingFiles().map((f) => f.path) : positional.map((a) => resolve(a));
  let changed = 0;
  const failures: string[] = [];
  for (const path of files) {
    try {
      if (redactFile(path) === 'changed') {
        changed++;
        console.log(`redacted: ${relative(ROOT, path)}`);
      }
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  for (const f of failures) console.error(`error: ${f}`);
  console.log(`redact: ${files.length} file(s), ${changed} changed, ${files.length - changed - failures.length} already clean, ${failures.length} failed.`);
  return failures.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(HELP, main);
