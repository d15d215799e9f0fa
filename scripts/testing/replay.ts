/**
 * Replaying recordings over real loopback HTTP, matched as the vendor would tell requests apart: on method, path,
 * query and body. A recording answers a request when its method and path are the request's and nothing it
 * recorded contradicts the request (every recorded query parameter and body field is there with the same value;
 * `<redacted>` stands for any value). Of those, the closest answers (a body deep-equal to the recorded one before
 * one with fields the recording lacks), the earliest file on a tie; each recording answers once.
 *
 * A request that no recording matches gets an answer no vendor sends, so the code under test cannot mistake it
 * for a real one (a 404 from ERD means "not a debtor"): HTTP 599 with `x-kyc-replay: unmatched` and a JSON body
 * saying "no recording matched" with the nearest recordings and what differs. It is listed in `unmatched`, and
 * `assertAllMatched()` throws with all of them.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { MANIFESTS } from '../../src/manifests.js';
import { REDACTED, matchesPath } from '../../src/redaction/redact.js';
import { type LoopbackServer, type ReceivedRequest, startLoopbackServer } from '../../src/testing/loopback-server.js';
import { scanJson } from '../lib/json-input.js';
import { type Recording, parseRecording, recordingFiles, recordingSource, responseBodyText } from '../lib/recordings.js';

/** The status of the answer to a request no recording matches: no vendor sends it, and clients do not retry it. */
export const UNMATCHED_STATUS = 599;
/** The header that marks replay's own answers (`unmatched`). */
export const REPLAY_HEADER = 'x-kyc-replay';

export interface ReplayCandidate {
  /** The recording's file (or its operationId, for a recording not loaded from a file). */
  readonly recording: string;
  readonly method: string;
  readonly path: string;
  /** Why it did not answer: each difference from the request, or that it had already answered one. */
  readonly differences: string[];
}

export interface UnmatchedRequest {
  readonly method: string;
  /** Path and query as received (credential query parameters masked). */
  readonly url: string;
  /** The recordings nearest to the request, nearest first (at most three). */
  readonly nearest: ReplayCandidate[];
}

export interface ReplayServer {
  readonly url: string;
  /** Requests no recording answered. */
  readonly unmatched: UnmatchedRequest[];
  /** How many recordings have been served. */
  readonly served: number;
  /** Throws an Error listing every request no recording answered, with the nearest recordings; returns when none. */
  assertAllMatched(): void;
  close(): Promise<void>;
}

/**
 * Recordings from a folder laid out as `<dir>/<api>/*.json` (one API's folder, or all). Throws naming the path
 * when the folder is missing or holds no recordings, when `api` is not an API id, or naming a broken file.
 */
export function loadRecordingsFrom(dir: string, api?: string): Recording[] {
  return recordingFiles(api, dir).map(({ path }) => parseRecording(relative(process.cwd(), path) || path, readFileSync(path, 'utf8')));
}

export async function replay(recordings: readonly Recording[]): Promise<ReplayServer> {
  const used = new Set<number>();
  const unmatched: UnmatchedRequest[] = [];
  let served = 0;
  const server: LoopbackServer = await startLoopbackServer((request) => {
    const received = describeReceived(request);
    const scored = recordings.map((recording, index) => ({ index, recording, ...compare(recording, received), used: used.has(index) }));
    const best = scored
      .filter((s) => s.sameRoute && s.conflicts.length === 0 && !s.used)
      .sort((a, b) => a.extras.length - b.extras.length || a.index - b.index)[0];
    if (!best) {
      const nearest = scored
        .sort((a, b) => distance(a) - distance(b) || a.index - b.index)
        .slice(0, 3)
        .map((s) => ({
          recording: recordingSource(s.recording) ?? s.recording.operationId,
          method: s.recording.request.method,
          path: s.recording.request.path,
          differences: [...s.conflicts, ...(s.used ? ['already answered a request (each recording answers once)'] : [])],
        }));
      const entry: UnmatchedRequest = { method: request.method, url: maskedUrl(received.url), nearest };
      unmatched.push(entry);
      return {
        status: UNMATCHED_STATUS,
        headers: { 'content-type': 'application/json', [REPLAY_HEADER]: 'unmatched' },
        body: JSON.stringify({ error: 'no recording matched', ...entry }),
      };
    }
    used.add(best.index);
    served++;
    return { status: best.recording.response.status, headers: { ...best.recording.response.headers }, body: responseBodyText(best.recording) };
  });
  return {
    url: server.url,
    unmatched,
    get served() {
      return served;
    },
    assertAllMatched() {
      if (unmatched.length) throw new Error(describeUnmatched(unmatched));
    },
    close: () => server.close(),
  };
}

/** The message of `assertAllMatched`: each unmatched request and its nearest recordings. */
export function describeUnmatched(unmatched: readonly UnmatchedRequest[]): string {
  const lines = [`replay: ${unmatched.length} request(s) matched no recording:`];
  for (const u of unmatched) {
    lines.push(`  ${u.method} ${u.url}`);
    for (const c of u.nearest) lines.push(`    nearest: ${c.recording} (${c.method} ${c.path}): ${c.differences.join('; ') || 'no difference'}`);
    if (u.nearest.length === 0) lines.push('    no recordings were given to replay');
  }
  return lines.join('\n');
}

type Body = { readonly kind: 'none' } | { readonly kind: 'json'; readonly value: unknown; readonly form: boolean } | { readonly kind: 'text'; readonly text: string };

interface Received {
  readonly method: string;
  readonly url: URL;
  readonly body: Body;
}

interface Comparison {
  /** Method and path are the request's. */
  readonly sameRoute: boolean;
  /** What the recording says that the request contradicts (empty: it may answer). */
  readonly conflicts: string[];
  /** What the request has that the recording does not (fewer is closer). */
  readonly extras: string[];
}

