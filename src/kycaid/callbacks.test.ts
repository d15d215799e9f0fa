import { describe, expect, expectTypeOf, it } from 'vitest';
import { callbackSignature, verifyCallback } from './callbacks.js';
import type { KycaidCallback } from './index.js';

// The documented test vector (https://docs.kycaid.com/callbacks/callback-integrity-verification).
const BODY =
  '{"request_id":"61a7dbcc012d9042e909cf006e7b412d6ba5","type":"VERIFICATION_STATUS_CHANGED","applicant_id":"4141cc1b18dba048470b2961cb4592f480fe","verification_id":"2cf795e713be1040e50b202164ee17bfdfbe","form_id":"58bed87600dd9944f02ba0c9cd8b32d6bd4c","verification_status":"pending"}';
const KEY = '28c6f7cc0345a04eee0b535039b1c5a62547';
const SIGNATURE = 'f7681b097b77928fc031d614709976796057c306cf77fdd449bb414937bd87678d908d7efaa65e9b1dd65b9eeea2121ea75bd9007f44fe8fcd7c9ac6cdeeef0e';

describe('verifyCallback', () => {
  it('matches the documented test vector', () => {
    expect(callbackSignature(BODY, KEY)).toBe(SIGNATURE);
    expect(verifyCallback(BODY, SIGNATURE, KEY)).toBe(true);
    expect(verifyCallback(Buffer.from(BODY), SIGNATURE.toUpperCase(), KEY)).toBe(true);
  });

  it('rejects a tampered body, even one that parses to the same JSON', () => {
    expect(verifyCallback(BODY.replace('"pending"', '"completed"'), SIGNATURE, KEY)).toBe(false);
    expect(verifyCallback(JSON.stringify(JSON.parse(BODY), null, 1), SIGNATURE, KEY)).toBe(false);
    expect(verifyCallback(`${BODY}\n`, SIGNATURE, KEY)).toBe(false);
  });

  it('rejects the wrong key and malformed or missing signatures without throwing', () => {
    expect(verifyCallback(BODY, SIGNATURE, `${KEY.slice(0, -1)}8`)).toBe(false);
    expect(verifyCallback(BODY, SIGNATURE.slice(0, -2), KEY)).toBe(false);
    expect(verifyCallback(BODY, `${SIGNATURE.slice(0, -1)}z`, KEY)).toBe(false);
    expect(verifyCallback(BODY, undefined, KEY)).toBe(false);
    expect(verifyCallback(BODY, '', KEY)).toBe(false);
    expect(() => verifyCallback(BODY, SIGNATURE, '')).toThrow(/API token/);
  });
});

describe('verifyCallback with what frameworks hand over', () => {
  const rawBodyError = /pass the raw request body exactly as received/;

  it('throws a TypeError saying to pass the raw body for a parsed object, null, a number and friends', () => {
    for (const wrong of [JSON.parse(BODY), null, undefined, 42, true, [1, 2], { toString: () => BODY }]) {
      let thrown: unknown;
      try {
        verifyCallback(wrong as never, SIGNATURE, KEY);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(wrong)).toBeInstanceOf(TypeError);
      expect((thrown as Error).message, String(wrong)).toMatch(rawBodyError);
      expect(() => callbackSignature(wrong as never, KEY)).toThrow(rawBodyError);
    }
  });

  it('accepts raw bytes in any view: Buffer, Uint8Array (also a slice of a larger buffer), ArrayBuffer', () => {
    const bytes = new TextEncoder().encode(BODY);
    expect(verifyCallback(bytes, SIGNATURE, KEY)).toBe(true);
    const padded = Buffer.concat([Buffer.from('xx'), Buffer.from(BODY), Buffer.from('yy')]);
    expect(verifyCallback(padded.subarray(2, padded.length - 2), SIGNATURE, KEY)).toBe(true);
    expect(verifyCallback(bytes.buffer as never, SIGNATURE, KEY)).toBe(true);
  });

  it('is false, never a throw, for any header value', () => {
    for (const header of [null, undefined, 7, ['a', 'b'], {}, 'z'.repeat(128), `${SIGNATURE} extra`, SIGNATURE.slice(1)]) {
      expect(verifyCallback(BODY, header as never, KEY)).toBe(false);
    }
    expect(verifyCallback(BODY, [SIGNATURE] as never, KEY)).toBe(false);
    expect(verifyCallback('', SIGNATURE, KEY)).toBe(false);
  });

  it('refuses a missing or non-string token with a TypeError naming it', () => {
    for (const token of ['', undefined, null, 123]) expect(() => verifyCallback(BODY, SIGNATURE, token as never)).toThrow(/API token/);
  });
});

describe('KycaidCallback', () => {
  it('is the union of the spec\'s webhooks, each named by its `type`', async () => {
    expectTypeOf<KycaidCallback['type']>().toEqualTypeOf<
      'VERIFICATION_STATUS_CHANGED' | 'VERIFICATION_COMPLETED' | 'FORM_URL_EXPIRED' | 'TRANSACTION_SCREENING_COMPLETED'
    >();
    // At run time: every webhook's body schema pins `type` to the webhook's own name, so the union discriminates.
    const { default: spec } = await import('../../generated/kycaid.spec.js');
    const webhooks = Object.entries(spec.webhooks ?? {});
    expect(webhooks.map(([name]) => name).sort()).toEqual(['FORM_URL_EXPIRED', 'TRANSACTION_SCREENING_COMPLETED', 'VERIFICATION_COMPLETED', 'VERIFICATION_STATUS_CHANGED']);
    for (const [name, item] of webhooks) {
      const ref = (item as any).post.requestBody.content['application/json'].schema.$ref as string;
      const schema = ref.split('/').reduce((node: any, key) => (key === '#' ? node : node[key]), spec) as { properties: { type: { const?: string; enum?: string[] } } };
      expect(schema.properties.type.const ?? schema.properties.type.enum).toEqual(schema.properties.type.const ? name : [name]);
    }
  });
});
