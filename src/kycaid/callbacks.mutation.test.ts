/** Callback verification edges, named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { callbackSignature, verifyCallback } from './callbacks.js';

const KEY = 'example-kycaid-token';
const BODY = '{"type":"VERIFICATION_STATUS_CHANGED","note":"é"}';

describe('verifyCallback edges', () => {
  it('accepts its own signature, whatever the case and surrounding spaces of the header', () => {
    const signature = callbackSignature(BODY, KEY);
    expect(verifyCallback(BODY, signature, KEY)).toBe(true);
    expect(verifyCallback(BODY, `  ${signature.toUpperCase()}\t`, KEY)).toBe(true);
  });

  it('signs text as UTF-8, like the same bytes given raw', () => {
    expect(callbackSignature(BODY, KEY)).toBe(callbackSignature(Buffer.from(BODY, 'utf8'), KEY));
  });

  it('is false, never a throw, for a valid signature with anything before it', () => {
    const signature = callbackSignature(BODY, KEY);
    expect(verifyCallback(BODY, `ab${signature}`, KEY)).toBe(false);
    expect(verifyCallback(BODY, `x${signature}`, KEY)).toBe(false);
  });

  it('names the function and what it got when the body is not raw', () => {
    const raw = 'pass the raw request body exactly as received';
    expect(() => verifyCallback(null as never, 'x', KEY)).toThrow(new RegExp(`^verifyCallback: got null; .*${raw}`));
    expect(() => verifyCallback([] as never, 'x', KEY)).toThrow(/^verifyCallback: got an array; /);
    expect(() => callbackSignature({} as never, KEY)).toThrow(/^callbackSignature: got an object; /);
    expect(() => callbackSignature(5 as never, KEY)).toThrow(/^callbackSignature: got number; /);
  });

  it('names the function that needs the token', () => {
    expect(() => callbackSignature(BODY, '')).toThrow('callbackSignature needs the API token (the HMAC key) as a non-empty string.');
    expect(() => verifyCallback(BODY, 'x', '')).toThrow('verifyCallback needs the API token (the HMAC key) as a non-empty string.');
  });
});
