/**
 * Bank 131 signs check requests over the payload serialized the way Python's `json.dumps(payload,
 * sort_keys=True) + "\r\n"` does (the vendor's verification-interaction page, https://developer.131.ru/en/verification/verification-interaction/): keys sorted,
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
    return pythonNumber(value);
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

/**
 * A number as Python prints it after reading the JSON text a JavaScript client sends: integers (written as
 * digits below 1e21) are Python ints and print the same digits; anything else is a float, printed as `repr`
 * does, i.e. the shortest round-trip digits (as in JavaScript), switching to exponent notation below 1e-4
 * (JavaScript waits until 1e-6) with at least two exponent digits (`1e-05`, `1.5e-07`). Integral floats
 * (`1.0`) cannot arise: JavaScript writes `1`, which Python reads as the int 1.
 */
function pythonNumber(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 1e-4) return String(value);
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
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
