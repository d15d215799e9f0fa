import { describe, expect, it } from 'vitest';
import { createMasker, maskUrl, maskerFor } from './mask.js';

describe('masking credentials by the manifest', () => {
  it('masks credential headers (any case), query parameters and body fields, and copies only what it masks', () => {
    const masker = createMasker({ credentialHeaders: ['authorization'], credentialQuery: ['password'], credentialFields: ['**.client_secret', 'api_key'] });
    expect(masker.headers({ Authorization: 'Token t', cookie: 'c', accept: '*/*' })).toEqual({ Authorization: '<redacted>', cookie: '<redacted>', accept: '*/*' });
    expect(masker.query({ password: 'p', page: '1' })).toEqual({ password: '<redacted>', page: '1' });
    const body = { api_key: 'k', nested: [{ client_secret: 's', keep: 1 }], other: { x: 1 } };
    const masked = masker.body(body) as typeof body;
    expect(masked).toEqual({ api_key: '<redacted>', nested: [{ client_secret: '<redacted>', keep: 1 }], other: { x: 1 } });
    expect(body.api_key).toBe('k');
    expect(masked.other).toBe(body.other);
    const plain = { accept: '*/*' };
    expect(masker.headers(plain)).toBe(plain);
    const clean = { iin: '1' };
    expect(masker.body(clean)).toBe(clean);
    expect(maskUrl('http://h/cb?password=p&a=1', masker)).toBe('http://h/cb?password=%3Credacted%3E&a=1');
  });

  it("uses each manifest's rules: ERD's api_key, KYCAID's authorization", () => {
    expect(maskerFor('erd').body({ api_key: 'secret', iin: '1' })).toEqual({ api_key: '<redacted>', iin: '1' });
    expect(maskerFor('kycaid').headers({ authorization: 'Token secret' })).toEqual({ authorization: '<redacted>' });
  });
});
