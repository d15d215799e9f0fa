/**
 * Bank 131 signs check requests over the payload serialized the way Python's `json.dumps(payload,
 * sort_keys=True) + "\r\n"` does (reference §B, from the vendor's verification-interaction page): keys sorted,
 * `", "` and `": "` separators, non-ASCII escaped as \uXXXX (Python's default `ensure_ascii=True`), UTF-8.
 * The signature itself (CryptoPro, GOST) is made by the caller's signer over these bytes.
 */

export function canonicalCheckPayload(payload: Record<string, unknown>): string {
  return `${pythonJsonDumps(payload)}\r\n`;
}

export function pythonJsonDumps(value: unknown): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot serialize ${value} as JSON.`);
    // Python prints integral floats as "1.0", but payload numbers here are integers or real decimals.
    return String(value);
  }
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareCodePoints(a, b));
    return `{${entries.map(([k, v]) => `${quote(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
  }
  throw new TypeError(`Cannot serialize a ${typeof value} as JSON.`);
}

/** Python sorts str keys by code point; JavaScript's default sort compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]!.codePointAt(0) ?? 0) - (right[i]!.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
