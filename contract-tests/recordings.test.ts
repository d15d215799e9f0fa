/**
 * Every recording under contract-tests/recordings/: it parses, its body holds to the spec for its operation and
 * status, and replaying it through the real client, from a real HTTP server on loopback (the exported `replay`),
 * yields the expected typed data or error. Each file is its own test: a broken one fails, named, and every other
 * recording is still checked.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, listApis } from '../scripts/lib/apis.js';
import { RECORDINGS_DIR, parseRecording, recordingFiles } from '../scripts/lib/recordings.js';
import { checkRecording } from './support/recording-check.js';

const files = recordingFiles(undefined, RECORDINGS_DIR);

it('there are recordings for every API', () => {
  const withRecordings = new Set(files.map((f) => f.api));
  expect(listApis().map((a) => a.id).filter((id) => !withRecordings.has(id))).toEqual([]);
});

describe.each(listApis().map((a) => a.id))('%s recordings', (api) => {
  const mine = files.filter((f) => f.api === api).map((f) => relative(ROOT, f.path));
  it.each(mine)('%s', async (file) => {
    await checkRecording(api, parseRecording(file, readFileSync(`${ROOT}/${file}`, 'utf8')));
  });
});
