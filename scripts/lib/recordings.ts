/**
 * Loading recordings (contract-tests/recordings/<api>/*.json): each file is checked against
 * recording.schema.json, and a broken one is reported with its path and what is wrong, never skipped. A folder
 * that holds no recordings (missing, empty, flat, or named for no API) is an error naming it, never "0 recordings".
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { MANIFESTS } from '../../src/manifests.js';
import { ROOT } from './apis.js';
import { InputError, MissingDependencyError } from './command.js';
import { parseJsonText } from './json-input.js';

/** This repository's own recordings. */
export const RECORDINGS_DIR = join(ROOT, 'contract-tests', 'recordings');

/** Where the commands look by default: `contract-tests/recordings` under the folder they run in. */
export const defaultRecordingsDir = (): string => join(process.cwd(), 'contract-tests', 'recordings');

export interface Recording {
  operationId: string;
  source: string;
  sourceUrl?: string;
  recordedAt: string;
  description?: string;
  request: {
    method: string;
    path: string;
    query?: Record<string, string | number | boolean>;
    headers?: Record<string, string>;
    body?: unknown;
    bodyText?: string;
  };
  response: { status: number; headers?: Record<string, string>; body?: unknown; bodyText?: string };
  expect: { outcome: 'data' | 'error'; error?: string; status?: number; vendorCode?: string; vendorMessage?: string };
  knownDeviation?: { reason: string };
}

export interface LoadedRecording {
  readonly api: string;
  /** Path relative to the repository root. */
  readonly file: string;
  readonly recording: Recording;
}

/** A recording file that cannot be used: the message names the file (file:line:col where known). */
export class RecordingFormatError extends InputError {}

/** A recordings folder that holds no recordings where some were asked for: the message names the path. */
export class RecordingsNotFoundError extends InputError {}

let compiledFormat: ValidateFunction | undefined;

/**
 * recording.schema.json compiled on first use: ajv is an optional peer, so importing `kyc-contracts/testing` must not
 * need it; reading a recording without it is a MissingDependencyError naming the install.
 */
function validateFormat(value: unknown): ReturnType<ValidateFunction> {
  if (!compiledFormat) {
    let Ajv: typeof Ajv2020;
    try {
      ({ Ajv2020: Ajv } = createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new MissingDependencyError(['ajv'], 'Reading recordings');
      throw error;
    }
    // strictRequired off: the schema's `not: {required: [body, bodyText]}` names properties declared one level up.
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    compiledFormat = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'scripts', 'lib', 'recording.schema.json'), 'utf8')));
  }
  return compiledFormat(value);
}

/** The file each parsed recording came from, so that replay can name it (kept beside the data, not in it). */
const sources = new WeakMap<Recording, string>();

/** Parses and checks one recording's text; throws RecordingFormatError naming the file and the problems. */
export function parseRecording(file: string, text: string): Recording {
  let value: unknown;
  try {
    value = parseJsonText(file, text);
  } catch (error) {
    throw new RecordingFormatError((error as Error).message);
  }
  if (!validateFormat(value)) {
    const problems = (compiledFormat!.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
    throw new RecordingFormatError(`${file}: not a recording: ${problems.join('; ')}`);
  }
  sources.set(value as Recording, file);
  return value as Recording;
}

/** The file a recording was parsed from (as given to parseRecording), if it came from one. */
export const recordingSource = (recording: Recording): string | undefined => sources.get(recording);

const apiIds = () => MANIFESTS.map((m) => m.id);

/**
 * The recording files under `root` (`<root>/<api>/*.json`), of one API or of all. Throws RecordingsNotFoundError,
 * naming the path, when `api` is not an API id, when `root` is missing or not a folder, when it holds sub-folders
 * that are not API ids (a misspelt `kyciad/` would otherwise be skipped), or when no recording is found (a flat
 * folder of *.json without API folders says so).
 */
export function recordingFiles(api?: string, root = RECORDINGS_DIR): Array<{ api: string; path: string }> {
  const shown = relative(process.cwd(), root) || root;
  const known = apiIds();
  if (api !== undefined && !known.includes(api)) {
    throw new RecordingsNotFoundError(`${join(shown, api)}: "${api}" is not an API id; known: ${known.join(', ')}`);
  }
  let entries;
  try {
    if (!statSync(root).isDirectory()) throw new RecordingsNotFoundError(`${shown}: not a folder (recordings live in <dir>/<api>/*.json)`);
    entries = readdirSync(root, { withFileTypes: true });
  } catch (error) {
    if (error instanceof RecordingsNotFoundError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RecordingsNotFoundError(`${shown}: ${code === 'ENOENT' ? 'no such folder' : `cannot read (${code ?? (error as Error).message})`} (recordings live in <dir>/<api>/*.json)`);
  }
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  const strays = folders.filter((name) => !known.includes(name));
  if (api === undefined && strays.length) {
    throw new RecordingsNotFoundError(`${shown}: ${strays.map((s) => `${s}/`).join(', ')} ${strays.length > 1 ? 'are' : 'is'} not an API id; recordings live in <dir>/<api>/ with api one of ${known.join(', ')}`);
  }
  const files = (api === undefined ? folders : folders.filter((name) => name === api)).sort((a, b) => known.indexOf(a) - known.indexOf(b)).flatMap((name) => {
    const dir = join(root, name);
    return readdirSync(dir, { withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith('.json'))
      .map((f) => f.name)
      .sort()
      .map((f) => ({ api: name, path: join(dir, f) }));
  });
  if (files.length === 0) {
    const flat = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).length;
    if (flat) throw new RecordingsNotFoundError(`${shown}: holds ${flat} *.json file(s) directly, but recordings live one level down, in ${join(shown, api ?? '<api>')}/ (API ids: ${known.join(', ')})`);
    throw new RecordingsNotFoundError(`${api === undefined ? shown : join(shown, api)}: no recordings found (expected ${join(shown, api ?? '<api>', '*.json')}; API ids: ${known.join(', ')})`);
  }
  return files;
}

export function loadRecordings(api?: string): LoadedRecording[] {
  return recordingFiles(api).map(({ api: name, path }) => {
    const file = relative(ROOT, path);
    return { api: name, file, recording: parseRecording(file, readFileSync(path, 'utf8')) };
  });
}

/** The response body as the server sent it, byte for byte as far as JSON allows. */
export function responseBodyText(recording: Recording): string {
  if (recording.response.bodyText !== undefined) return recording.response.bodyText;
  return recording.response.body === undefined ? '' : JSON.stringify(recording.response.body);
}
