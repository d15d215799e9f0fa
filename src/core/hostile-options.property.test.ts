/**
 * Hostile values in every public option of every client factory and helper: NaN, negatives, infinities, numbers
 * as strings (an unset environment variable), null, objects, functions, URLs with passwords, headers with line
 * breaks. Each must be a TypeError naming the option, at construction or before anything is sent: never a hang,
 * never an unrelated crash, never a silent success. No message echoes a hostile string that could be a credential.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBank131Client } from '../bank131/index.js';
import { fetchBrainysoftToken } from '../brainysoft/token.js';
import { createKycaidClient } from '../kycaid/index.js';
import { REGISTRY, fakeCredentialOptions } from '../registry.js';
import type { FetchLike } from './transport.js';

const RUNS = 40;

const notANumber = fc.constantFrom<unknown>(Number.NaN, -1, -0.5, Infinity, -Infinity, '30000', '', null, {}, [], true, () => 1, 10n);
const notAFunction = fc.constantFrom<unknown>('fetch', 1, {}, [], null, true, Number.NaN);
const notABoolean = fc.constantFrom<unknown>('true', 1, 0, {}, null, Number.NaN);
const badUrl = fc.oneof(
  fc.constantFrom<unknown>('', 'not a url', 'ftp://api.example.test', 'file:///etc/passwd', 'javascript:alert(1)', 'https://api.example.test/?key=1', 'https://api.example.test/#x', 1, null, {}, []),
  fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[A-Za-z0-9]{6,16}$/)).map(([user, password]) => `https://${user}:${password}@api.example.test/v1`),
);
const badRetry = fc.oneof(
  notANumber.filter((v) => v !== '' && !(typeof v === 'object' && v !== null && !Array.isArray(v))),
  fc.constantFrom<unknown>(1.5, true, 'x', [], { retries: Number.NaN }, { retries: -1 }, { statuses: 'x' }, { statuses: [1000] }, { methods: [null] }, { backoff: null }),
  notANumber.map((bad) => ({ retries: 2, backoff: { initialMs: bad, factor: 2, maxMs: 100 } })),
  notANumber.map((bad) => ({ retries: 2, backoff: { initialMs: 1, factor: bad, maxMs: 100 } })),
  notANumber.map((bad) => ({ retries: 2, backoff: { initialMs: 1, factor: 2, maxMs: bad } })),
);
const badHeaders = fc.constantFrom<unknown>('x-a: b', 1, null, [], { 'x-a': 1 }, { 'x-a': 'line\r\nbreak' }, { 'bad name': 'x' }, { 'x-a': 'Ω unicode' });
const badCredential = fc.constantFrom<unknown>(undefined, '', '   ', 1, null, {}, [], true);
const badHeaderCredential = fc.oneof(badCredential, fc.stringMatching(/^[A-Za-z0-9]{6,12}$/).map((s) => `${s}\r\nInjected: 1`));

/** Every option every factory takes, with the values that must be refused. */
const COMMON: Record<string, fc.Arbitrary<unknown>> = {
  baseUrl: badUrl,
  timeoutMs: notANumber,
  maxResponseBytes: fc.oneof(notANumber, fc.constantFrom<unknown>(0, 1.5)),
  retry: badRetry,
  validateResponses: notABoolean,
  fetch: notAFunction,
  onExchange: notAFunction,
  headers: badHeaders,
};
const VENDOR: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  bank131: { sign: notAFunction, statusMethod: fc.constantFrom<unknown>('get', 'PUT', '', 1, null), version: fc.constantFrom<unknown>('2', 2, '1.0', null, '') },
  biometric: { flowApiKey: fc.constantFrom<unknown>(1, null, {}, [], true) },
  brainysoft: { customer: fc.constantFrom<unknown>('', 'a.b', 'x/y', 'evil.com#', 1, null, {}) },
};

/** The exception a synchronous step threw, or undefined. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A TypeError naming the option, quoting neither a credential nor a URL's password. */
function expectNamedTypeError(error: unknown, option: string, value: unknown, secret = false): void {
  expect(error, `no error for ${option} = ${String(value)}`).toBeInstanceOf(TypeError);
  const message = (error as Error).message;
  expect(message, message).toContain(`\`${option.split('.')[0]}`);
  if (typeof value !== 'string') return;
  const password = /:\/\/[^:/]+:([^@]+)@/.exec(value)?.[1];
  if (password) expect(message, message).not.toContain(password);
  if (secret && value.trim().length >= 6) expect(message, message).not.toContain(value.trim().split('\r')[0]);
}

/** A fetch that records what would have been sent. */
function recordingFetch(): { fetch: FetchLike; sent: string[] } {
  const sent: string[] = [];
  return { sent, fetch: async (url) => (sent.push(url), new Response('{"status":"ok"}', { headers: { 'content-type': 'application/json' } })) };
}

/** Settles within `ms` or reports a hang. */
async function settle(promise: Promise<unknown>, ms = 2_000): Promise<{ error?: unknown; value?: unknown; hang?: true }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<{ hang: true }>((resolve) => (timer = setTimeout(() => resolve({ hang: true }), ms)));
  const outcome = await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), hang]);
  clearTimeout(timer);
  return outcome;
}

