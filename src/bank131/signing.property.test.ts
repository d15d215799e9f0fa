/**
 * Property: `pythonJsonDumps` / `canonicalCheckPayload` produce byte for byte what CPython's
 * `json.dumps(payload, sort_keys=True)` (+ "\r\n") produces, checked against `python3` itself.
 *
 * The model is the real one: Bank 131's verifier parses the JSON text the client sends (`JSON.stringify`) and
 * re-serializes it with `json.dumps(..., sort_keys=True)`. So each generated payload goes to Python as
 * `JSON.stringify(payload)`, Python runs `json.loads` then `json.dumps`, and the result must equal ours.
 *
 * Restriction on numbers: they are JavaScript doubles, finite (JSON has no NaN/Infinity, and `pythonJsonDumps`
 * refuses them). Python values a JavaScript client can never send are not generated: a float with an integral
 * value such as `1.0` (JavaScript cannot tell it from `1`, and `JSON.stringify` writes `1`, which Python reads
 * as the int 1), ints beyond ±2^53 given digit by digit, and `-0.0`. Every double is fair game otherwise —
 * huge ones (`1e+300`), tiny ones (`1e-07`, printed by Python with a two-digit exponent) and large integers
 * (`JSON.stringify(2**60)` is `1152921504606847000`, which Python reads as that int).
 *
 * One `python3` process per batch of payloads (JSON lines in, JSON-dumps lines out) keeps the file fast.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalCheckPayload, pythonJsonDumps } from './signing.js';

// The interpreter itself, resolved once: version-manager shims (pyenv) cost more than Python's own start-up.
const probe = spawnSync('python3', ['-c', 'import json, sys; print(sys.executable)'], { encoding: 'utf8' });
const hasPython = probe.status === 0;
const python = (hasPython && probe.stdout.trim()) || 'python3';

const PYTHON = String.raw`
import json, sys
for raw in sys.stdin.buffer.read().split(b"\n"):
    if raw:
        sys.stdout.write(json.dumps(json.loads(raw.decode("utf-8")), sort_keys=True) + "\n")
`;

/** What `python3` prints for each payload, in order. */
function pythonDumps(payloads: readonly unknown[]): string[] {
  const input = payloads.map((p) => JSON.stringify(p)).join('\n') + '\n';
  const run = spawnSync(python, ['-c', PYTHON], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  const lines = run.stdout.split('\n');
  lines.pop();
  expect(lines).toHaveLength(payloads.length);
  return lines;
}

/** Strings that stress the escaping: ASCII, controls, DEL, Cyrillic/Kazakh, astral (surrogate pairs), lone surrogates. */
const char = fc.oneof(
  fc.constantFrom('"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u0080', '\u2028', '\ufeff', '\uffff'),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x400, max: 0x4ff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
);
const text = fc.array(char, { maxLength: 12 }).map((chars) => chars.join(''));

const number = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.maxSafeInteger(),
  fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }).map((cents) => cents / 100), // money: 1500.25, -0.5
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), // 0.0001 vs 1e-05: where the notations change
  fc.constantFrom(1e16, 1e21, -1e21, 2 ** 53, 2 ** 60, 1e-4, 1e-5, 1e-7, 5e-324, Number.MAX_VALUE, -0),
);

const { json: payload } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('array'), tie('object')),
  leaf: fc.oneof(text, number, fc.boolean(), fc.constant(null)),
  array: fc.array(tie('json'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(text, fc.constantFrom('a', 'B', 'b', 'ä', 'é', '😀', '\uffff', 'a\u0000', '')), tie('json'), { maxKeys: 5 }),
}));
const checkPayload = fc.dictionary(text, payload, { maxKeys: 6 });

describe('pythonJsonDumps against python3', () => {
  // One python3 start costs 0.1 s or more: each run sends a whole batch (values and check payloads) to one process.
  it.skipIf(!hasPython)(
    'pythonJsonDumps = json.dumps(value, sort_keys=True); canonicalCheckPayload adds "\\r\\n" (skipped only where python3 is not installed)',
    () => {
      fc.assert(
        fc.property(fc.array(payload, { minLength: 1, maxLength: 60 }), fc.array(checkPayload, { minLength: 1, maxLength: 60 }), (values, payloads) => {
          const expected = pythonDumps([...values, ...payloads]);
          values.forEach((value, i) => expect(pythonJsonDumps(value)).toBe(expected[i]));
          payloads.forEach((p, i) => expect(canonicalCheckPayload(p)).toBe(`${expected[values.length + i]}\r\n`));
        }),
        { numRuns: 10 },
      );
    },
  );
});
