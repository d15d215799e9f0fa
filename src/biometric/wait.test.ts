/** waitForSessionResult through the client: settles on FINISHED with a verdict, rides out transient failures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, json, startLoopbackServer } from '../testing/loopback-server.js';
import { ApiError, TimeoutError } from '../core/errors.js';
import { createBiometricClient } from './index.js';
import { biometricManifest } from './manifest.js';
import { isSettled, waitForSessionResult } from './wait.js';

const [backend, flow] = biometricManifest.credentials.map((c) => c.fake) as [string, string];
const SESSION = '70f5e424-07a9-4393-ba31-7f3de8681a72';
const progress = json(200, { id: SESSION, status: 'PROGRESS', liveness_result: {} });
const finished = (verdict: boolean) => json(200, { id: SESSION, status: 'FINISHED', flow_session_result: verdict, flow_session_failure_reasons: [] });

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(undefined, { lifetimeMs: 120_000 });
});
afterAll(() => server.close());

const client = (options: { timeoutMs?: number; retry?: number } = {}) => createBiometricClient({ apiKey: backend, flowApiKey: flow, baseUrl: server.url, ...options });
const fast = { interval: 5, factor: 1, timeout: 10_000 } as const;

describe('isSettled', () => {
  it('needs FINISHED and a boolean verdict', () => {
    expect(isSettled({ status: 'FINISHED', flow_session_result: true })).toBe(true);
    expect(isSettled({ status: 'FINISHED', flow_session_result: false })).toBe(true);
    expect(isSettled({ status: 'FINISHED' })).toBe(false);
    expect(isSettled({ status: 'FINISHED', flow_session_result: null })).toBe(false);
    expect(isSettled({ status: 'PROGRESS', flow_session_result: true })).toBe(false);
  });
});

describe('waitForSessionResult over HTTP', () => {
  it('polls with the flow key until FINISHED, then resolves with the result', async () => {
    server.handle((_req, index) => (index < 2 ? progress : finished(true)));
    await expect(client().waitForSessionResult(SESSION, fast)).resolves.toMatchObject({ status: 'FINISHED', flow_session_result: true });
    expect(server.received).toHaveLength(3);
    const url = new URL(server.received[0]!.url, server.url);
    expect(url.pathname).toBe('/api/v1/flows/session/result/');
    expect(Object.fromEntries(url.searchParams)).toEqual({ session_id: SESSION, flow_api_key: flow });
  });

  it('keeps polling a FINISHED session whose verdict is not there yet, and resolves a failed session too', async () => {
    server.handle((_req, index) => (index === 0 ? json(200, { id: SESSION, status: 'FINISHED', liveness_result: {} }) : finished(false)));
    await expect(client().waitForSessionResult(SESSION, fast)).resolves.toMatchObject({ flow_session_result: false });
    expect(server.received).toHaveLength(2);
  });

  it('rides out a 500 and a reset connection', async () => {
    server.handle((_req, index) => [json(500, { detail: 'Internal' }), { status: 200, fault: 'reset-before-headers' as const }][index] ?? finished(true));
    await expect(client().waitForSessionResult(SESSION, fast)).resolves.toMatchObject({ flow_session_result: true });
    expect(server.received).toHaveLength(3);
  });

  it('ends at once on a 404 (an unknown session, or another flow key)', async () => {
    server.handle(() => json(404, { detail: 'Not found.' }));
    const error = await client().waitForSessionResult(SESSION, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, vendorMessage: 'Not found.' });
    expect(server.received).toHaveLength(1);
  });

  it('honours Retry-After: a pause the deadline cannot hold ends the wait instead of polling on', async () => {
    server.handle(() => json(503, { detail: 'busy' }, { 'retry-after': '60' }));
    const error = await client().waitForSessionResult(SESSION, { interval: 5, factor: 1, maxInterval: 120_000, timeout: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toMatchObject({ status: 503 });
    expect(server.received).toHaveLength(1);
  });

  it('names the last status even when the deadline cuts a slow request short', async () => {
    server.handle((_req, index) => (index === 0 ? progress : { ...progress, fault: 'hang' as const }));
    // Room enough for the first answer however slow the machine: the deadline then falls on the hanging second request.
    const error = await client().waitForSessionResult(SESSION, { interval: 5, factor: 1, timeout: 1_500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/not finished \(last status PROGRESS\)/);
    // The cut request stays the cause (the client's TimeoutError or the deadline's abort, whichever fired first).
    expect((error as TimeoutError).cause).toBeDefined();
  });

  it('says when no request ever answered', async () => {
    server.handle(() => ({ ...progress, fault: 'hang' as const }));
    const error = await client().waitForSessionResult(SESSION, { interval: 5, factor: 1, timeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/the last result request failed/);
  });

  it('gives up at the deadline naming the last status', async () => {
    server.handle(() => progress);
    const error = await client().waitForSessionResult(SESSION, { interval: 20, factor: 1, timeout: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/session 70f5e424-07a9-4393-ba31-7f3de8681a72 not finished \(last status PROGRESS\)/);
    expect((error as TimeoutError).operation).toMatchObject({ api: 'biometric', path: '/api/v1/flows/session/result/' });
  });

  it('stops when the caller aborts', async () => {
    server.handle(() => progress);
    const controller = new AbortController();
    const waiting = client().waitForSessionResult(SESSION, { ...fast, signal: controller.signal });
    controller.abort(new Error('user left'));
    await expect(waiting).rejects.toThrow('user left');
  });
});

describe('waitForSessionResult inputs', () => {
  it('needs a session id and a flow key, and says so', async () => {
    await expect(waitForSessionResult('', async () => ({}))).rejects.toThrow(/session id/);
    const noFlowKey = createBiometricClient({ apiKey: backend, baseUrl: 'http://127.0.0.1:9' });
    expect(() => noFlowKey.waitForSessionResult(SESSION)).toThrow(/flowApiKey/);
  });
});
