import { describe, expect, it } from 'vitest';
import { credentialsFor } from './auth.js';
import { type VendorManifest, defineManifest } from './manifest.js';

const manifest = (credentials: VendorManifest['credentials']): VendorManifest =>
  defineManifest({
    id: 'unit',
    title: 'Unit',
    summary: 'test',
    docsUrl: 'https://example.test',
    servers: { production: 'https://api.example.test' },
    mockPort: 1,
    credentials,
    errorDialect: { describeError: () => ({}) },
    redaction: {} as VendorManifest['redaction'],
  });

const inHeader = manifest([
  { option: 'apiToken', env: 'T', description: 'the token', placement: { in: 'header', name: 'Authorization', format: (t) => `Token ${t}` }, fake: 'x' },
  { option: 'project', env: 'P', description: 'the project', placement: { in: 'header', name: 'X-PARTNER-PROJECT' }, fake: 'x' },
  { option: 'customer', env: 'C', description: 'picks a server only', fake: 'demo', public: true },
]);
const inBody = manifest([{ option: 'apiKey', env: 'K', description: 'the key', placement: { in: 'body', name: 'api_key' }, fake: 'x' }]);
const live = new AbortController().signal;

describe('credentialsFor', () => {
  it('puts header credentials in their headers, formatted', async () => {
    const headers = new Headers({ accept: 'application/json' });
    const body = { a: 1 };
    const out = await credentialsFor(inHeader, { apiToken: 'tok', project: 'proj' }).apply(headers, body, live);
    expect(headers.get('authorization')).toBe('Token tok');
    expect(headers.get('x-partner-project')).toBe('proj');
    expect(headers.get('accept')).toBe('application/json');
    expect(out).toBe(body);
  });

  it('places fixed credentials at once, without a promise; a provider makes it one', async () => {
    const headers = new Headers();
    const fixed = credentialsFor(inBody, { apiKey: 'key' }).apply(headers, { iin: '1' }, live);
    expect(fixed).not.toBeInstanceOf(Promise);
    expect(fixed).toEqual({ iin: '1', api_key: 'key' });
    const provided = credentialsFor(inHeader, { apiToken: () => 'tok', project: 'proj' }).apply(headers, undefined, live);
    expect(provided).toBeInstanceOf(Promise);
    await provided;
    expect(headers.get('authorization')).toBe('Token tok');
  });

  it('adds a body credential to plain JSON objects without changing the caller\'s object', async () => {
    const credentials = credentialsFor(inBody, { apiKey: 'key-1' });
    expect(credentials.bodyFields).toEqual(['api_key']);
    const body = { iin: '010203040506' };
    const out = await credentials.apply(new Headers(), body, live);
    expect(out).toEqual({ iin: '010203040506', api_key: 'key-1' });
    expect(body).toEqual({ iin: '010203040506' });
    // An explicit key is kept; bodies that are not plain objects are left alone.
    expect(await credentials.apply(new Headers(), { api_key: 'explicit' }, live)).toEqual({ api_key: 'explicit' });
    const form = new FormData();
    expect(await credentials.apply(new Headers(), form, live)).toBe(form);
    expect(await credentials.apply(new Headers(), undefined, live)).toBeUndefined();
    expect(await credentials.apply(new Headers(), ['x'], live)).toEqual(['x']);
  });

  it('asks a provider on every call', async () => {
    let n = 0;
    const credentials = credentialsFor(inHeader, { apiToken: async () => `t${++n}`, project: () => 'p' });
    const first = new Headers();
    const second = new Headers();
    await credentials.apply(first, undefined, live);
    await credentials.apply(second, undefined, live);
    expect([first.get('authorization'), second.get('authorization')]).toEqual(['Token t1', 'Token t2']);
  });

  it('gives up on a provider that never answers when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = credentialsFor(inHeader, { apiToken: () => new Promise<string>(() => {}), project: 'p' }).apply(new Headers(), undefined, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(pending).rejects.toThrow('deadline');
  });

  it('refuses a credential a header cannot carry with a TypeError naming the option, not the value', async () => {
    for (const token of ['line\nbreak', 'токен']) {
      const credentials = credentialsFor(inHeader, { apiToken: async () => token, project: 'p' });
      const error = (await Promise.resolve(credentials.apply(new Headers(), undefined, live)).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/Credential `apiToken` cannot be sent in the Authorization header/);
      expect(error.message).not.toContain(token);
    }
  });

  it('refuses missing or empty credentials, naming the option but never echoing a value', async () => {
    expect(() => credentialsFor(inHeader, { project: 'p' })).toThrow(/pass `apiToken` \(the token\)/);
    expect(() => credentialsFor(inHeader, { apiToken: '  ', project: 'p' })).toThrow(TypeError);
    expect(() => credentialsFor(inBody, {})).toThrow(/apiKey/);
    const credentials = credentialsFor(inHeader, { apiToken: async () => '', project: 'p' });
    await expect(credentials.apply(new Headers(), undefined, live)).rejects.toThrow(/Missing credential `apiToken`/);
  });

  it('knows what to mask: fixed credentials, provided ones (the latest 8), and those a call carries by the rules', async () => {
    const withRules = { ...inHeader, redaction: { api: 'unit', credentialHeaders: ['x-partner-project'], credentialQuery: ['client_secret'], credentialFields: ['signature', '**.password'], personalData: [] } };
    let n = 0;
    const credentials = credentialsFor(withRules, { apiToken: async () => `provided-token-${++n}`, project: 'fixed-project', customer: 'public-customer' });
    for (let i = 0; i < 10; i++) await credentials.apply(new Headers(), undefined, live);
    const known = credentials.secretsIn({
      headers: { Authorization: `Basic ${Buffer.from('user:basic-password').toString('base64')}`, 'X-Partner-Project': 'call-project', accept: 'json' },
      params: { query: { client_secret: 'query-secret', page: '2' } },
      body: { signature: 'body-signature', nested: [{ password: 'nested-password' }], name: 'Ivan' },
    });
    expect(known).toEqual(expect.arrayContaining(['fixed-project', 'provided-token-10', 'provided-token-3', 'basic-password', 'call-project', 'query-secret', 'body-signature', 'nested-password']));
    expect(known).not.toContain('provided-token-2');
    expect(known).not.toContain('public-customer');
    expect(known).not.toContain('Ivan');
    expect(known).not.toContain('json');
  });

  it('refuses a fixed header credential a header cannot carry at construction, not on the first call', () => {
    expect(() => credentialsFor(inHeader, { apiToken: 'tok\r\nX: 1', project: 'p' })).toThrow(/Credential `apiToken` cannot be sent/);
  });
});
