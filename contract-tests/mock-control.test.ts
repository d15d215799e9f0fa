/**
 * The mock as a test double, end to end over loopback: overrides, faults, delays, the request journal, callback
 * control, reset scopes and the control API's own document, each over HTTP with plain `fetch` (a service-like
 * consumer that never sends `Prefer`) and through `startMock()`'s handle. These tests start their own hosts, so the
 * state is theirs.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyCallback } from '../src/kycaid/callbacks.js';
import { ControlError, type MockHost, startMock } from '../scripts/testing/index.js';

const ERD_KEY = 'example-erd-backend-api-key-0000000000000000000000';
const TOKEN = '0123456789abcdef0123456789abcdef0123';
const JSON_HEADERS = { 'content-type': 'application/json' };
const KYCAID = { authorization: `Token ${TOKEN}`, ...JSON_HEADERS };
const BANK = { 'x-partner-project': 'example-partner-project', ...JSON_HEADERS };

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body };
}
const post = (url: string, body: unknown, headers: Record<string, string> = JSON_HEADERS) => call(url, { method: 'POST', headers, body: JSON.stringify(body) });
const erdLookup = (base: string, iin: string, init: RequestInit = {}) =>
  call(`${base}/api/v1/backend/erd/retrieve/`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ api_key: ERD_KEY, iin }), ...init });
/** The error a failed fetch carries: undici puts the socket's code (or message) in `cause`. */
const failure = (url: string, init: RequestInit = {}) =>
  fetch(url, init).then(
    () => 'answered',
    (error: Error) => ((error.cause as NodeJS.ErrnoException | undefined)?.code ?? (error.cause as Error | undefined)?.message ?? error.name),
  );

let mock: MockHost;
beforeAll(async () => {
  mock = await startMock({ quiet: true, polls: 0, callbackTimeoutMs: 500 });
});
afterAll(() => mock.stop());
afterEach(() => mock.reset());

