import { describe, expect, it } from 'vitest';
import {
  excessKurtosis,
  excessKurtosisEstimate,
  mean,
  quantileLinear,
  sampleVariance,
  skewness,
  skewnessEstimate,
} from '../../../../src/stats/math/describe.ts';
import { expectClose } from './close.ts';

const X = [0.85, 0.87, 0.86, 0.88, 0.84, 0.89, 0.85, 0.87, 0.45, 0.98];
const Y = [3.1, -2.4, 7.7, 0.05, 12.5, 4.4, 4.4, -8.0, 1.25, 6.0, 2.2, 9.9, -0.3];
// Large offset, small spread: naive sums of squares lose everything here.
const OFFSET = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map((v) => 1e9 + v);

describe('mean and sample variance', () => {
  it('match numpy.mean and numpy.var(ddof=1)', () => {
    expectClose(mean(X), 0.834);
    expectClose(sampleVariance(X), 0.01976);
    expectClose(mean(Y), 3.138461538461539);
    expectClose(sampleVariance(Y), 28.84048076923077);
    expectClose(mean(OFFSET), 1000000000.4);
    expectClose(sampleVariance(OFFSET), 0.04666666905085511);
  });

  it('average copies of one value to exactly that value, with variance exactly 0', () => {
    const copies = Array(1001).fill(0.1);
    expect(mean(copies)).toBe(0.1);
    expect(sampleVariance(copies)).toBe(0);
  });

  it('are NaN without enough values', () => {
    expect(mean([])).toBeNaN();
    expect(sampleVariance([3])).toBeNaN();
  });
});

describe('quantileLinear', () => {
  const sortedY = [...Y].sort((a, b) => a - b);
  const sortedX = [...X].sort((a, b) => a - b);
  // numpy.quantile(Y, p) and numpy.quantile(X, p) (method='linear', the default), numpy 2.4.6
  it.each([
    [0, -8.0, 0.45],
    [0.1, -1.9799999999999995, 0.8009999999999999],
    [0.25, 0.05, 0.85],
    [1 / 3, 1.25, 0.85],
    [0.5, 3.1, 0.865],
    [0.9, 9.460000000000003, 0.899],
    [0.975, 11.719999999999999, 0.95975],
    [1, 12.5, 0.98],
  ])('p = %f matches numpy', (p, y, x) => {
    expectClose(quantileLinear(sortedY, p), y);
    expectClose(quantileLinear(sortedX, p), x);
  });

  it('handles one value, no values and p outside [0, 1]', () => {
    expect(quantileLinear([4.2], 0.3)).toBe(4.2);
    expect(quantileLinear([], 0.5)).toBeNaN();
    expect(quantileLinear([1, 2], 1.5)).toBeNaN();
    expect(quantileLinear([1, 2], -0.1)).toBeNaN();
  });
});

describe('skewness and excess kurtosis (bias-corrected)', () => {
  it('match scipy.stats.skew(x, bias=False) and scipy.stats.kurtosis(x, bias=False)', () => {
    expectClose(skewness(X), -2.6560405092692716);
    expectClose(excessKurtosis(X), 8.078731699616524);
    expectClose(skewness(Y), -0.24006613861243448);
    expectClose(excessKurtosis(Y), 0.5240327119117989);
    expectClose(skewness([1, 2, 4]), 0.9352195295828235);
    expectClose(skewness([1, 2, 4, 8]), 1.1376243669576889);
    expectClose(excessKurtosis([1, 2, 4, 8]), 0.7576559546313799);
    expectClose(excessKurtosis(OFFSET), -1.1999999999992397);
  });

  it('are NaN with a reason below 3 / 4 values, where scipy returns the uncorrected value', () => {
    // scipy.stats.skew([1, 2], bias=False) = 0.0; kurtosis([1, 2], bias=False) = -2.0;
    // kurtosis([1, 2, 4], bias=False) = -1.4999999999999996: the bias correction is skipped there.
    const skew2 = skewnessEstimate([1, 2]);
    expect(skew2.value).toBeNaN();
    expect(skew2.reason).toBe('Skewness needs at least 3 values (has 2).');
    expect(excessKurtosisEstimate([1, 2, 4]).value).toBeNaN();
    expect(excessKurtosisEstimate([1, 2, 4]).reason).toBe('Kurtosis needs at least 4 values (has 3).');
    expect(skewness([])).toBeNaN();
  });

  it('are NaN with a reason when all values are equal (scipy: nan)', () => {
    // scipy.stats.skew([0.1, 0.1, 0.1], bias=False) = nan; kurtosis([5]*5, bias=False) = nan
    expect(skewnessEstimate([0.1, 0.1, 0.1])).toEqual({ value: NaN, reason: 'All values are equal, so the skewness is undefined.' });
    expect(excessKurtosisEstimate([5, 5, 5, 5, 5])).toEqual({ value: NaN, reason: 'All values are equal, so the kurtosis is undefined.' });
  });

  it('give no reason when they are defined', () => {
    expect(skewnessEstimate(X).reason).toBeUndefined();
    expect(excessKurtosisEstimate(X).reason).toBeUndefined();
  });
});
