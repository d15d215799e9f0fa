/**
 * The hand-written helpers that do more than one step (read a file, sign, two calls) hold the caller's deadline
 * over all of it, exactly as a single call does: a step that never ends is a TimeoutError at `timeoutMs`.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank131Client } from '../bank131/index.js';
import { createBrainysoftClient } from '../brainysoft/index.js';
import { createKycaidClient } from '../kycaid/index.js';
import { type LoopbackServer, json, startLoopbackServer } from '../testing/loopback-server.js';
import { ResponseValidationError, TimeoutError } from './errors.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

const never = <T>() => new Promise<T>(() => {});

describe('deadlines over helpers', () => {
  it('kycaid uploadFile: a file stream that never ends times out at timeoutMs', async () => {
    const kycaid = createKycaidClient({ apiToken: 'example0kycaid0api0token000000000000', baseUrl: server.url, timeoutMs: 150 });
    const endless = new Readable({ read() {} });
    const started = Date.now();
    const error = await kycaid.uploadFile(endless, { contentType: 'image/jpeg' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).operation).toMatchObject({ api: 'kycaid', method: 'POST', path: '/files' });
    expect(Date.now() - started).toBeLessThan(5_000);
    endless.destroy();
  });

  it('bank131 submitCheck: a signer that never answers times out at timeoutMs, and nothing is sent', async () => {
    server.handle(() => json(200, { status: 'pending', data: { id: '7', description: 'Check in progress' } }));
    const bank = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: server.url, timeoutMs: 150, sign: never });
    const error = await bank.submitCheck({ inn: '000000000000' } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.received).toHaveLength(0);
  });

  it('brainysoft createClient: both stages share one deadline', async () => {
    // Each stage alone fits in the limit; together they do not.
    server.handle((request) => ({ ...json(200, request.url.endsWith('/init') ? { status: 'ok', timestamp: 1, data: {} } : { status: 'ok', timestamp: 1, data: 1 }), delayMs: 200 }));
    const bs = createBrainysoftClient({ baseUrl: server.url, token: 'example-brainysoft-bsauth-token', timeoutMs: 300 });
    const error = await bs.createClient({} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    // Before, each stage had the whole 300 ms: both answered in 200 ms and the call resolved.
    expect(server.received[0]?.url).toBe('/main/clients/init');
  });

  it('brainysoft createClient: an init answer that is no template is a ResponseValidationError, not a TypeError', async () => {
    server.handle(() => json(200, { status: 'ok', timestamp: 1, data: null }));
    const bs = createBrainysoftClient({ baseUrl: server.url, token: 'example-brainysoft-bsauth-token' });
    const error = await bs.createClient({} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).operation.path).toBe('/main/clients/init');
  });
});
