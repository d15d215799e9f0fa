/** Credential placement rules, named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { credentialsFor } from './auth.js';
import { type VendorManifest, defineManifest } from './manifest.js';

const manifest = defineManifest({
  id: 'unit', title: 'Unit', summary: 'test', docsUrl: 'https://example.test', servers: { production: 'https://api.example.test' }, mockPort: 1,
  credentials: [
    { option: 'token', env: 'T', description: 'the token', placement: { in: 'header', name: 'X-Token' }, fake: 'x' },
    { option: 'apiKey', env: 'K', description: 'the key', placement: { in: 'body', name: 'api_key' }, fake: 'x' },
  ],
  errorDialect: { describeError: () => ({}) },
  redaction: {} as VendorManifest['redaction'],
});
const live = new AbortController().signal;

describe('credentialsFor rules', () => {
  it('lists only body credentials as body fields', () => {
    expect(credentialsFor(manifest, { token: 't', apiKey: 'k' }).bodyFields).toEqual(['api_key']);
  });

  it('refuses a provider that hands back a blank credential, naming the option', async () => {
    const credentials = credentialsFor(manifest, { token: () => '   ', apiKey: 'k' });
    await expect(credentials.apply(new Headers(), {}, live)).rejects.toThrow('Missing credential `token` (the token): pass a non-empty string.');
  });

  it('adds body credentials only to plain objects, never to a missing body or a class instance', async () => {
    const credentials = credentialsFor(manifest, { token: 't', apiKey: 'k' });
    expect(await credentials.apply(new Headers(), undefined, live)).toBeUndefined();
    expect(await credentials.apply(new Headers(), null, live)).toBeNull();
    const date = new Date(0);
    expect(await credentials.apply(new Headers(), date, live)).toBe(date);
    expect(await credentials.apply(new Headers(), Object.create(null), live)).not.toHaveProperty('api_key');
  });
});
