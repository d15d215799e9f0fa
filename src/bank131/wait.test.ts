/** waitForCheck: a hard deadline whatever the client's retry policy, transient failures ridden out within it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, json, startLoopbackServer } from '../testing/loopback-server.js';
import type { CallOptions } from '../core/client.js';
import { ApiError, NetworkError, ResponseValidationError, TimeoutError } from '../core/errors.js';
import { createBank131Client } from './index.js';
import { bank131Manifest } from './manifest.js';
import { waitForCheck } from './wait.js';

const pending = json(200, { status: 'pending', data: { id: '7', description: 'Check in progress' } });
const ok = json(200, { status: 'ok', data: { id: '7', description: 'valid' } });
const fake = bank131Manifest.credentials[0]!.fake;

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(undefined, { lifetimeMs: 120_000 });
});
afterAll(() => server.close());

const client = (options: { timeoutMs?: number; retry?: number } = {}) => createBank131Client({ partnerProject: fake, baseUrl: server.url, ...options });
const timed = async <T>(promise: Promise<T>) => {
  const started = Date.now();
  const outcome = await promise.then(
    (value) => ({ value, error: undefined as unknown }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...outcome, ms: Date.now() - started };
};

describe('waitForCheck over HTTP', () => {
  it('rides out one transient 500 mid-wait', async () => {
    server.handle((_req, index) => (index === 0 ? pending : index === 1 ? json(500, { status: 'error', error: { description: 'internal' } }) : ok));
    await expect(client().waitForCheck('7', { interval: 10, timeout: 5_000 })).resolves.toMatchObject({ status: 'ok' });
    expect(server.received).toHaveLength(3);
  });

  it('rides out a reset connection, an HTML 502 and a poll that times out', async () => {
    server.handle((_req, index) =>
      [{ status: 200, fault: 'reset-before-headers' as const }, { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>502</html>' }, { ...pending, fault: 'hang' as const }][index] ?? ok,
    );
    await expect(client({ timeoutMs: 200 }).waitForCheck('7', { interval: 10, timeout: 10_000 })).resolves.toMatchObject({ status: 'ok' });
    expect(server.received).toHaveLength(4);
  });

  it('keeps a hard deadline with client retries and slow failing answers, naming the last failure', async () => {
    server.handle(() => ({ ...json(503, { status: 'error', error: { description: 'busy' } }), delayMs: 300 }));
    const { error, ms } = await timed(client({ retry: 3 }).waitForCheck('7', { interval: 50, timeout: 1_000 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(2_000);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
    expect((error as TimeoutError).cause).toBeInstanceOf(ApiError);
    expect(((error as TimeoutError).cause as ApiError).status).toBe(503);
    expect((error as Error).message).toMatch(/the last status request failed/);
  });

  it('keeps a hard deadline when every poll hangs', async () => {
    server.handle(() => ({ status: 200, fault: 'hang' }));
    const { error, ms } = await timed(client({ retry: 3 }).waitForCheck('7', { interval: 50, timeout: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(1_000);
    // Not "still pending": no status request ever answered, and the error says so.
    expect((error as Error).message).toMatch(/the last status request failed/);
    expect((error as TimeoutError).cause).toBeInstanceOf(Error);
  });

  it('reports the last network failure as the cause', async () => {
    server.handle(() => ({ status: 200, fault: 'reset-before-headers' }));
    const { error, ms } = await timed(client().waitForCheck('7', { interval: 20, factor: 1, timeout: 300 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toBeInstanceOf(NetworkError);
    expect(ms).toBeLessThan(600);
  });

  it('with client timeoutMs 0, polls have no limit of their own (a slow answer is still an answer)', async () => {
    // Its own check id: a request an earlier test's deadline cut short may still reach the server, late, as check 7.
    let polls = 0;
    server.handle((req) => (req.url.endsWith('/70') ? { ...(polls++ < 1 ? pending : ok), delayMs: 60 } : pending));
    await expect(client({ timeoutMs: 0 }).waitForCheck('70', { interval: 10, timeout: 5_000 })).resolves.toMatchObject({ status: 'ok' });
    expect(server.received.filter((req) => req.url.endsWith('/70'))).toHaveLength(2);
  });

  it('with wait timeout 0, waits without a deadline', async () => {
    server.handle((_req, index) => (index < 2 ? pending : ok));
    await expect(client({ timeoutMs: 0 }).waitForCheck('7', { interval: 10, timeout: 0 })).resolves.toMatchObject({ status: 'ok' });
  });

  it('ends at once on an error outcome or a 4xx', async () => {
    server.handle(() => json(200, { status: 'error', error: { code: 'passport_validation_failure', description: 'bad passport' } }));
    await expect(client().waitForCheck('7', { interval: 10, timeout: 5_000 })).rejects.toMatchObject({ name: 'ApiError', vendorCode: 'passport_validation_failure' });
    expect(server.received).toHaveLength(1);
    server.handle(() => json(404, { status: 'error', error: { description: 'not found' } }));
    await expect(client().waitForCheck('7', { interval: 10, timeout: 5_000 })).rejects.toMatchObject({ status: 404 });
    expect(server.received).toHaveLength(1);
  });

  it('rejects a body that is no status envelope with ResponseValidationError, never a TypeError', async () => {
    for (const body of [null, 7, 'text', {}, { status: 'weird' }]) {
      server.handle(() => json(200, body));
      const error = await client().waitForCheck('7', { interval: 10, timeout: 5_000 }).catch((e: unknown) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(ResponseValidationError);
    }
  });
});

describe('waitForCheck (the loop)', () => {
  const op = { method: 'GET' };

  it('gives each status request the client default limit when the client sets none, and never more than is left', async () => {
    const limits: Array<number | undefined> = [];
    const getStatus = async (_id: string, init: CallOptions) => {
      limits.push(init.timeoutMs);
      return limits.length < 2 ? { status: 'pending' } : { status: 'ok' };
    };
    await waitForCheck('7', getStatus, { ...op, interval: 1, timeout: 10 * 60_000 });
    expect(limits.every((limit) => limit !== undefined && limit > 0 && limit <= 30_000)).toBe(true);
    limits.length = 0;
    await waitForCheck('7', getStatus, { ...op, interval: 1, timeout: 500, callTimeoutMs: 60_000 });
    expect(limits.every((limit) => limit !== undefined && limit > 0 && limit <= 500)).toBe(true);
    limits.length = 0;
    await waitForCheck('7', getStatus, { ...op, interval: 1, timeout: 0, callTimeoutMs: 0 });
    expect(limits).toEqual([0, 0]);
  });

  it('stops with the caller\'s reason when the caller aborts', async () => {
    const controller = new AbortController();
    const getStatus = async () => ({ status: 'pending' });
    setTimeout(() => controller.abort(new Error('shutting down')), 30);
    await expect(waitForCheck('7', getStatus, { ...op, interval: 5, signal: controller.signal })).rejects.toThrow('shutting down');
  });

  it('reports "still pending" without a cause when nothing failed', async () => {
    const error = (await waitForCheck('9', async () => ({ status: 'pending' }), { ...op, interval: 10, timeout: 100 }).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('check 9 still pending');
    expect(error.cause).toBeUndefined();
  });
});