describe('overrides over HTTP', () => {
  it('answers the documented example of a status, once, then the workflow again; the journal says who answered', async () => {
    const erd = mock.urls['erd']!;
    const created = await post(`${erd}/__mock/overrides`, { api: 'erd', operationId: 'retrieveErd', respond: { status: 503 }, times: 1 });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(`${erd}/__mock/overrides`)).body.overrides).toEqual([expect.objectContaining({ id: created.body.id, remaining: 1, used: 0 })]);

    const first = await erdLookup(erd, '900101300123');
    expect(first).toMatchObject({ status: 503, body: { detail: 'ERD service not available now' } });
    expect(first.headers.get('sl-violations')).toBeNull();
    const second = await erdLookup(erd, '900101300123');
    expect(second).toMatchObject({ status: 200, body: { status: 'RECEIVED' } });
    expect((await call(`${erd}/__mock/overrides`)).body.overrides).toEqual([]);

    const journal = (await call(`${erd}/__mock/requests?operationId=retrieveErd`)).body;
    expect(journal.requests.map((r: any) => [r.answeredBy, r.status, r.overrideId])).toEqual([
      ['override', 503, created.body.id],
      ['workflow', 200, undefined],
    ]);
  });

  it('matches on the body, path parameters and headers, newest first; a body of its own; removes by id and all', async () => {
    const all = mock.allUrl;
    const own = { backend_session: '5d7f2a52-0b0e-4d0b-9c53-a8a9b7b6a3c1', status: 'RECEIVED', personal_number: '900101300777', result_json: [] };
    const broad = await post(`${all}/__mock/overrides`, { api: 'erd', operationId: 'retrieveErd', respond: { status: 200, body: own, headers: { 'x-trace': 'a' } } });
    const narrow = await post(`${all}/erd/__mock/overrides`, { api: 'erd', operationId: 'retrieveErd', match: { body: { iin: '900101300404' } }, respond: { status: 400, example: 'no_subscription' } });
    expect([broad.status, narrow.status]).toEqual([201, 201]);
    const mine = await erdLookup(`${all}/erd`, '900101300404');
    expect(mine).toMatchObject({ status: 400, body: { detail: 'Client does not have subscription' } });
    const other = await erdLookup(`${all}/erd`, '900101300123');
    expect(other).toMatchObject({ status: 200, body: own });
    expect(other.headers.get('x-trace')).toBe('a');
    expect(other.headers.get('sl-violations')).toBeNull();

    const bank = mock.urls['bank131']!;
    await post(`${bank}/__mock/overrides`, { api: 'bank131', operationId: 'getCheck', match: { path: { id: 42 }, headers: { 'X-Partner-Project': 'example-partner-project' } }, respond: { status: 200, example: 'ok' } });
    expect((await call(`${bank}/api/v1.1/check/42`, { headers: BANK })).body).toMatchObject({ status: 'ok', data: { id: '7' } });
    expect((await call(`${bank}/api/v1.1/check/43`, { headers: BANK })).body).toMatchObject({ status: 'error', error: { code: 'request_not_found' } });

    expect((await call(`${all}/__mock/overrides/${narrow.body.id}`, { method: 'DELETE' })).body).toEqual({ removed: 1 });
    expect((await call(`${all}/__mock/overrides/${narrow.body.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await erdLookup(`${all}/erd`, '900101300404')).body).toEqual(own);
    expect((await call(`${all}/__mock/overrides`, { method: 'DELETE' })).body).toEqual({ removed: 2 });
    expect((await erdLookup(`${all}/erd`, '900101300404')).body).toEqual({ detail: 'Subject not found in ERD' });
  });

  it('answers instead of the workflow: no state changes', async () => {
    const bank = mock.urls['bank131']!;
    expect((await post(`${bank}/__mock/overrides`, { api: 'bank131', operationId: 'createCheck', respond: { status: 200, example: 'accepted' } })).status).toBe(201);
    const answer = await post(`${bank}/api/v1.1/check`, { inn: '000000000000' }, BANK);
    expect(answer.body).toMatchObject({ status: 'pending', data: { id: expect.any(String) } });
    expect(mock.requests({ api: 'bank131' }).requests[0]).toMatchObject({ answeredBy: 'override', valid: false });
    expect(mock.state()).toMatchObject({ bank131: { checks: [] } });
  });

  it('refuses what the spec does not allow, with the violation, unless unchecked', async () => {
    const erd = mock.urls['erd']!;
    const undocumented = await post(`${erd}/__mock/overrides`, { api: 'erd', operationId: 'retrieveErd', respond: { status: 418 } });
    expect(undocumented).toMatchObject({ status: 400, body: { field: 'respond.status', type: 'urn:kyc-contracts:mock:answer-not-allowed' } });
    expect(undocumented.headers.get('content-type')).toBe('application/problem+json');
    const wrongBody = await post(`${erd}/__mock/overrides`, { api: 'erd', operationId: 'retrieveErd', respond: { status: 200, body: { status: 42 } } });
    expect(wrongBody).toMatchObject({ status: 400, body: { field: 'respond.body' } });
    expect(wrongBody.body.violations).toEqual(expect.arrayContaining([expect.objectContaining({ location: ['response', 'body', 'status'] })]));
    expect((await call(`${erd}/__mock/overrides`)).body.overrides).toEqual([]);

    const unchecked = await post(`${erd}/__mock/overrides`, { api: 'erd', operationId: 'retrieveErd', respond: { status: 418, body: 'teapot', headers: { 'content-type': 'text/plain' } }, unchecked: true });
    expect(unchecked.status).toBe(201);
    const answer = await erdLookup(erd, '900101300123');
    expect(answer).toMatchObject({ status: 418, body: 'teapot' });
    expect(answer.headers.get('sl-violations')).toContain('response');
  });

  const BAD: Array<[string, unknown, string]> = [
    ['an unknown api', { api: 'nosuch', operationId: 'retrieveErd', respond: { status: 200 } }, 'api'],
    ['an unknown operationId', { api: 'erd', operationId: 'nosuch', respond: { status: 200 } }, 'operationId'],
    ['a missing respond', { api: 'erd', operationId: 'retrieveErd' }, 'respond'],
    ['an unknown field', { api: 'erd', operationId: 'retrieveErd', respond: { status: 200 }, priority: 1 }, 'priority'],
    ['times: 0', { api: 'erd', operationId: 'retrieveErd', respond: { status: 200 }, times: 0 }, 'times'],
    ['a negative delay', { api: 'erd', operationId: 'retrieveErd', respond: { status: 200 }, delayMs: -1 }, 'delayMs'],
    ['a match on an unknown kind', { api: 'erd', operationId: 'retrieveErd', match: { cookies: { a: 1 } }, respond: { status: 200 } }, 'match.cookies'],
    ['an unknown fault', { api: 'erd', operationId: 'retrieveErd', respond: { fault: 'explode' } }, 'respond.fault'],
    ['a fault with a status', { api: 'erd', operationId: 'retrieveErd', respond: { fault: 'reset', status: 200 } }, 'respond.status'],
    ['an unknown example', { api: 'erd', operationId: 'retrieveErd', respond: { status: 400, example: 'nosuch' } }, 'respond.example'],
    ['a body of 1 MB', { api: 'erd', operationId: 'retrieveErd', respond: { status: 200, body: { backend_session: 'x'.repeat(1024 * 1024) } } }, '(body)'],
    ['a body of 300 KB', { api: 'erd', operationId: 'retrieveErd', respond: { status: 200, body: { backend_session: 'x'.repeat(300 * 1024) } } }, 'respond.body'],
    ['an api of another port', { api: 'kycaid', operationId: 'getApplicant', respond: { status: 404 } }, 'api'],
  ];
  it.each(BAD)('answers 400 naming the field for %s, and changes nothing', async (_what, body, field) => {
    const answer = await post(`${mock.urls['erd']}/__mock/overrides`, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 400, field });
    expect(answer.body.detail).toContain(field === '(body)' ? 'larger than' : field);
    expect(mock.overrides()).toEqual([]);
  });

  it('answers 400 to a body that is not JSON, 404 to an unknown route and 405 to a wrong method', async () => {
    const erd = mock.urls['erd']!;
    expect((await call(`${erd}/__mock/overrides`, { method: 'POST', headers: JSON_HEADERS, body: '{' })).body).toMatchObject({ status: 400, field: '(body)' });
    const unknown = await call(`${erd}/__mock/nosuch`);
    expect(unknown).toMatchObject({ status: 404, body: { type: 'urn:kyc-contracts:mock:not-found' } });
    expect(unknown.body.detail).toContain('POST /__mock/overrides');
    const wrong = await call(`${erd}/__mock/requests`, { method: 'PUT' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, DELETE');
  });
});

describe('overrides through the handle', () => {
  it('registers, answers, lists, removes and clears, typed by the control API', async () => {
    const override = mock.override({ api: 'kycaid', operationId: 'getApplicant', match: { path: { applicant_id: 'a'.repeat(36) } }, respond: { status: 404 } });
    expect(mock.overrides()).toEqual([expect.objectContaining({ id: override.id, api: 'kycaid', remaining: null })]);
    const answer = await call(`${mock.urls['kycaid']}/applicants/${'a'.repeat(36)}`, { headers: KYCAID });
    expect(answer.status).toBe(404);
    expect(mock.requests({ api: 'kycaid' }).requests).toEqual([expect.objectContaining({ answeredBy: 'override', overrideId: override.id, operationId: 'getApplicant' })]);
    mock.removeOverride(override.id);
    expect(() => mock.removeOverride(override.id)).toThrow(ControlError);
    mock.override({ api: 'erd', operationId: 'retrieveErd', respond: { status: 503 } });
    mock.clearOverrides();
    expect(mock.overrides()).toEqual([]);
  });

  it('throws a ControlError naming the field, and registers nothing', () => {
    const error = (() => {
      try {
        mock.override({ api: 'erd', operationId: 'retrieveErd', respond: { status: 200 }, times: 0 });
      } catch (e) {
        return e as ControlError;
      }
    })();
    expect(error).toBeInstanceOf(ControlError);
    expect(error).toMatchObject({ status: 400, field: 'times' });
    expect(mock.overrides()).toEqual([]);
  });
});

describe('faults', () => {
  const bank = () => mock.urls['bank131']!;
  const createCheck = (signal?: AbortSignal) => failure(`${bank()}/api/v1.1/check`, { method: 'POST', headers: BANK, body: JSON.stringify({ inn: '000000000000' }), ...(signal ? { signal } : {}) });

  it('resets, closes empty or answers garbage, as the client sees it, without running the workflow', async () => {
    mock.override({ api: 'bank131', operationId: 'createCheck', respond: { fault: 'reset' }, times: 1 });
    await post(`${bank()}/__mock/overrides`, { api: 'bank131', operationId: 'createCheck', respond: { fault: 'empty' }, times: 1 });
    await post(`${bank()}/__mock/overrides`, { api: 'bank131', operationId: 'createCheck', respond: { fault: 'malformed' }, times: 1 });
    // Newest first: malformed, empty, reset.
    const malformed = await createCheck();
    const empty = await createCheck();
    const reset = await createCheck();
    expect(malformed).toMatch(/^HPE_/);
    expect(empty).toBe('UND_ERR_SOCKET');
    expect(reset).toBe('ECONNRESET');
    expect(mock.requests({ api: 'bank131' }).requests.map((r) => r.fault)).toEqual(['malformed', 'empty', 'reset']);
    expect(mock.state()).toMatchObject({ bank131: { checks: [] } });
  });

  it('hangs until the client gives up', async () => {
    mock.override({ api: 'bank131', operationId: 'createCheck', respond: { fault: 'hang' } });
    expect(await createCheck(AbortSignal.timeout(200))).toBe('TimeoutError');
    expect(mock.requests({ api: 'bank131' }).requests).toEqual([expect.objectContaining({ fault: 'hang', answeredBy: 'override' })]);
  });

  it('hangs until the mock stops, and stop() does not wait for it', async () => {
    const other = await startMock({ quiet: true, apis: ['erd'] });
    other.override({ api: 'erd', operationId: 'retrieveErd', respond: { fault: 'hang' } });
    const pending = failure(`${other.urls['erd']}/api/v1/backend/erd/retrieve/`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ api_key: ERD_KEY, iin: '900101300123' }) });
    for (let i = 0; i < 100 && other.requests().requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await other.stop();
    expect(await pending).not.toBe('answered');
  });
});

describe('latency', () => {
  it('per override: the answer comes after delayMs, so a client with a shorter time limit gives up', async () => {
    await post(`${mock.urls['erd']}/__mock/overrides`, { api: 'erd', operationId: 'retrieveErd', respond: { status: 200, example: 'debtor' }, delayMs: 20_000 });
    const outcome = await failure(`${mock.urls['erd']}/api/v1/backend/erd/retrieve/`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ api_key: ERD_KEY, iin: '1' }), signal: AbortSignal.timeout(200) });
    expect(outcome).toBe('TimeoutError');
  });

  it('per API (startMock latency, --latency): only that API is slow, and bad values are refused', async () => {
    const slow = await startMock({ quiet: true, apis: ['erd', 'bank131'], latency: { erd: 20_000 } });
    try {
      const outcome = await failure(`${slow.urls['erd']}/api/v1/backend/erd/retrieve/`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ api_key: ERD_KEY, iin: '1' }), signal: AbortSignal.timeout(200) });
      expect(outcome).toBe('TimeoutError');
      const fast = await call(`${slow.urls['bank131']}/api/v1.1/check/1`, { headers: BANK, signal: AbortSignal.timeout(10_000) });
      expect(fast.status).toBe(200);
    } finally {
      await slow.stop();
    }
    await expect(startMock({ quiet: true, apis: ['erd'], latency: { erd: -1 } })).rejects.toThrow(/latency for erd/);
    await expect(startMock({ quiet: true, apis: ['erd'], latency: { kycaid: 5 } })).rejects.toThrow(/kycaid, which is not served/);
  });
});

describe('the request journal', () => {
  it('lists requests oldest first with validity and violations, credentials masked, control requests left out', async () => {
    const kycaid = mock.urls['kycaid']!;
    await post(`${kycaid}/applicants`, { type: 'PERSON', first_name: 'John', last_name: 'Snow' }, KYCAID);
    const invalid = await erdLookup(mock.urls['erd']!, 'not-an-iin');
    await call(`${mock.urls['bank131']}/api/v1.1/check/1?page=1`, { headers: BANK });
    await call(`${mock.allUrl}/__mock/state`);

    const page = (await call(`${mock.allUrl}/__mock/requests`)).body;
    expect(page.dropped).toBe(0);
    expect(page.requests.map((r: any) => `${r.method} ${r.api} ${r.operationId}`)).toEqual(['POST kycaid createApplicant', 'POST erd retrieveErd', 'GET bank131 getCheck']);
    const [applicant, erd, check] = page.requests;
    expect(applicant).toMatchObject({ valid: true, violations: [], status: 200, answeredBy: 'workflow', body: { first_name: 'John' } });
    expect(applicant.headers.authorization).toBe('<redacted>');
    expect(erd).toMatchObject({ valid: false, status: invalid.status, answeredBy: 'prism', body: { api_key: '<redacted>', iin: 'not-an-iin' } });
    expect(erd.violations[0]).toMatchObject({ location: ['request', 'body', 'iin'], severity: 'Error' });
    expect(check).toMatchObject({ query: { page: '1' }, headers: { 'x-partner-project': '<redacted>' } });
    expect(JSON.stringify(page)).not.toContain(TOKEN);
    expect(JSON.stringify(page)).not.toContain(ERD_KEY);
    expect(Date.parse(applicant.at)).not.toBeNaN();

    expect((await call(`${mock.allUrl}/__mock/requests?api=erd`)).body.requests).toHaveLength(1);
    expect(mock.requests({ operationId: 'getCheck' }).requests).toHaveLength(1);
    expect((await call(`${mock.urls['erd']}/__mock/requests?api=kycaid`)).body).toMatchObject({ status: 400, field: 'api' });
    expect((await call(`${mock.urls['kycaid']}/__mock/requests`)).body.requests).toHaveLength(1);
    expect((await call(`${mock.allUrl}/__mock/requests`, { method: 'DELETE' })).body).toEqual({ removed: 3 });
    expect(mock.requests().requests).toEqual([]);
  });

  it('marks the answer to an invalid request as the mock’s, in a header and a body field the vendor never sends', async () => {
    const invalid = await call(`${mock.urls['erd']}/api/v1/backend/erd/retrieve/`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ api_key: 'short', iin: '900101300123' }) });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ detail: 'Subscription has not started', 'x-kyc-mock-violations': [{ location: ['request', 'body', 'api_key'] }] });
    expect(JSON.parse(invalid.headers.get('x-kyc-mock-violations')!)[0]).toMatchObject({ location: ['request', 'body', 'api_key'], severity: 'Error' });
    const business = await erdLookup(mock.urls['erd']!, '900101300400');
    expect(business.body).toEqual({ detail: 'Subscription has not started' });
    expect(business.headers.get('x-kyc-mock-violations')).toBeNull();
  });

  it('keeps a bounded number of entries and says how many it dropped', async () => {
    const small = await startMock({ quiet: true, apis: ['erd'], journalSize: 3 });
    try {
      for (let i = 0; i < 5; i++) await erdLookup(small.urls['erd']!, `90010130012${i}`);
      const page = (await call(`${small.urls['erd']}/__mock/requests`)).body;
      expect(page.dropped).toBe(2);
      expect(page.requests.map((r: any) => r.body.iin)).toEqual(['900101300122', '900101300123', '900101300124']);
    } finally {
      await small.stop();
    }
  });
});

describe('reset', () => {
  const seed = async () => {
    mock.override({ api: 'erd', operationId: 'retrieveErd', respond: { status: 503 } });
    mock.override({ api: 'bank131', operationId: 'getCheck', respond: { status: 200, example: 'ok' } });
    await post(`${mock.urls['bank131']}/api/v1.1/check`, { inn: '000000000000', agent_contract_number: 'R-1', signature: 'S' }, BANK);
    await erdLookup(mock.urls['erd']!, '900101300123');
  };
  const summary = () => ({
    overrides: mock.overrides().map((o) => o.api).sort(),
    requests: [...new Set(mock.requests().requests.map((r) => r.api))].sort(),
  });

  it('on an API’s port, or under /<api>/__mock/ on the one port, covers that API only', async () => {
    await seed();
    expect((await post(`${mock.urls['erd']}/__mock/reset`, {})).body).toEqual({ reset: ['erd'] });
    expect(summary()).toEqual({ overrides: ['bank131'], requests: ['bank131'] });
    expect((await post(`${mock.allUrl}/bank131/__mock/reset`, {})).body).toEqual({ reset: ['bank131'] });
    expect(summary()).toEqual({ overrides: [], requests: [] });
    expect(mock.state()).toMatchObject({ bank131: { checks: [] } });
  });

  it('on the one port’s root, and through the handle, covers everything', async () => {
    await seed();
    expect((await post(`${mock.allUrl}/__mock/reset`, {})).body.reset).toEqual(Object.keys(mock.urls));
    expect(summary()).toEqual({ overrides: [], requests: [] });
    await seed();
    mock.reset('erd');
    expect(summary()).toEqual({ overrides: ['bank131'], requests: ['bank131'] });
    mock.reset();
    expect(summary()).toEqual({ overrides: [], requests: [] });
    expect(() => mock.reset('nosuch')).toThrow(/not served/);
  });
});

describe('the control API’s own document', () => {
  it('is served on every port, and is OpenAPI 3.1 naming every route', async () => {
    for (const base of [mock.urls['erd']!, mock.allUrl, `${mock.allUrl}/kycaid`]) {
      const document = await call(`${base}/__mock/openapi.json`);
      expect(document.status).toBe(200);
      expect(document.body).toMatchObject({ openapi: '3.1.0', paths: { '/__mock/overrides': { post: { operationId: 'addOverride' } } } });
    }
  });
});

describe('callbacks', () => {
  interface Received {
    readonly body: Record<string, unknown>;
    readonly raw: string;
    readonly headers: IncomingHttpHeaders;
  }
  let receiver: Server;
  let received: Received[] = [];
  let answer: (req: Received) => { status: number; headers?: Record<string, string> } | 'hang' = () => ({ status: 200 });
  let url = '';
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const entry = { raw, body: JSON.parse(raw) as Record<string, unknown>, headers: req.headers };
        received.push(entry);
        const decided = answer(entry);
        if (decided !== 'hang') res.writeHead(decided.status, decided.headers).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });
  afterAll(() => {
    receiver.closeAllConnections();
    return new Promise<void>((resolve) => receiver.close(() => resolve()));
  });
  afterEach(() => {
    received = [];
    answer = () => ({ status: 200 });
  });

  async function verify(base = mock.urls['kycaid']!): Promise<string> {
    const applicant = await post(`${base}/applicants`, { type: 'PERSON', first_name: 'John', last_name: 'Snow' }, KYCAID);
    const verification = await post(`${base}/verifications`, { applicant_id: applicant.body.applicant_id, form_id: 'f'.repeat(36), callback_url: url }, KYCAID);
    return verification.body.verification_id as string;
  }
  const verificationStatus = (id: string) =>
    (mock.state() as { kycaid: { verifications: Array<{ verification_id: string; status: string }> } }).kycaid.verifications.find((v) => v.verification_id === id)?.status;

  it('journals every delivery: url, event, attempt, the receiver’s status', async () => {
    const id = await verify();
    await mock.idle();
    const page = (await call(`${mock.urls['kycaid']}/__mock/callbacks`)).body;
    expect(page.deliveries.map((d: any) => [d.event, d.subject, d.attempt, d.action, d.status, d.url])).toEqual([
      ['VERIFICATION_STATUS_CHANGED', id, 1, 'send', 200, url],
      ['VERIFICATION_COMPLETED', id, 1, 'send', 200, url],
    ]);
    expect(page.held).toEqual([]);
  });

  it('holds a callback until released (the state changes on time meanwhile), over HTTP', async () => {
    const rule = await post(`${mock.urls['kycaid']}/__mock/callbacks/rules`, { event: 'VERIFICATION_COMPLETED', action: 'hold' });
    expect(rule.status).toBe(201);
    const id = await verify();
    await mock.idle();
    expect(verificationStatus(id)).toBe('completed');
    expect(received.map((r) => r.body['type'])).toEqual(['VERIFICATION_STATUS_CHANGED']);
    const { held } = (await call(`${mock.allUrl}/__mock/callbacks`)).body;
    expect(held).toEqual([expect.objectContaining({ event: 'VERIFICATION_COMPLETED', subject: id, ruleId: rule.body.id })]);
    expect((await post(`${mock.allUrl}/__mock/callbacks/held/${held[0].id}/release`, {})).body).toEqual({ removed: 1 });
    await mock.idle();
    expect(received.map((r) => r.body['type'])).toEqual(['VERIFICATION_STATUS_CHANGED', 'VERIFICATION_COMPLETED']);
    expect((await post(`${mock.allUrl}/__mock/callbacks/held/${held[0].id}/release`, {})).status).toBe(404);
  });

  it('drops, duplicates, signs with a wrong key and delays, through the handle', async () => {
    mock.callbackRule({ event: 'VERIFICATION_STATUS_CHANGED', action: 'drop', times: 1 });
    mock.callbackRule({ event: 'VERIFICATION_COMPLETED', action: 'duplicate', times: 1 });
    await verify();
    await mock.idle();
    expect(received.map((r) => r.body['type'])).toEqual(['VERIFICATION_COMPLETED', 'VERIFICATION_COMPLETED']);
    expect(mock.callbacks().deliveries.map((d) => d.action)).toEqual(['drop', 'send', 'duplicate']);
    expect(received.every((r) => verifyCallback(r.raw, r.headers['x-data-integrity'] as string, TOKEN))).toBe(true);

    received = [];
    mock.callbackRule({ action: 'wrong-signature', times: 1 });
    mock.callbackRule({ action: 'delay', delayMs: 50, event: 'VERIFICATION_COMPLETED' });
    await verify();
    await mock.idle();
    const [changed, completed] = received;
    expect(verifyCallback(changed!.raw, changed!.headers['x-data-integrity'] as string, TOKEN)).toBe(false);
    expect(verifyCallback(completed!.raw, completed!.headers['x-data-integrity'] as string, TOKEN)).toBe(true);
    expect(mock.callbacks().deliveries.slice(-2).map((d) => d.action)).toEqual(['wrong-signature', 'delay']);
    mock.clearCallbackRules();
    expect((await call(`${mock.allUrl}/__mock/callbacks/rules`)).body.rules).toEqual([]);
  });

  it('refuses a bad rule naming the field', async () => {
    expect((await post(`${mock.allUrl}/__mock/callbacks/rules`, { action: 'explode' })).body).toMatchObject({ status: 400, field: 'action' });
    expect((await post(`${mock.allUrl}/__mock/callbacks/rules`, { action: 'delay' })).body).toMatchObject({ status: 400, field: 'delayMs' });
    expect((await post(`${mock.allUrl}/__mock/callbacks/rules`, { action: 'drop', api: 'nosuch' })).body).toMatchObject({ status: 400, field: 'api' });
    expect(mock.control.listCallbackRules({ apis: Object.keys(mock.urls), root: true }).rules).toEqual([]);
  });

  it('does not let a receiver that hangs hold the state back; each attempt times out on its own', async () => {
    answer = () => 'hang';
    const id = await verify();
    for (let i = 0; i < 200 && verificationStatus(id) !== 'completed'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(verificationStatus(id)).toBe('completed');
    expect(received.length).toBeLessThanOrEqual(1);
    mock.reset('kycaid');
  });

  it('honours Retry-After from the receiver, and logs failed deliveries (credentials masked) unless quiet', async () => {
    const logged: string[] = [];
    const loud = await startMock({ apis: ['kycaid'], log: (line) => logged.push(line) });
    try {
      let first = true;
      answer = () => (first ? ((first = false), { status: 503, headers: { 'retry-after': '0' } }) : { status: 200 });
      await verify(loud.urls['kycaid']);
      await loud.idle();
      expect(logged).toEqual([expect.stringMatching(/VERIFICATION_STATUS_CHANGED .* attempt 1\/4 failed \(HTTP 503\); retrying in 0 ms/)]);
      expect(loud.callbacks().deliveries.map((d) => d.status)).toEqual([503, 200, 200]);
      await post(`${loud.urls['kycaid']}/applicants`, { type: 'ALIEN' }, KYCAID);
      expect(logged[1]).toMatch(/^kycaid POST \/applicants \(createApplicant\): invalid request: request\.body\.type /);
      expect(logged.join('\n')).not.toContain(TOKEN);
    } finally {
      await loud.stop();
    }
  });
});

describe('quiet', () => {
  it('prints nothing for an invalid request with quiet: true, and one line without it', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const loud = await startMock({ apis: ['erd'] });
    try {
      await erdLookup(mock.urls['erd']!, 'not-an-iin');
      expect(spy).not.toHaveBeenCalled();
      await erdLookup(loud.urls['erd']!, 'not-an-iin');
      expect(spy.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^\[mock\] erd POST \/api\/v1\/backend\/erd\/retrieve\/ \(retrieveErd\): invalid request: request\.body\.iin /)]);
      await call(`${loud.urls['erd']}/api/v1/nowhere`);
      expect(String(spy.mock.calls[1]?.[0])).toMatch(/^\[mock\] erd GET \/api\/v1\/nowhere: 404 /);
    } finally {
      spy.mockRestore();
      await loud.stop();
    }
  });
});
