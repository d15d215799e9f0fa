/** Every way a vendor might echo a credential back (tests of the masking: src/redaction/secrets.ts). */
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Every echo of `value` a vendor might send back, labelled. */
export function credentialEchoes(value: string): Record<string, string> {
  const percent = encodeURIComponent(value);
  return {
    verbatim: `bad key ${value}.`,
    'percent-encoded (upper)': `?key=${percent}&x=1`,
    'percent-encoded (lower)': `?key=${percent.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`,
    'form-encoded': `key=${new URLSearchParams({ v: value }).toString().slice(2)}`,
    'json-escaped': JSON.stringify({ key: value }),
    base64: `token ${b64(value)} refused`,
    'base64 without padding': `token ${b64(value).replace(/=+$/, '')} refused`,
    'base64url': `token ${b64url(value)} refused`,
    'base64url with padding': `token ${b64(value).replace(/\+/g, '-').replace(/\//g, '_')} refused`,
    'Basic user:secret': `Authorization: Basic ${b64(`user:${value}`)}`,
    'Basic secret:x': `Authorization: Basic ${b64(`${value}:x`)}`,
    'Basic ab:secret': `Authorization: Basic ${b64(`ab:${value}`)}`,
    'inside a base64 JSON': b64(JSON.stringify({ token: value, n: 1 })),
  };
}