const FORM = /^application\/x-www-form-urlencoded/i;

function describeReceived(request: ReceivedRequest): Received {
  const contentType = String(request.headers['content-type'] ?? '');
  return { method: request.method.toUpperCase(), url: new URL(request.url, 'http://replay'), body: bodyOf(request.bodyText, contentType) };
}

function bodyOf(text: string | undefined, contentType: string): Body {
  if (text === undefined || text === '') return { kind: 'none' };
  if (FORM.test(contentType)) return { kind: 'json', value: Object.fromEntries(new URLSearchParams(text)), form: true };
  // Any JSON is compared as JSON (whatever the content type says), unless it is too deep to walk safely.
  if (scanJson(text).kind === 'ok') return { kind: 'json', value: JSON.parse(text) as unknown, form: false };
  return { kind: 'text', text };
}

function recordedBody(recording: Recording): Body {
  const { body, bodyText, headers } = recording.request;
  if (body !== undefined) return { kind: 'json', value: body, form: false };
  return bodyOf(bodyText, headers?.['content-type'] ?? '');
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function compare(recording: Recording, received: Received): Comparison {
  const conflicts: string[] = [];
  const extras: string[] = [];
  const method = recording.request.method.toUpperCase();
  if (method !== received.method) conflicts.push(`method: recorded ${method}, received ${received.method}`);
  // Paths compare decoded: a client may percent-encode a comma list that the vendor sends raw.
  if (decoded(received.url.pathname) !== decoded(recording.request.path)) conflicts.push(`path: recorded ${recording.request.path}, received ${received.url.pathname}`);
  const sameRoute = conflicts.length === 0;

  const query = recording.request.query ?? {};
  for (const [name, value] of Object.entries(query)) {
    const got = received.url.searchParams.get(name);
    if (got === null) conflicts.push(`query ${name}: recorded, not received`);
    else if (value !== REDACTED && got !== String(value)) conflicts.push(`query ${name}: recorded ${show(String(value))}, received ${CREDENTIAL_QUERY.has(name) ? '(a credential, not shown)' : show(got)}`);
  }
  for (const name of new Set(received.url.searchParams.keys())) if (!(name in query)) extras.push(`query ${name}`);

  const recorded = recordedBody(recording);
  const got = received.body;
  if (recorded.kind === 'none') {
    if (got.kind !== 'none') extras.push('body');
  } else if (got.kind === 'none') conflicts.push('body: recorded, not received');
  else if (recorded.kind === 'text' || got.kind === 'text') {
    const same = recorded.kind === 'text' && got.kind === 'text' && recorded.text === got.text;
    if (!same) conflicts.push(`body: recorded ${recorded.kind === 'text' ? 'text' : 'JSON'}, received different ${got.kind === 'text' ? 'text' : 'JSON'}`);
  } else compareJson(recorded.value, got.value, 'body', [], recorded.form || got.form, conflicts, extras);
  return { sameRoute, conflicts, extras };
}

/**
 * Holds a received JSON value to a recorded one: every recorded field must be there with the same value
 * (`<redacted>` matches any), arrays item by item; fields only the request has are extras. Recursion is bounded:
 * recordings are at most MAX_JSON_DEPTH deep, and the walk stops where the recording does.
 */
function compareJson(recorded: unknown, received: unknown, path: string, keys: string[], loose: boolean, conflicts: string[], extras: string[]): void {
  if (recorded === REDACTED) return;
  const got = () => (CREDENTIAL_FIELDS.some((pattern) => matchesPath(pattern, keys)) ? '(a credential, not shown)' : show(received));
  if (isObject(recorded)) {
    if (!isObject(received)) return void conflicts.push(`${path}: recorded an object, received ${got()}`);
    for (const [key, value] of Object.entries(recorded)) {
      const at = `${path}.${key}`;
      if (!(key in received)) conflicts.push(`${at}: recorded, not received`);
      else compareJson(value, received[key], at, [...keys, key], loose, conflicts, extras);
    }
    for (const key of Object.keys(received)) if (!(key in recorded)) extras.push(`${path}.${key}`);
    return;
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(received)) return void conflicts.push(`${path}: recorded an array, received ${got()}`);
    if (received.length !== recorded.length) return void conflicts.push(`${path}: recorded ${recorded.length} item(s), received ${received.length}`);
    recorded.forEach((item, i) => compareJson(item, received[i], `${path}[${i}]`, [...keys, '[]'], loose, conflicts, extras));
    return;
  }
  // Form fields are text: a recorded `sandbox=true` is the JSON `true` the client sends now.
  const same = recorded === received || (loose && !isObject(received) && !Array.isArray(received) && String(recorded) === String(received));
  if (!same) conflicts.push(`${path}: recorded ${show(recorded)}, received ${got()}`);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** How far a recording is from answering: another route is far, a contradiction less so, an answered one a little. */
function distance(s: Comparison & { used: boolean }): number {
  return (s.sameRoute ? 0 : 1000) + s.conflicts.length * 10 + s.extras.length + (s.used ? 5 : 0);
}

/** Credentials (any manifest's `credentialQuery` and `credentialFields`) never reach a message. */
const CREDENTIAL_QUERY = new Set(MANIFESTS.flatMap((m) => m.redaction.credentialQuery ?? []));
const CREDENTIAL_FIELDS = MANIFESTS.flatMap((m) => m.redaction.credentialFields);

function maskedUrl(url: URL): string {
  const query = [...url.searchParams].map(([name, value]) => [name, CREDENTIAL_QUERY.has(name) ? REDACTED : value]);
  return `${url.pathname}${query.length ? `?${new URLSearchParams(query).toString()}` : ''}`;
}
