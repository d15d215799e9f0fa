import { describe, expect, it } from 'vitest';
import { canonicalCheckPayload, pythonJsonDumps } from './signing.js';

// Expected strings are what CPython 3 prints for json.dumps(value, sort_keys=True).
describe('pythonJsonDumps', () => {
  it('sorts keys and uses Python separators', () => {
    expect(pythonJsonDumps({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe('{"a": [true, null, "x"], "b": 1, "c": {"y": 2, "z": 1}}');
  });
  it('escapes non-ASCII like ensure_ascii=True', () => {
    // json.dumps({"citizenship": "РФ"}) == '{"citizenship": "\\u0420\\u0424"}'
    expect(pythonJsonDumps({ citizenship: 'РФ' })).toBe('{"citizenship": "\\u0420\\u0424"}');
    // astral characters become surrogate pairs: json.dumps("😀") == '"\\ud83d\\ude00"'
    expect(pythonJsonDumps('😀')).toBe('"\\ud83d\\ude00"');
    expect(pythonJsonDumps('a"b\\c\n\u007f')).toBe('"a\\"b\\\\c\\n\\u007f"');
  });
  it('sorts by code point, as Python does', () => {
    expect(pythonJsonDumps({ b: 1, B: 2, 'ä': 3, a: 4 })).toBe('{"B": 2, "a": 4, "b": 1, "\\u00e4": 3}');
  });
  it('prints decimals below 1e-4 with a two-digit exponent, as Python repr does (found by the property test)', () => {
    // json.dumps(json.loads("[0.0001, 0.00001, 1.5e-7, -2.5e-10, 1e21, 123.456]")) == '[0.0001, 1e-05, 1.5e-07, -2.5e-10, 1e+21, 123.456]'
    expect(pythonJsonDumps([0.0001, 0.00001, 1.5e-7, -2.5e-10, 1e21, 123.456])).toBe('[0.0001, 1e-05, 1.5e-07, -2.5e-10, 1e+21, 123.456]');
  });
  it('refuses what JSON cannot hold', () => {
    expect(() => pythonJsonDumps(Number.NaN)).toThrow(TypeError);
    expect(() => pythonJsonDumps({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('canonicalCheckPayload', () => {
  it('ends with CRLF and leaves out undefined fields', () => {
    expect(canonicalCheckPayload({ inn: '000000000000', patronymic: undefined, create_participant: false })).toBe(
      '{"create_participant": false, "inn": "000000000000"}\r\n',
    );
  });
});
