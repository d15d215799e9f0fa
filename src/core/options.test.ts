import { describe, expect, it } from 'vitest';
import { createBank131Client } from '../bank131/index.js';
import { createErdClient } from '../erd/index.js';
import { createKycaidClient } from '../kycaid/index.js';
import { checkBaseUrl, checkCallTimeout, checkCommonOptions, checkHeaders, checkNumber, checkRetry } from './options.js';

const apiKey = 'example-erd-backend-api-key-0000000000000000000000';
const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
};

describe('checkNumber', () => {
  it.each([Number.NaN, -1, Infinity, -Infinity, '30000', null, {}, true])('refuses %s, naming the option', (value) => {
    const error = thrown(() => checkNumber('erd', 'timeoutMs', value));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^erd: `timeoutMs` must be a finite number ≥ 0, got /);
  });

  it('accepts undefined, zero and finite numbers; integers and minimums when asked', () => {
    for (const value of [undefined, 0, 1.5, 30_000]) expect(() => checkNumber('x', 'n', value)).not.toThrow();
    expect(() => checkNumber('x', 'n', 1.5, { integer: true })).toThrow(/a whole number/);
    expect(() => checkNumber('x', 'n', 0.5, { min: 1 })).toThrow(/≥ 1/);
  });

  it('describes a string by its length, never its text (it could be a credential)', () => {
    expect(thrown(() => checkNumber('x', 'n', 'secret-value')).message).toBe('x: `n` must be a finite number ≥ 0, got a string (12 characters).');
  });
});

describe('checkBaseUrl', () => {
  it('refuses a user name or password, naming the option and never the password', () => {
    for (const url of ['https://user:hunter2-pass@api.example.test/v1', 'https://hunter2-pass@api.example.test', 'https://user:hunter2-pass@bad host/']) {
      const error = thrown(() => checkBaseUrl('kycaid', 'baseUrl', url));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/^kycaid: `baseUrl` must /);
      expect(error.message).not.toContain('hunter2');
    }
  });

  it.each(['https://api.example.test/?key=1', 'https://api.example.test/v1?', 'https://api.example.test/#frag', 'ftp://api.example.test', 'file:///etc/passwd', 'api.example.test', '', 42])(
    'refuses %s',
    (url) => {
      expect(thrown(() => checkBaseUrl('kycaid', 'baseUrl', url))).toBeInstanceOf(TypeError);
    },
  );

  it('accepts http(s) URLs with a path, without the trailing slashes', () => {
    expect(checkBaseUrl('x', 'baseUrl', 'https://api.example.test/v1//')).toBe('https://api.example.test/v1');
    expect(checkBaseUrl('x', 'baseUrl', 'http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
  });
});

describe('checkRetry, checkHeaders, checkCommonOptions, checkCallTimeout', () => {
  it.each([
    [-1, 'retry'],
    [1.5, 'retry'],
    [Number.NaN, 'retry'],
    [true, 'retry'],
    [{ retries: Infinity }, 'retry.retries'],
    [{ statuses: [99] }, 'retry.statuses'],
    [{ methods: [1] }, 'retry.methods'],
    [{ backoff: { initialMs: 1, factor: 0.5, maxMs: 10 } }, 'retry.backoff.factor'],
    [{ backoff: { initialMs: 10, factor: 2, maxMs: 5 } }, 'retry.backoff.maxMs'],
    [{ backoff: { initialMs: Number.NaN, factor: 2, maxMs: 5 } }, 'retry.backoff.initialMs'],
    [{ backoff: { initialMs: 1, factor: 2, maxMs: 5, jitter: 2 } }, 'retry.backoff.jitter'],
    [{ backoff: { initialMs: 1 } }, 'retry.backoff.factor'],
  ])('refuses retry %j, naming %s', (retry, option) => {
    const error = thrown(() => checkRetry('erd', retry));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`\`${option}\``);
  });

  it('accepts the documented forms of retry', () => {
    for (const retry of [undefined, false, 0, 3, { retries: 2 }, { retries: 1, methods: ['get'], statuses: [503], backoff: { initialMs: 0, factor: 1, maxMs: 0, jitter: 1 } }]) {
      expect(() => checkRetry('erd', retry)).not.toThrow();
    }
  });

  it('refuses headers a request cannot carry, naming the header and not the value', () => {
    const error = thrown(() => checkHeaders('erd', 'headers', { 'x-token': 'secret-value\r\nx: y' }));
    expect(error.message).toContain('"x-token"');
    expect(error.message).not.toContain('secret-value');
    expect(() => checkHeaders('erd', 'headers', { 'x-n': 5 })).toThrow(TypeError);
    expect(() => checkHeaders('erd', 'headers', 'x: y')).toThrow(TypeError);
    expect(() => checkHeaders('erd', 'headers', { 'x-ok': 'fine' })).not.toThrow();
  });

  it('refuses what is not an options object, and functions where data belongs', () => {
    expect(() => checkCommonOptions('erd', undefined)).toThrow(/pass an options object/);
    expect(() => checkCommonOptions('erd', { fetch: 'fetch' })).toThrow(/`fetch` must be a function/);
    expect(() => checkCommonOptions('erd', { validateResponses: 'yes' })).toThrow(/`validateResponses` must be a boolean/);
    expect(() => checkCommonOptions('erd', { maxResponseBytes: 0 })).toThrow(/`maxResponseBytes`/);
  });

  it('checks a per-call timeoutMs only when set', () => {
    expect(() => checkCallTimeout('erd POST /x', undefined)).not.toThrow();
    expect(() => checkCallTimeout('erd POST /x', 0)).not.toThrow();
    expect(() => checkCallTimeout('erd POST /x', Number.NaN)).toThrow(/^erd POST \/x: `timeoutMs`/);
  });
});

