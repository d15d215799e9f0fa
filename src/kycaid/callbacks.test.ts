import { describe, expect, it } from 'vitest';
import { callbackSignature, verifyCallback } from './callbacks.js';

// The documented test vector (KYCAID "Callback integrity verification"; reference kycaid.md §7.1).
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
