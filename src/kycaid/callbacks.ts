/**
 * KYCAID callback integrity (reference kycaid.md §7.1, docs "callback-integrity-verification"):
 * `x-data-integrity` = lowercase hex of HMAC-SHA512, keyed with the API token, over the Base64 of the raw
 * request body bytes. Hash the body exactly as received: re-serialized JSON would not match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CALLBACK_SIGNATURE_HEADER = 'x-data-integrity';

export function callbackSignature(rawBody: string | Uint8Array, apiToken: string): string {
  const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  return createHmac('sha512', apiToken).update(bytes.toString('base64')).digest('hex');
}

/**
 * True when `signatureHeader` is the callback's valid `x-data-integrity` value for `rawBody`. Compares in
 * constant time; a missing, malformed or wrong-length header is simply false.
 */
export function verifyCallback(rawBody: string | Uint8Array, signatureHeader: string | null | undefined, apiToken: string): boolean {
  if (!apiToken) throw new TypeError('verifyCallback needs the API token (the HMAC key).');
  if (typeof signatureHeader !== 'string') return false;
  const given = signatureHeader.trim().toLowerCase();
  if (!/^[0-9a-f]{128}$/.test(given)) return false;
  const expected = Buffer.from(callbackSignature(rawBody, apiToken), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
