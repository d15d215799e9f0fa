/**
 * The leak test: a loopback vendor echoes every credential of every client back, in error bodies and headers, in
 * every spelling (verbatim, percent-encoded in either case, form-encoded, JSON-escaped, base64 and base64url with
 * and without padding, inside a `Basic user:secret`). No error a client or helper throws (message, stack,
 * vendorMessage, vendorCode, body, rawBody, headers, issues, cause chain), nothing printed, and no recording the
 * recorder writes may hold any spelling of any of them. The check here is independent of the masking code: it
 * searches the plain spellings and decodes every base64-looking run it finds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBank131Client } from '../src/bank131/index.js';
import { fetchBrainysoftToken } from '../src/brainysoft/token.js';
import type { CoreClient } from '../src/core/client.js';
import { listOperations } from '../src/core/spec.js';
import { MANIFESTS } from '../src/manifests.js';
import { REGISTRY } from '../src/registry.js';
import { credentialEchoes } from '../src/testing/echoes.js';
import { type CannedResponse, type LoopbackServer, startLoopbackServer } from '../src/testing/loopback-server.js';
import { InputError } from './lib/command.js';
import { assertNoCredentials, record } from './record.js';

/** One realistic secret per credential option: long, with the characters that encodings change (+ / = space-free). */
const secretFor = (api: string, option: string) => `Live+${api}/${option}=9f8e7d6c5b4a`;

/** The manifests' credential kinds (every non-public one), plus the helpers' own. */
const kinds = MANIFESTS.flatMap((manifest) =>
  manifest.credentials.filter((c) => !c.public).map((c) => ({ api: manifest.id, option: c.option, env: c.env, secret: secretFor(manifest.id, c.option) })),
);
const clientSecret = 'Brainy+Client/Secret=0123456789';
const signature = 'c2lnbmF0dXJl+Sig/Value=42424242';
const providedToken = 'Provided+Token/From=Provider99';
const ALL = [...kinds.map((k) => k.secret), clientSecret, signature, providedToken];

/** The credentials a client of `api` knows (and so must mask). */
const own = (api: string) => kinds.filter((k) => k.api === api).map((k) => k.secret);

/** Every spelling of every secret, as a vendor echoing them would send it. */
const echoText = (secrets: readonly string[]) => secrets.flatMap((secret) => Object.values(credentialEchoes(secret))).join(' | ');
/** Header values must be Latin-1 without line breaks: the echoes qualify (base64, percent-encoded, ASCII secrets). */
const echoHeaders = (secrets: readonly string[]) =>
  Object.fromEntries(secrets.flatMap((secret, i) => Object.entries(credentialEchoes(secret)).map(([label, text], j) => [`x-echo-${i}-${j}`, text.replace(/[^\x20-\x7e]/g, '') || label])));

/** A body every vendor dialect reads a message from: problem details, ERD `detail`, KYCAID errors, both envelopes. */
function echoBody(secrets: readonly string[], status: number): unknown {
  const text = echoText(secrets);
  return {
    status: 'error',
    detail: text,
    title: text,
    message: text,
    // A 5xx is no validation report (KYCAID's `validation` would not be retried).
    type: status < 500 ? 'validation' : 'server_error',
    errors: [{ parameter: 'field', message: text }],
    error: { code: 'partner_project_invalid', description: text },
    data: { code: 'E1', message: text },
    echo: { [secrets[0]!]: text },
  };
}

