/** The canonical payload's edge rules, named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './signing.js';

describe('pythonJsonDumps edges', () => {
  it('writes small decimals with a minus-signed two-digit exponent', () => {
    expect(pythonJsonDumps(0.00001)).toBe('1e-05');
    expect(pythonJsonDumps(-0.000012)).toBe('-1.2e-05');
    expect(pythonJsonDumps(1e-100)).toBe('1e-100');
  });

  it('says which value JSON cannot hold', () => {
    expect(() => pythonJsonDumps(Number.POSITIVE_INFINITY)).toThrow('Cannot serialize Infinity as JSON.');
    expect(() => pythonJsonDumps(10n as never)).toThrow('Cannot serialize a bigint as JSON.');
    expect(() => pythonJsonDumps(undefined)).toThrow('Cannot serialize a undefined as JSON.');
  });
});