describe('client factories check their options at construction', () => {
  it.each([
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['timeoutMs', { timeoutMs: -5 }],
    ['timeoutMs', { timeoutMs: Infinity }],
    ['maxResponseBytes', { maxResponseBytes: Number('') - 1 }],
    ['retry', { retry: Number.NaN }],
    ['retry.backoff.maxMs', { retry: { retries: 2, backoff: { initialMs: 100, factor: 2, maxMs: Number.NaN } } }],
  ])('createErdClient: %s', (option, extra) => {
    // Before, each was accepted: NaN meant no time limit at all, a NaN backoff a RangeError on the first retry.
    const error = thrown(() => createErdClient({ apiKey, ...(extra as object) }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`\`${option}\``);
  });

  it('a base URL with a password is refused, without the password in the message', () => {
    const error = thrown(() => createKycaidClient({ apiToken: 'example0kycaid0api0token000000000000', baseUrl: 'https://me:s3cr3t-pw@api.kycaid.test' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('`baseUrl`');
    expect(error.message).not.toContain('s3cr3t-pw');
    expect(() => createKycaidClient({ apiToken: 'example0kycaid0api0token000000000000', baseUrl: 'https://api.kycaid.test/?token=1' })).toThrow(/query or a fragment/);
  });

  it('a fixed credential a header cannot carry is refused at construction, without its value', () => {
    const error = thrown(() => createKycaidClient({ apiToken: 'token-value\nInjected: 1' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('`apiToken`');
    expect(error.message).not.toContain('token-value');
  });

  it('bank131: sign, statusMethod and version are checked', () => {
    const base = { partnerProject: 'example-partner-project' };
    expect(() => createBank131Client({ ...base, sign: 'key' as never })).toThrow(/`sign` must be a function/);
    expect(() => createBank131Client({ ...base, statusMethod: 'PUT' as never })).toThrow(/`statusMethod` must be "GET" or "POST"/);
    expect(() => createBank131Client({ ...base, version: 2 as never })).toThrow(/`version` must be "1.1" or "2.0"/);
  });
});
