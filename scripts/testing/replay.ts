/**
 * Replaying recordings over real loopback HTTP: each request is answered by the first unused recording with its
 * method and path (and query, when the recording has one), byte for byte, headers included. A request that no
 * recording matches gets a 404 and is listed in `unmatched`, so a test can fail on it.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/loopback-server.js';
import { type Recording, parseRecording, recordingFiles, responseBodyText } from '../lib/recordings.js';

export interface UnmatchedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
}

export interface ReplayServer {
  readonly url: string;
  /** Requests no recording answered. */
  readonly unmatched: UnmatchedRequest[];
  /** How many recordings have been served. */
  readonly served: number;
  close(): Promise<void>;
}

/** Recordings from a folder laid out as `<dir>/<api>/*.json` (one API's folder, or all). Throws naming a broken file. */
export function loadRecordingsFrom(dir: string, api?: string): Recording[] {
  return recordingFiles(api, dir).map(({ path }) => parseRecording(relative(process.cwd(), path) || path, readFileSync(path, 'utf8')));
}

export async function replay(recordings: readonly Recording[]): Promise<ReplayServer> {
  const used = new Set<number>();
  const unmatched: UnmatchedRequest[] = [];
  let served = 0;
  const server: LoopbackServer = await startLoopbackServer((request) => {
    const url = new URL(request.url, 'http://replay');
    const index = recordings.findIndex((r, i) => !used.has(i) && matches(r, request.method, url));
    if (index < 0) {
      unmatched.push({ method: request.method, url: request.url });
      return {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: `no recording matches ${request.method} ${request.url}` }),
      };
    }
    used.add(index);
    served++;
    const recording = recordings[index]!;
    return { status: recording.response.status, headers: { ...recording.response.headers }, body: responseBodyText(recording) };
  });
  return {
    url: server.url,
    unmatched,
    get served() {
      return served;
    },
    close: () => server.close(),
  };
}

function matches(recording: Recording, method: string, url: URL): boolean {
  if (recording.request.method.toUpperCase() !== method.toUpperCase()) return false;
  // Paths compare decoded: a client may percent-encode a comma list that the vendor sends raw.
  if (decodeURIComponent(url.pathname) !== decodeURIComponent(recording.request.path)) return false;
  const query = recording.request.query;
  if (!query) return true;
  return Object.entries(query).every(([name, value]) => url.searchParams.get(name) === String(value));
}
