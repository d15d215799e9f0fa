import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, hideSecrets } from './errors.js';

const operation = { api: 'unit', method: 'GET', path: '/things/{id}' };
const secret = 'Sup3r+Secret/Key';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('hideSecrets', () => {
  it('masks the message, stack and every field of an ApiError, keeping the operation and the status', () => {
    const echo = `bad key ${secret} (${encodeURIComponent(secret)})`;
    const error = new ApiError(operation, {
      status: 403,
      vendorCode: secret,
      vendorMessage: echo,
      issues: [{ field: 'body.key', message: echo }],
      body: { detail: echo, [secret]: 1 },
      rawBody: JSON.stringify({ detail: echo }),
      headers: { 'www-authenticate': `Basic ${b64(`user:${secret}`)}` },
    });
    expect(hideSecrets(error, [secret])).toBe(error);
    const everything = [error.message, error.stack, error.vendorCode, error.vendorMessage, error.rawBody, JSON.stringify(error.body), JSON.stringify(error.issues), JSON.stringify(error.headers)].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(encodeURIComponent(secret));
    expect(error.headers['www-authenticate']).toMatch(/^Basic .*<redacted>/);
    expect(error.status).toBe(403);
    expect(error.operation).toEqual(operation);
  });

  it('follows the cause chain, whatever threw: errors, strings, aggregates; a frozen error is left as it is', () => {
    const root = new Error(`socket closed sending ${secret}`);
    const aggregate = new AggregateError([new Error(`first ${secret}`)], 'all failed');
    const error = new NetworkError(operation, new TypeError('fetch failed', { cause: root }));
    const stringCause = new Error('outer', { cause: `token=${secret}` });
    hideSecrets(error, [secret]);
    hideSecrets(aggregate, [secret]);
    hideSecrets(stringCause, [secret]);
    expect(error.message).toContain('<redacted>');
    expect(root.message).not.toContain(secret);
    expect(root.stack).not.toContain(secret);
    expect(aggregate.errors[0].message).toBe('first <redacted>');
    expect(stringCause.cause).toBe('token=<redacted>');
    const frozen = Object.freeze(new Error(`frozen ${secret}`));
    expect(() => hideSecrets(frozen, [secret])).not.toThrow();
  });

  it('leaves errors alone without secrets, and survives cycles and non-errors', () => {
    const error = new Error(`x ${secret}`);
    hideSecrets(error, []);
    expect(error.message).toContain(secret);
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(() => hideSecrets(a, [secret])).not.toThrow();
    expect(hideSecrets(undefined, [secret])).toBeUndefined();
    expect(hideSecrets('plain', [secret])).toBe('plain');
    expect(hideSecrets(`thrown ${secret}`, [secret])).toBe('thrown <redacted>');
  });
});
