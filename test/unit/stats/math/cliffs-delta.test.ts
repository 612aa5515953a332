import { describe, expect, it } from 'vitest';
import { cliffsDelta } from '../../../../src/stats/math/cliffs-delta.ts';
import { effectMagnitude } from '../../../../src/stats/math/effect-magnitude.ts';
import { expectClose } from './close.ts';

// numpy.sign(numpy.subtract.outer(a, b)).mean(), the definition over all pairs; each also equals
// 2·U/(na·nb) − 1 with U = scipy.stats.mannwhitneyu(a, b).statistic.
const CASES: [number[], number[], number, string][] = [
  [[5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3, 6.1], [4.2, 4.8, 5.0, 4.6, 5.2, 4.4, 4.9, 4.7], 0.890625, 'large'],
  [[1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 6], -0.5333333333333333, 'large'],
  [[1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6], [2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8], -0.553030303030303, 'large'],
  [[4, 4, 4], [4, 4], 0.0, 'negligible'],
  [[0.912, 0.905, 0.921, 0.899, 0.915], [0.871, 0.902, 0.858, 0.889, 0.867, 0.893, 0.88, 0.861, 0.875, 0.899, 0.884, 0.87], 0.95, 'large'],
  [[3, 4, 5, 6], [4, 5, 6, 7], -0.4375, 'medium'],
  [[10.2, 11.1, 9.8, 10.5, 10.9, 10.0], [10.4, 11.6, 10.1, 11.0, 11.3, 10.8, 10.6], -0.42857142857142855, 'medium'],
];

describe("Cliff's delta", () => {
  it.each(CASES)('%j vs %j', (a, b, delta, magnitude) => {
    const r = cliffsDelta(a, b);
    expectClose(r.delta, delta);
    expect(r.magnitude).toBe(magnitude);
    expectClose(cliffsDelta(b, a).delta, -delta);
  });

  it('uses the thresholds of Romano et al.: 0.147 / 0.33 / 0.474, on |δ|', () => {
    const thresholds = [0.147, 0.33, 0.474] as const;
    expect(effectMagnitude(0.1469, thresholds)).toBe('negligible');
    expect(effectMagnitude(-0.147, thresholds)).toBe('small');
    expect(effectMagnitude(0.33, thresholds)).toBe('medium');
    expect(effectMagnitude(-0.474, thresholds)).toBe('large');
    expect(effectMagnitude(NaN, thresholds)).toBeNull();
  });

  it('agrees with the pairwise definition on a larger sample', () => {
    const a = Array.from({ length: 300 }, (_, i) => Math.sin(i) * 10);
    const b = Array.from({ length: 250 }, (_, i) => Math.round(Math.cos(i * 1.3) * 10) + 0.5);
    let sum = 0;
    for (const x of a) for (const y of b) sum += Math.sign(x - y);
    expectClose(cliffsDelta(a, b).delta, sum / (a.length * b.length), 1e-12);
  });

  it('needs a value in each group', () => {
    expect(cliffsDelta([], [1])).toEqual({ delta: NaN, magnitude: null, reason: "Cliff's delta needs at least 1 value in each group (has 0 and 1)." });
  });
});