describe('hostile client options are refused at construction, naming the option', () => {
  for (const api of REGISTRY) {
    const valid = { ...fakeCredentialOptions(api.manifest), baseUrl: 'https://api.example.test' };
    const options: Record<string, fc.Arbitrary<unknown>> = { ...COMMON, ...VENDOR[api.manifest.id] };
    const credentials = api.manifest.credentials.filter((c) => c.placement).map((c) => c.option);
    for (const credential of api.manifest.credentials.filter((c) => c.placement)) {
      options[credential.option] = credential.placement!.in === 'header' ? badHeaderCredential : badCredential;
    }
    it(`${api.manifest.id}: ${Object.keys(options).join(', ')}`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...Object.keys(options)).chain((option) => fc.tuple(fc.constant(option), options[option]!)), ([option, value]) => {
          const given: Record<string, unknown> = { ...valid, [option]: value };
          // The customer key only picks the server when no baseUrl is given.
          if (option === 'customer') delete given['baseUrl'];
          expectNamedTypeError(thrownBy(() => api.createClient(given)), option, value, credentials.includes(option));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('a missing or non-object options argument is a TypeError, not a crash reading undefined', () => {
    for (const api of REGISTRY) {
      for (const options of [undefined, null, 'key', 5]) {
        const error = thrownBy(() => api.createClient(options as never));
        expect(error, `${api.manifest.id} ${String(options)}`).toBeInstanceOf(TypeError);
        expect((error as Error).message).not.toMatch(/Cannot read propert|Cannot destructure|is not iterable/);
      }
    }
  });
});

describe('hostile per-call values are refused before anything is sent', () => {
  it('path parameters and a call timeoutMs, on every client', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...REGISTRY.map((entry) => entry.manifest.id)),
        fc.oneof(
          fc.record({ kind: fc.constant('path' as const), value: fc.constantFrom<unknown>('', '.', '..', null, undefined, []) }),
          fc.record({ kind: fc.constant('timeout' as const), value: notANumber.filter((v) => v !== undefined) }),
        ),
        async (id, { kind, value }) => {
          const api = REGISTRY.find((entry) => entry.manifest.id === id)!;
          const { fetch, sent } = recordingFetch();
          const client = api.createClient({ ...fakeCredentialOptions(api.manifest), baseUrl: 'https://api.example.test', fetch });
          const templated = Object.values(api.spec.paths ?? {}).length > 0 ? Object.keys(api.spec.paths!).find((p) => p.includes('{')) : undefined;
          const path = templated ?? '/x/{id}';
          const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
          const params = Object.fromEntries(names.map((name) => [name, kind === 'path' ? value : 'id1']));
          const init = kind === 'path' ? { params: { path: params } } : { params: { path: params }, timeoutMs: value as number };
          const outcome = await settle(client.request('GET', path, init));
          expect(outcome.hang, 'hung').toBeUndefined();
          expect(outcome.error, `no error for ${kind} = ${String(value)}`).toBeInstanceOf(TypeError);
          expect((outcome.error as Error).message).toContain(kind === 'path' ? `path parameter \`${names[0]}\`` : '`timeoutMs`');
          expect(sent).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('hostile helper options are refused before anything is sent', () => {
  it('bank131 waitForCheck', async () => {
    const waits: Record<string, fc.Arbitrary<unknown>> = { interval: notANumber, maxInterval: notANumber, factor: fc.oneof(notANumber, fc.constant(0.5)), timeout: notANumber, signal: notAFunction };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(waits)).chain((option) => fc.tuple(fc.constant(option), waits[option]!)), async ([option, value]) => {
        const { fetch, sent } = recordingFetch();
        const bank = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: 'https://api.example.test', fetch });
        const outcome = await settle(bank.waitForCheck('7', { [option]: value }));
        expect(outcome.hang).toBeUndefined();
        expectNamedTypeError(outcome.error, option, value);
        expect(sent).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    for (const id of ['', null, undefined, {}, Number.NaN, 1.5]) {
      const { fetch, sent } = recordingFetch();
      const bank = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: 'https://api.example.test', fetch });
      expect((await settle(bank.waitForCheck(id as never))).error, String(id)).toBeInstanceOf(TypeError);
      expect(sent).toEqual([]);
    }
  });

  it('fetchBrainysoftToken', async () => {
    const request: Record<string, fc.Arbitrary<unknown>> = {
      clientId: badCredential,
      clientSecret: badCredential,
      timeoutMs: notANumber.filter((v) => v !== undefined),
      fetch: notAFunction.filter((v) => v !== undefined),
      signal: notAFunction,
      tokenUrl: badUrl,
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(request)).chain((option) => fc.tuple(fc.constant(option), request[option]!)), async ([option, value]) => {
        const { fetch, sent } = recordingFetch();
        const given = { tokenUrl: 'https://auth.example.test/oauth/token', clientId: 'client', clientSecret: 'client-secret-value', fetch, [option]: value };
        if (value === undefined && (option === 'fetch' || option === 'tokenUrl')) return;
        const outcome = await settle(fetchBrainysoftToken(given as never));
        expect(outcome.hang).toBeUndefined();
        expectNamedTypeError(outcome.error, option, value, option === 'clientSecret');
        expect(sent).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('kycaid uploadFile: file options and files that are no file', async () => {
    const { fetch, sent } = recordingFetch();
    const kycaid = createKycaidClient({ apiToken: 'example0kycaid0api0token000000000000', baseUrl: 'https://api.example.test', fetch });
    for (const [options, named] of [[{ filename: 5 }, 'filename'], [{ contentType: {} }, 'contentType'], [{ filename: '' }, 'filename'], ['x', 'options']] as const) {
      const outcome = await settle(kycaid.uploadFile(new Uint8Array([1]), options as never));
      expect(outcome.error, JSON.stringify(options)).toBeInstanceOf(TypeError);
      expect((outcome.error as Error).message).toContain(named);
    }
    for (const file of [null, 'path/to/file.jpg', 5, {}, new Uint8Array(0)]) {
      expect((await settle(kycaid.uploadFile(file as never))).error, String(file)).toBeInstanceOf(TypeError);
    }
    expect(sent).toEqual([]);
  });
});