function answerWithEchoes(status: number, secrets: readonly string[], extraHeaders: Record<string, string> = {}): CannedResponse {
  const headers = echoHeaders(secrets);
  return {
    status,
    headers: { 'content-type': 'application/json', 'www-authenticate': `Basic realm="${headers['x-echo-0-9']}"`, ...headers, ...extraHeaders },
    body: JSON.stringify(echoBody(secrets, status)),
  };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The spellings of `secrets` found in `text`: [] when nothing leaked. Independent of the masking code. */
function leaksIn(text: string, secrets: readonly string[] = ALL): string[] {
  const found: string[] = [];
  secrets.forEach((secret, i) => {
    const plain = [
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      new URLSearchParams({ v: secret }).toString().slice(2),
      b64(secret).replace(/=+$/, ''),
      Buffer.from(secret).toString('base64url'),
    ];
    for (const spelling of plain) if (text.includes(spelling)) found.push(`secret ${i} as ${JSON.stringify(spelling.slice(0, 4))}…`);
    // Every base64-looking run, decoded from each of its first four characters (a run may start mid-quantum).
    for (const run of text.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []) {
      for (let start = 0; start < 4; start++) {
        const decoded = Buffer.from(run.slice(start).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
        if (decoded.includes(secret)) found.push(`secret ${i} inside base64 ${run.slice(0, 6)}…`);
      }
    }
  });
  return [...new Set(found)];
}

/** Everything an error tracker or a log could show of an error. */
function everythingOf(error: unknown): string {
  const parts: string[] = [String(error), inspect(error, { depth: 12, showHidden: true })];
  for (let e: unknown = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error) parts.push(e.message, e.stack ?? '');
    else parts.push(String(e));
    try {
      parts.push(JSON.stringify(e));
    } catch {
      // cycles are shown by inspect
    }
  }
  return parts.join('\n');
}

let server: LoopbackServer;
const printed: string[] = [];
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(() => {
  printed.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map((a) => inspect(a)).join(' ')));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(leaksIn(printed.join('\n'))).toEqual([]);
});

function clientFor(api: string, extra: Record<string, unknown> = {}): CoreClient<{}> {
  const registered = REGISTRY.find((entry) => entry.manifest.id === api)!;
  const credentials = Object.fromEntries(registered.manifest.credentials.map((c) => [c.option, c.public ? 'demo' : secretFor(api, c.option)]));
  return registered.createClient({ ...credentials, baseUrl: server.url, timeoutMs: 3_000, ...extra });
}

/** The first operation of each API's spec, with every path parameter filled. */
function firstOperation(api: string) {
  const operation = listOperations(REGISTRY.find((entry) => entry.manifest.id === api)!.spec)[0]!;
  const params = Object.fromEntries([...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1]!, 'id1']));
  return { ...operation, params };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, 'the call should have failed').toBeDefined();
  return outcome;
}

