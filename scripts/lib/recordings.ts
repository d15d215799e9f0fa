/**
 * Loading recordings (contract-tests/recordings/<api>/*.json): each file is checked against
 * recording.schema.json, and a broken one is reported with its path and what is wrong, never skipped.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { ROOT } from './apis.js';
import { MissingDependencyError } from './command.js';

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

export class RecordingFormatError extends Error {}

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

/** Parses and checks one recording's text; throws RecordingFormatError naming the file and the problems. */
export function parseRecording(file: string, text: string): Recording {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordingFormatError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  if (!validateFormat(value)) {
    const problems = (compiledFormat!.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
    throw new RecordingFormatError(`${file}: not a recording: ${problems.join('; ')}`);
  }
  return value as Recording;
}

export function recordingFiles(api?: string, root = RECORDINGS_DIR): Array<{ api: string; path: string }> {
  if (!existsSync(root)) return [];
  const apis = api ? [api] : readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return apis.flatMap((name) => {
    const dir = join(root, name);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ api: name, path: join(dir, f) }));
  });
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
