/**
 * The bench's statistics: a ratio is measured once per round (both sides in the same round, alternating), and
 * reported as the median of the rounds with a bootstrap interval around it. A target is judged on the whole
 * interval: inside the target is `ok`, outside is `MISSED`, and an interval that straddles the target is
 * `within noise` (one more run could land on either side, so neither verdict would be honest).
 */

export type Verdict = 'ok' | 'MISSED' | 'within noise';

export interface RatioEstimate {
  readonly median: number;
  /** Lower and upper bound of the bootstrap interval of the median. */
  readonly low: number;
  readonly high: number;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** A small seeded generator (mulberry32): the same samples give the same interval, run after run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile-bootstrap interval of the median of `samples` (default 90 %: 5th to 95th percentile of 2 000
 * resampled medians). One sample has no spread: its interval is the sample itself.
 */
export function bootstrapMedian(samples: readonly number[], confidence = 0.9, resamples = 2000, seed = 1): RatioEstimate {
  if (samples.length === 0) throw new RangeError('no samples');
  if (samples.some((s) => !Number.isFinite(s))) throw new RangeError(`samples must be finite numbers, got ${samples.join(', ')}`);
  const random = seeded(seed);
  const medians: number[] = [];
  const draw: number[] = new Array(samples.length);
  for (let i = 0; i < resamples; i++) {
    for (let j = 0; j < samples.length; j++) draw[j] = samples[Math.floor(random() * samples.length)]!;
    medians.push(median(draw));
  }
  medians.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  const at = (q: number) => medians[Math.min(medians.length - 1, Math.max(0, Math.round(q * (medians.length - 1))))]!;
  return { median: median(samples), low: at(tail), high: at(1 - tail) };
}

/** Ratios of paired rounds: `measured[i] / anchor[i]`. */
export function pairedRatios(measured: readonly number[], anchor: readonly number[]): number[] {
  if (measured.length !== anchor.length) throw new RangeError(`paired rounds differ in count: ${measured.length} and ${anchor.length}`);
  return measured.map((m, i) => m / anchor[i]!);
}

/** `at most` targets (≤, costs) and `at least` targets (≥, speeds), judged on the whole interval. */
export function verdict(estimate: RatioEstimate, target: { readonly atMost: number } | { readonly atLeast: number }): Verdict {
  if ('atMost' in target) {
    if (estimate.high <= target.atMost) return 'ok';
    if (estimate.low > target.atMost) return 'MISSED';
    return 'within noise';
  }
  if (estimate.low >= target.atLeast) return 'ok';
  if (estimate.high < target.atLeast) return 'MISSED';
  return 'within noise';
}

export const formatInterval = (e: RatioEstimate, digits = 2): string => `${e.median.toFixed(digits)}× [${e.low.toFixed(digits)}–${e.high.toFixed(digits)}]`;