describe('no credential leaves in an error, whatever the vendor echoes', () => {
  it('the echoes hold every secret in every spelling (the check would see a leak)', () => {
    expect(leaksIn(echoText(ALL)).length).toBeGreaterThanOrEqual(ALL.length * 6);
    expect(leaksIn(JSON.stringify(echoHeaders(ALL))).length).toBeGreaterThanOrEqual(ALL.length * 6);
  });

  for (const manifest of MANIFESTS) {
    for (const status of manifest.errorDialect.envelopeError ? [400, 401, 500, 200] : [400, 401, 500]) {
      it(`${manifest.id}: an HTTP ${status} echoing every credential, in body and headers`, async () => {
        server.handle(() => answerWithEchoes(status, own(manifest.id)));
        const { method, path, params } = firstOperation(manifest.id);
        const error = await failure(clientFor(manifest.id).request(method, path, { params: { path: params } }));
        expect(server.received.length).toBeGreaterThan(0);
        expect(leaksIn(everythingOf(error), own(manifest.id))).toEqual([]);
      });
    }

    it(`${manifest.id}: retried 503s with Retry-After, and a failing fetch and observer whose errors quote the request`, async () => {
      const secrets = own(manifest.id);
      server.handle(() => answerWithEchoes(503, secrets, { 'retry-after': '0' }));
      const { method, path, params } = firstOperation(manifest.id);
      const retried = await failure(clientFor(manifest.id, { retry: { retries: 2, methods: [method] } }).request(method, path, { params: { path: params } }));
      expect(server.received).toHaveLength(3);
      expect(leaksIn(everythingOf(retried), secrets)).toEqual([]);
      const quoting = async (_url: string, init: RequestInit): Promise<Response> => {
        throw new Error(`connect ECONNREFUSED; sent ${JSON.stringify([...new Headers(init.headers).entries()])} ${String(init.body)} ${echoText(secrets)}`);
      };
      const network = await failure(clientFor(manifest.id, { fetch: quoting }).request(method, path, { params: { path: params } }));
      expect(leaksIn(everythingOf(network), secrets)).toEqual([]);
      server.handle(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }));
      const observer = () => {
        throw new TypeError(`observer failed on ${echoText(secrets)}`);
      };
      const observed = await failure(clientFor(manifest.id, { onExchange: observer }).request(method, path, { params: { path: params } }));
      expect(leaksIn(everythingOf(observed), secrets)).toEqual([]);
    });
  }

  it('brainysoft: a token from a provider function is masked too', async () => {
    server.handle(() => answerWithEchoes(401, [providedToken]));
    const client = clientFor('brainysoft', { token: async () => providedToken });
    const error = await failure(client.request('GET', '/main/clients/{id}', { params: { path: { id: 1 } } }));
    expect(server.received[0]!.headers['bsauth']).toBe(providedToken);
    expect(leaksIn(everythingOf(error), [providedToken])).toEqual([]);
  });

  it('brainysoft fetchBrainysoftToken: the client secret, echoed by the auth server', async () => {
    server.handle(() => answerWithEchoes(401, [clientSecret]));
    const error = await failure(fetchBrainysoftToken({ tokenUrl: `${server.url}/oauth/token`, clientId: 'client-id', clientSecret }));
    expect(server.received[0]!.bodyText).toContain(encodeURIComponent(clientSecret));
    expect(leaksIn(everythingOf(error), [clientSecret])).toEqual([]);
  });

  it('bank131 submitCheck and waitForCheck: the partner project and the signature', async () => {
    const bank = createBank131Client({ partnerProject: secretFor('bank131', 'partnerProject'), baseUrl: server.url, sign: () => signature, timeoutMs: 3_000 });
    const secrets = [...own('bank131'), signature];
    server.handle(() => answerWithEchoes(422, secrets));
    const submitted = await failure(bank.submitCheck({ inn: '000000000000' } as never));
    expect(JSON.parse(server.received[0]!.bodyText).signature).toBe(signature);
    expect(leaksIn(everythingOf(submitted), secrets)).toEqual([]);
    server.handle(() => answerWithEchoes(503, own('bank131'), { 'retry-after': '0' }));
    const waited = await failure(bank.waitForCheck('7', { interval: 10, timeout: 200 }));
    expect(server.received.length).toBeGreaterThan(1);
    expect(leaksIn(everythingOf(waited), own('bank131'))).toEqual([]);
  });
});

describe('no credential reaches a recording', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'kyc-leaks-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  for (const manifest of MANIFESTS) {
    it(`${manifest.id}: the recorder masks every spelling the vendor echoed`, async () => {
      server.handle(() => answerWithEchoes(400, own(manifest.id)));
      const { operationId, params } = firstOperation(manifest.id);
      const env = Object.fromEntries(kinds.filter((k) => k.api === manifest.id).map((k) => [k.env, k.secret]));
      for (const c of manifest.credentials) if (c.public) env[c.env] = 'demo';
      const { file } = await record(
        { api: manifest.id, operationId: operationId!, params, query: {}, bodyFile: undefined, baseUrl: server.url, name: 'leak', outDir, force: true },
        env,
      );
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('<redacted>');
      expect(leaksIn(text, own(manifest.id))).toEqual([]);
    });
  }
});

describe("the recorder's last guard", () => {
  const secret = secretFor('kycaid', 'apiToken');
  it.each(Object.entries(credentialEchoes(secret)))('refuses a recording holding the credential %s, naming the field, not the secret', (_label, echo) => {
    const recording = { request: { headers: { 'x-ok': 'fine' } }, response: { body: { data: [{ note: echo }] } } };
    let error: unknown;
    try {
      assertNoCredentials(recording, [secret]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^refusing to write the recording: a credential survived redaction at response\.body\.data\[0\]\.note \(/);
    expect(leaksIn(everythingOf(error), [secret])).toEqual([]);
  });

  it('lets a clean recording through', () => {
    expect(() => assertNoCredentials({ request: { headers: { authorization: 'Token <redacted>' } } }, [secret])).not.toThrow();
  });
});
