/** waitForLeadCheck through the client over loopback HTTP: settles, rides out transient failures, keeps its deadline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, TimeoutError } from '../core/errors.js';
import { type LoopbackServer, json, startLoopbackServer } from '../testing/loopback-server.js';
import { createBrainysoftClient } from './index.js';
import { isLeadCheckSettled } from './lead-check.js';

const lead = (currentStatus: string, extra: Record<string, unknown> = {}) =>
  json(200, { status: 'ok', timestamp: 1, data: { id: 3692, firstName: 'Тест', mobilePhone: '70000000001', currentStatus, loanApplicationId: null, ...extra } });

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(undefined, { lifetimeMs: 120_000 });
});
afterAll(() => server.close());

const client = (timeoutMs?: number) => createBrainysoftClient({ baseUrl: server.url, token: 'example-bsauth-token', ...(timeoutMs ? { timeoutMs } : {}) });

describe('waitForLeadCheck', () => {
  it('polls the lead until it is approved and names its application, riding out a 503 and a 502 page', async () => {
    const answers = [
      lead('WAITING'),
      json(503, { status: 'error', timestamp: 1, data: 'busy' }),
      lead('CHECK'),
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>502</html>' },
      lead('APPROVED'),
      lead('APPROVED', { clientId: 1001, loanApplicationId: 5001 }),
    ];
    server.handle((_req, index) => answers[index] ?? lead('APPROVED', { loanApplicationId: 9 }));
    const settled = await client().waitForLeadCheck(3692, { interval: 1, factor: 1, timeout: 10_000 });
    expect(settled).toMatchObject({ id: 3692, currentStatus: 'APPROVED', clientId: 1001, loanApplicationId: 5001 });
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(Array(6).fill('GET /main/leads/3692'));
    expect(server.received.every((r) => r.headers['bsauth'] === 'example-bsauth-token')).toBe(true);
  });

  it('settles on DENIED without an application', async () => {
    server.handle((_req, index) => (index === 0 ? lead('CHECK') : lead('DENIED', { denialReasonId: 101557 })));
    await expect(client().waitForLeadCheck(3692, { interval: 1, timeout: 10_000 })).resolves.toMatchObject({ currentStatus: 'DENIED', denialReasonId: 101557 });
    expect(server.received).toHaveLength(2);
  });

  it('ends at once on an error envelope with HTTP 200, and on a 404', async () => {
    server.handle(() => json(200, { status: 'error', timestamp: 1, data: { code: 'LEAD_NOT_FOUND', message: 'no lead' } }));
    const refused = (await client().waitForLeadCheck(3692, { interval: 1, timeout: 10_000 }).catch((e: unknown) => e)) as ApiError;
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 200, vendorCode: 'LEAD_NOT_FOUND' });
    expect(server.received).toHaveLength(1);

    server.handle(() => json(404, { status: 'error', timestamp: 1, data: { code: 'not-found' } }));
    await expect(client().waitForLeadCheck(3692, { interval: 1, timeout: 10_000 })).rejects.toMatchObject({ status: 404 });
    expect(server.received).toHaveLength(1);
  });

  it('honours Retry-After on a 503 when its own backoff would outlast the deadline', async () => {
    server.handle((_req, index) => (index === 0 ? { ...json(503, { status: 'error', timestamp: 1, data: 'busy' }), headers: { 'content-type': 'application/json', 'retry-after': '0' } } : lead('DENIED')));
    await expect(client().waitForLeadCheck(3692, { interval: 60_000, timeout: 5_000 })).resolves.toMatchObject({ currentStatus: 'DENIED' });
    expect(server.received).toHaveLength(2);
  });

  it('gives up at its deadline: a check still running, or a core that keeps failing', async () => {
    server.handle(() => lead('CHECK'));
    const running = (await client().waitForLeadCheck(3692, { interval: 20, timeout: 2_000 }).catch((e: unknown) => e)) as TimeoutError;
    expect(running).toBeInstanceOf(TimeoutError);
    expect(running.message).toMatch(/lead 3692: check not settled/);

    server.handle(() => json(502, { status: 'error', timestamp: 1, data: 'gateway' }));
    const failing = (await client().waitForLeadCheck(3692, { interval: 5, timeout: 300 }).catch((e: unknown) => e)) as TimeoutError;
    expect(failing).toBeInstanceOf(TimeoutError);
    expect(failing.cause).toBeInstanceOf(ApiError);
    expect((failing.cause as ApiError).status).toBe(502);
  });

  it('keeps the deadline when every request hangs, the client’s own limit notwithstanding', async () => {
    server.handle(() => ({ status: 200, fault: 'hang' }));
    const error = (await client(60_000).waitForLeadCheck(3692, { interval: 5, timeout: 300 }).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(300);
  });
});

describe('isLeadCheckSettled', () => {
  it('ends on APPROVED (with its application), DENIED and TIMEOUT; not on any other or unknown status', () => {
    expect(isLeadCheckSettled({ currentStatus: 'APPROVED', loanApplicationId: 1 })).toBe(true);
    expect(isLeadCheckSettled({ currentStatus: 'APPROVED', loanApplicationId: null })).toBe(false);
    expect(isLeadCheckSettled({ currentStatus: 'APPROVED' }, { awaitApplication: false })).toBe(true);
    expect(isLeadCheckSettled({ currentStatus: 'DENIED' })).toBe(true);
    expect(isLeadCheckSettled({ currentStatus: 'TIMEOUT' })).toBe(true);
    for (const status of ['WAITING', 'CHECK', 'SCORISTA_OK', 'UNDEFINED', 'SOMETHING_NEW']) expect(isLeadCheckSettled({ currentStatus: status }), status).toBe(false);
    expect(isLeadCheckSettled({ currentStatus: null })).toBe(false);
    expect(isLeadCheckSettled(undefined)).toBe(false);
    expect(isLeadCheckSettled({ currentStatus: 'UNDEFINED' }, { settledStatuses: ['UNDEFINED'] })).toBe(true);
  });
});
