/**
 * Replay matches as the vendor would tell requests apart (method, path, query, body; best match first), answers
 * an unmatched request with something no vendor sends, and loading recordings from the wrong place throws.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createErdClient } from '../../src/erd/index.js';
import { ApiError } from '../../src/core/errors.js';
import type { Recording } from '../lib/recordings.js';
import { REPLAY_HEADER, type ReplayServer, UNMATCHED_STATUS, loadRecordingsFrom, replay } from './replay.js';

const ERD_PATH = '/api/v1/backend/erd/retrieve/';
const API_KEY = 'example-erd-backend-api-key-0000000000000000000000';

function erdRecording(iin: string, status: number, body: unknown): Recording {
  return {
    operationId: 'retrieveErd',
    source: 'recorded',
    recordedAt: '2026-12-01',
    request: { method: 'POST', path: ERD_PATH, headers: { 'content-type': 'application/json' }, body: { api_key: '<redacted>', iin } },
    response: { status, headers: { 'content-type': 'application/json' }, body },
    expect: status === 200 ? { outcome: 'data' } : { outcome: 'error', error: 'ApiError', status },
  };
}

const found = (iin: string) => ({ backend_session: '6f1c0f4e-1111-4222-8333-944445555666', status: 'RECEIVED', personal_number: iin, result_json: [] });
// Recorded in file order: the 503 first, so that matching by route alone (the old behaviour) picks it for everyone.
const UNAVAILABLE = erdRecording('900101300503', 503, { detail: 'ERD service not available now' });
const DEBTOR = erdRecording('010203040506', 200, found('010203040506'));

let server: ReplayServer | undefined;
afterEach(() => server?.close());

const post = (url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('replay matches on the body, best match first', () => {
  it('answers an IIN ending 0503 with the recording of that IIN, and another IIN with its own', async () => {
    server = await replay([UNAVAILABLE, DEBTOR]);
    const erd = createErdClient({ apiKey: API_KEY, baseUrl: server.url });
    await expect(erd.retrieveErd({ body: { iin: '010203040506' } })).resolves.toMatchObject({ personal_number: '010203040506' });
    const error = await erd.retrieveErd({ body: { iin: '900101300503' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    server.assertAllMatched();
  });

  it('prefers the recording whose body is deep-equal over one the request only contains, whatever the file order', async () => {
    const partial = erdRecording('010203040506', 200, found('partial'));
    const exact: Recording = { ...erdRecording('010203040506', 200, found('exact')), request: { ...DEBTOR.request, body: { api_key: '<redacted>', iin: '010203040506', lang: 'ru' } } };
    server = await replay([partial, exact]);
    const answer = await post(`${server.url}${ERD_PATH}`, { api_key: API_KEY, iin: '010203040506', lang: 'ru' });
    expect(((await answer.json()) as { personal_number: string }).personal_number).toBe('exact');
    // The other one still answers a request it matches (with a field it did not record: a partial match).
    const second = await post(`${server.url}${ERD_PATH}`, { api_key: API_KEY, iin: '010203040506', lang: 'kk' });
    expect(((await second.json()) as { personal_number: string }).personal_number).toBe('partial');
  });

  it('matches the query, and form bodies against the JSON a client sends now', async () => {
    const withQuery: Recording = { ...DEBTOR, request: { method: 'GET', path: '/applicants/1', query: { sandbox: 'true' } } };
    const form: Recording = { ...DEBTOR, request: { method: 'POST', path: '/addresses', headers: { 'content-type': 'application/x-www-form-urlencoded' }, bodyText: 'city=London&sandbox=true' } };
    server = await replay([withQuery, form]);
    expect((await fetch(`${server.url}/applicants/1?sandbox=false`)).status).toBe(UNMATCHED_STATUS);
    expect((await fetch(`${server.url}/applicants/1?sandbox=true`)).status).toBe(200);
    expect((await post(`${server.url}/addresses`, { city: 'Paris', sandbox: true })).status).toBe(UNMATCHED_STATUS);
    expect((await post(`${server.url}/addresses`, { city: 'London', sandbox: true })).status).toBe(200);
  });
});

describe('an unmatched request', () => {
  it('gets HTTP 599 with x-kyc-replay: unmatched and the nearest recordings, never a vendor-like 404', async () => {
    server = await replay([UNAVAILABLE, DEBTOR]);
    const response = await post(`${server.url}${ERD_PATH}`, { api_key: API_KEY, iin: '111111111111' });
    expect(response.status).toBe(UNMATCHED_STATUS);
    expect(response.headers.get(REPLAY_HEADER)).toBe('unmatched');
    const body = (await response.json()) as { error: string; nearest: Array<{ differences: string[] }> };
    expect(body.error).toBe('no recording matched');
    expect(body.nearest.map((n) => n.differences)).toEqual([['body.iin: recorded "900101300503", received "111111111111"'], ['body.iin: recorded "010203040506", received "111111111111"']]);
    expect(JSON.stringify(body)).not.toContain(API_KEY);
    expect(server.unmatched).toEqual([{ method: 'POST', url: ERD_PATH, nearest: body.nearest }]);
  });

  it('makes the client fail (not succeed) and assertAllMatched throw with the request and what differs', async () => {
    server = await replay([DEBTOR]);
    const erd = createErdClient({ apiKey: API_KEY, baseUrl: server.url });
    const error = await erd.retrieveErd({ body: { iin: '010203040507' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: UNMATCHED_STATUS });
    expect(() => server!.assertAllMatched()).toThrow(
      /replay: 1 request\(s\) matched no recording:\n {2}POST \/api\/v1\/backend\/erd\/retrieve\/\n {4}nearest: retrieveErd \(POST \/api\/v1\/backend\/erd\/retrieve\/\): body\.iin: recorded "010203040506", received "010203040507"/,
    );
  });

  it('never shows a credential the request carries, even where the recording holds one that was not redacted', async () => {
    const unredacted: Recording = { ...DEBTOR, request: { ...DEBTOR.request, path: '/token', query: { client_secret: 'recorded-secret' }, body: { api_key: 'recorded-key', iin: '1' } } };
    server = await replay([unredacted]);
    const response = await post(`${server.url}/token?client_secret=app-secret-123`, { api_key: 'app-key-456', iin: '1' });
    const text = await response.text();
    expect(response.status).toBe(UNMATCHED_STATUS);
    expect(text).toContain('body.api_key: recorded \\"recorded-key\\", received (a credential, not shown)');
    expect(text).toContain('query client_secret: recorded \\"recorded-secret\\", received (a credential, not shown)');
    expect(text).not.toContain('app-key-456');
    expect(text).not.toContain('app-secret-123');
    expect(server.unmatched[0]!.url).toBe('/token?client_secret=%3Credacted%3E');
  });

  it('names a recording that already answered, a missing field and another route', async () => {
    server = await replay([DEBTOR]);
    await post(`${server.url}${ERD_PATH}`, { api_key: API_KEY, iin: '010203040506' });
    await post(`${server.url}${ERD_PATH}`, { api_key: API_KEY, iin: '010203040506' });
    await post(`${server.url}${ERD_PATH}`, { api_key: API_KEY });
    await fetch(`${server.url}/elsewhere?token=abc`);
    expect(server.unmatched.map((u) => u.nearest[0]!.differences)).toEqual([
      ['already answered a request (each recording answers once)'],
      ['body.iin: recorded, not received', 'already answered a request (each recording answers once)'],
      ['method: recorded POST, received GET', 'path: recorded /api/v1/backend/erd/retrieve/, received /elsewhere', 'body: recorded, not received', 'already answered a request (each recording answers once)'],
    ]);
    expect(server.served).toBe(1);
  });
});

describe('loadRecordingsFrom', () => {
  const root = mkdtempSync(join(tmpdir(), 'replay-load-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, recording: Recording) => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), JSON.stringify(recording));
  };

  it('loads <dir>/<api>/*.json and names each file in the nearest candidates', async () => {
    write('good/erd/retrieveErd.debtor.json', DEBTOR);
    const recordings = loadRecordingsFrom(join(root, 'good'), 'erd');
    expect(recordings).toHaveLength(1);
    server = await replay(recordings);
    await fetch(`${server.url}/nowhere`);
    expect(server.unmatched[0]!.nearest[0]!.recording).toMatch(/good\/erd\/retrieveErd\.debtor\.json$/);
  });

  it('throws naming the path for a missing folder, an empty one, a flat one, an unknown API id and a stray folder', () => {
    mkdirSync(join(root, 'empty'), { recursive: true });
    write('flat/retrieveErd.debtor.json', DEBTOR);
    write('stray/erd/retrieveErd.debtor.json', DEBTOR);
    write('stray/kyciad/createApplicant.json', DEBTOR);
    expect(() => loadRecordingsFrom(join(root, 'does/not/exist'))).toThrow(/does\/not\/exist: no such folder/);
    expect(() => loadRecordingsFrom(join(root, 'empty'))).toThrow(/empty: no recordings found \(expected .*empty\/<api>\/\*\.json; API ids: erd, kycaid/);
    expect(() => loadRecordingsFrom(join(root, 'empty'), 'erd')).toThrow(/empty\/erd: no recordings found/);
    expect(() => loadRecordingsFrom(join(root, 'flat'))).toThrow(/flat: holds 1 \*\.json file\(s\) directly, but recordings live one level down/);
    expect(() => loadRecordingsFrom(join(root, 'flat'), 'erd')).toThrow(/flat: holds 1 \*\.json file\(s\) directly.*flat\/erd\//);
    expect(() => loadRecordingsFrom(join(root, 'good'), 'edr')).toThrow(/good\/edr: "edr" is not an API id; known: erd, kycaid, bank131, brainysoft/);
    expect(() => loadRecordingsFrom(join(root, 'stray'))).toThrow(/stray: kyciad\/ is not an API id/);
    expect(loadRecordingsFrom(join(root, 'stray'), 'erd')).toHaveLength(1);
  });

  it('names a broken file with line and column, and a recording nested 100 000 levels deep in one line', () => {
    mkdirSync(join(root, 'broken', 'erd'), { recursive: true });
    writeFileSync(join(root, 'broken', 'erd', 'cut.json'), '{\n  "operationId": ');
    expect(() => loadRecordingsFrom(join(root, 'broken'))).toThrow(/broken\/erd\/cut\.json:2:18: not valid JSON/);
    rmSync(join(root, 'broken', 'erd', 'cut.json'));
    const deep = JSON.stringify(DEBTOR).replace('"iin":"010203040506"', `"iin":${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    writeFileSync(join(root, 'broken', 'erd', 'deep.json'), deep);
    expect(() => loadRecordingsFrom(join(root, 'broken'))).toThrow(/^[^\n]*broken\/erd\/deep\.json:1:\d+: nested deeper than 256 levels at \$\.request\.body\.iin\[0\]\[0\][^\n]*$/);
  });
});
