/** The two keys go where each API wants them: the flow key to the flow calls, the Backend key to the backend chain. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, json, startLoopbackServer } from '../testing/loopback-server.js';
import { InvalidWebhookEventError } from './webhooks.js';
import { createBiometricClient, flowUrl } from './index.js';
import { biometricManifest } from './manifest.js';

const [backend, flow] = biometricManifest.credentials.map((c) => c.fake) as [string, string];
const SESSION = '70f5e424-07a9-4393-ba31-7f3de8681a72';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(undefined, { lifetimeMs: 60_000 });
});
afterAll(() => server.close());

const client = () => createBiometricClient({ apiKey: backend, flowApiKey: flow, baseUrl: server.url });
const sentBody = (index = 0) => JSON.parse(server.received[index]!.bodyText) as Record<string, unknown>;

describe('createBiometricClient', () => {
  it('creates a session with the flow key as api_key, never the Backend key', async () => {
    server.handle(() => json(200, { session_id: SESSION, technologies: ['LD'] }));
    await expect(client().createFlowSession({ body: { metadata: { order: 'A-1' } } })).resolves.toEqual({ session_id: SESSION, technologies: ['LD'] });
    expect(sentBody()).toEqual({ api_key: flow, metadata: { order: 'A-1' } });
    await client().createFlowSession();
    expect(sentBody(1)).toEqual({ api_key: flow });
  });

  it('sends the Backend key to the backend chain', async () => {
    server.handle(() => json(200, { backend_session_id: 'b-1' }));
    await client().requestEDocument({ body: { iin: '010203040506', phone: '+77000000000' } });
    expect(sentBody()).toEqual({ api_key: backend, iin: '010203040506', phone: '+77000000000' });
  });

  it('reads a session result with the flow key as flow_api_key', async () => {
    server.handle(() => json(200, { status: 'PROGRESS' }));
    await client().getSessionResult(SESSION);
    const url = new URL(server.received[0]!.url, server.url);
    expect(url.searchParams.get('flow_api_key')).toBe(flow);
    expect(url.searchParams.get('session_id')).toBe(SESSION);
  });

  it('without flowApiKey, the flow calls say what is missing before sending anything', async () => {
    server.handle(() => json(200, {}));
    const backendOnly = createBiometricClient({ apiKey: backend, baseUrl: server.url });
    expect(() => backendOnly.createFlowSession()).toThrow(/flowApiKey/);
    expect(() => backendOnly.getSessionResult(SESSION)).toThrow(/flowApiKey/);
    expect(server.received).toHaveLength(0);
  });

  it('verifyWebhook rejects a body that is no technology event without calling the vendor', async () => {
    server.handle(() => json(200, {}));
    await expect(client().verifyWebhook('{"event":"technology.finish"}')).rejects.toBeInstanceOf(InvalidWebhookEventError);
    expect(server.received).toHaveLength(0);
  });

  it('builds the flow page URL', () => {
    expect(flowUrl(SESSION)).toBe(`https://remote.biometric.kz/flow/${SESSION}`);
    expect(flowUrl('a/b')).toBe('https://remote.biometric.kz/flow/a%2Fb');
  });
});
