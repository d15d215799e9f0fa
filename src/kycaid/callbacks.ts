/**
 * KYCAID callback integrity (https://docs.kycaid.com/callbacks/callback-integrity-verification):
 * `x-data-integrity` = lowercase hex of HMAC-SHA512, keyed with the API token, over the Base64 of the raw
 * request body bytes. Hash the body exactly as received: re-serialized JSON would not match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CALLBACK_SIGNATURE_HEADER = 'x-data-integrity';

const RAW_BODY_NEEDED =
  'pass the raw request body exactly as received (a string, Buffer or Uint8Array, e.g. from express.raw() or express.text()), not a parsed object: re-serialized JSON does not match the signature';

/** The raw body's bytes; a TypeError saying what to pass for anything that is not raw bytes or text. */
function rawBytes(rawBody: unknown, caller: string): Buffer {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (rawBody instanceof Uint8Array) return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  if (rawBody instanceof ArrayBuffer) return Buffer.from(rawBody);
  const what = rawBody === null ? 'null' : Array.isArray(rawBody) ? 'an array' : typeof rawBody === 'object' ? 'an object' : typeof rawBody;
  throw new TypeError(`${caller}: got ${what}; ${RAW_BODY_NEEDED}.`);
}

function assertToken(apiToken: unknown, caller: string): asserts apiToken is string {
  if (typeof apiToken !== 'string' || apiToken === '') throw new TypeError(`${caller} needs the API token (the HMAC key) as a non-empty string.`);
}

export function callbackSignature(rawBody: string | Uint8Array, apiToken: string): string {
  const bytes = rawBytes(rawBody, 'callbackSignature');
  assertToken(apiToken, 'callbackSignature');
  return createHmac('sha512', apiToken).update(bytes.toString('base64')).digest('hex');
}

/**
 * True when `signatureHeader` is the callback's valid `x-data-integrity` value for `rawBody`. Compares in
 * constant time; a missing, malformed or wrong-length header is simply false. A body that is not raw text or
 * bytes (a parsed object, null, a number) is a TypeError saying to pass the raw body.
 */
export function verifyCallback(rawBody: string | Uint8Array, signatureHeader: string | null | undefined, apiToken: string): boolean {
  const bytes = rawBytes(rawBody, 'verifyCallback');
  assertToken(apiToken, 'verifyCallback');
  if (typeof signatureHeader !== 'string') return false;
  const given = signatureHeader.trim().toLowerCase();
  if (!/^[0-9a-f]{128}$/.test(given)) return false;
  const expected = Buffer.from(createHmac('sha512', apiToken).update(bytes.toString('base64')).digest('hex'), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
