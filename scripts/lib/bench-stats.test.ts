import { describe, expect, it } from 'vitest';
import { bootstrapMedian, formatInterval, median, pairedRatios, verdict } from './bench-stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('bootstrapMedian', () => {
  it('brackets the median, and is the same for the same samples', () => {
    const samples = [1.02, 1.05, 1.08, 1.1, 1.04, 1.07, 1.03, 1.06, 1.09, 1.01];
    const a = bootstrapMedian(samples);
    expect(a.low).toBeLessThanOrEqual(a.median);
    expect(a.high).toBeGreaterThanOrEqual(a.median);
    expect(a.low).toBeGreaterThanOrEqual(1.01);
    expect(a.high).toBeLessThanOrEqual(1.1);
    expect(bootstrapMedian(samples)).toEqual(a);
  });

  it('is narrower for tight samples than for spread ones', () => {
    const tight = bootstrapMedian([1.0, 1.01, 0.99, 1.0, 1.01, 0.99, 1.0, 1.0]);
    const wide = bootstrapMedian([0.7, 1.3, 0.8, 1.2, 0.9, 1.1, 1.0, 1.4]);
    expect(tight.high - tight.low).toBeLessThan(wide.high - wide.low);
  });

  it('has no spread for one sample, and refuses none or non-finite ones', () => {
    expect(bootstrapMedian([1.2])).toEqual({ median: 1.2, low: 1.2, high: 1.2 });
    expect(() => bootstrapMedian([])).toThrow(RangeError);
    expect(() => bootstrapMedian([1, Number.NaN])).toThrow(/finite/);
  });
});

describe('pairedRatios', () => {
  it('divides round by round and refuses unpaired rounds', () => {
    expect(pairedRatios([2, 3], [1, 2])).toEqual([2, 1.5]);
    expect(() => pairedRatios([1], [1, 2])).toThrow(/paired/);
  });
});

describe('verdict', () => {
  it('judges an at-most target on the whole interval', () => {
    expect(verdict({ median: 1.1, low: 1.05, high: 1.14 }, { atMost: 1.15 })).toBe('ok');
    expect(verdict({ median: 1.2, low: 1.16, high: 1.25 }, { atMost: 1.15 })).toBe('MISSED');
    expect(verdict({ median: 1.14, low: 1.1, high: 1.18 }, { atMost: 1.15 })).toBe('within noise');
  });

  it('judges an at-least target on the whole interval', () => {
    expect(verdict({ median: 2, low: 1.85, high: 2.1 }, { atLeast: 1.8 })).toBe('ok');
    expect(verdict({ median: 1.5, low: 1.4, high: 1.7 }, { atLeast: 1.8 })).toBe('MISSED');
    expect(verdict({ median: 1.8, low: 1.7, high: 1.9 }, { atLeast: 1.8 })).toBe('within noise');
  });

  it('prints the median with its interval', () => {
    expect(formatInterval({ median: 1.1, low: 1.05, high: 1.14 })).toBe('1.10× [1.05–1.14]');
  });
});
