import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../../src/stats/math/wilson.ts';
import { expectClose } from './close.ts';

// statsmodels.stats.proportion.proportion_confint(k, n, alpha=1 - confidence, method='wilson'),
// statsmodels 0.13.5 from Debian's python3-statsmodels.
const CASES: [number, number, number, number, number][] = [
  [0, 10, 0.95, 0.0, 0.2775327998628892],
  [10, 10, 0.95, 0.7224672001371107, 0.9999999999999999],
  [3, 10, 0.95, 0.10779126740630099, 0.6032218525388546],
  [1, 1, 0.95, 0.20654931437723745, 1.0],
  [47, 200, 0.9, 0.1894249200513078, 0.2876490750957233],
  [5, 20, 0.99, 0.087363908401074, 0.5371887921483026],
  [0, 1, 0.95, 0.0, 0.7934506856227626],
  [500, 1000, 0.95, 0.4690696003681042, 0.5309303996318958],
  [1, 10000, 0.95, 1.765267360112231e-5, 0.0005662688974013381],
  [2.5, 7, 0.95, 0.11808301126155257, 0.6974399701860725],
];

describe('wilsonInterval', () => {
  it.each(CASES)('%f of %i at %f matches statsmodels', (k, n, confidence, low, high) => {
    const ci = wilsonInterval(k, n, confidence);
    // At 0 successes the two terms of the lower bound cancel; both sides give 0 to within 1e-17.
    if (low === 0) expect(Math.abs(ci[0])).toBeLessThan(1e-16);
    else expectClose(ci[0], low);
    expectClose(ci[1], high);
    expect(ci.reason).toBeUndefined();
  });

  it('defaults to 95%', () => {
    expectClose(wilsonInterval(3, 10)[1], 0.6032218525388546);
  });

  it('gives a reason instead of an interval it cannot compute', () => {
    const none = wilsonInterval(0, 0, 0.95);
    expect([...none]).toEqual([NaN, NaN]);
    expect(none.reason).toBe('A proportion needs at least 1 trial (got 0).');
    expect(wilsonInterval(11, 10).reason).toBe('The number of successes must be between 0 and 10 (got 11).');
    expect(wilsonInterval(1, 10, 0).reason).toBe('The confidence level must be between 0 and 1 (got 0).');
  });
});
