import { describe, expect, it } from 'vitest';
import { linearRegression } from '../../../../src/stats/math/regression.ts';
import { expectClose } from './close.ts';

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

// scipy.stats.linregress(x, y) → slope, intercept, rvalue**2, pvalue, stderr; scipy 1.17.1
const CASES: [string, number[], number[], number, number, number, number, number][] = [
  ['epochs', range(0, 6), [2.5, 1.8, 1.2, 0.9, 0.7, 0.6], -0.37428571428571433, 2.219047619047619, 0.9051956043956046, 0.003483029520527525, 0.060564240364131904],
  ['noisy', [1.0, 2.0, 3.5, 4.0, 5.5, 7.0, 8.0, 9.5], [2.1, 2.9, 4.2, 3.8, 6.1, 6.8, 8.3, 8.9], 0.8377721518987342, 1.1462784810126578, 0.9789667805104987, 2.931047450989195e-6, 0.0501324805803964],
  ['flat-ish', range(0, 7), [0.5, 0.52, 0.49, 0.51, 0.5, 0.48, 0.52], -0.0003571428571428574, 0.5039285714285715, 0.0026595744680851063, 0.9125666215515942, 0.003092947870658712],
  // A perfect fit: scipy's TINY = 1e-20 in t = r·√(df / ((1 − r + TINY)(1 + r + TINY))) keeps t finite.
  ['perfect', [0, 1, 2], [3, 5, 7], 2.0, 3.0, 1.0, 9.00316316157106e-11, 0.0],
  ['perfect negative', [0, 1, 2, 3], [10, 7.5, 5, 2.5], -2.5, 10.0, 1.0, 1e-20, 0.0],
  ['large offset', range(1e6, 5), [0.1, 0.25, 0.33, 0.52, 0.61], 0.129, -128999.89600000001, 0.9865425658050745, 0.000665265157734129, 0.008698658900466661],
];

describe('linearRegression', () => {
  it.each(CASES)('%s matches scipy', (_, x, y, slope, intercept, r2, p, slopeStderr) => {
    const fit = linearRegression(x, y);
    expectClose(fit.slope, slope);
    expectClose(fit.intercept, intercept);
    expectClose(fit.r2, r2);
    expectClose(fit.p, p);
    expectClose(fit.slopeStderr, slopeStderr);
    expect(fit.reason).toBeUndefined();
  });

  it('fits two points but gives no p-value (scipy: pvalue = 0.0, stderr = 0.0)', () => {
    const fit = linearRegression([0, 1], [3, 5]);
    expect([fit.slope, fit.intercept, fit.r2]).toEqual([2, 3, 1]);
    expect(fit.p).toBeNaN();
    expect(fit.slopeStderr).toBeNaN();
    expect(fit.reason).toBe('A p-value for the slope needs at least 3 points (has 2).');
  });

  it('fits a flat line through constant y but has no correlation (scipy: rvalue, pvalue, stderr nan)', () => {
    const fit = linearRegression([0, 1, 2], [3, 3, 3]);
    expect([fit.slope, fit.intercept]).toEqual([0, 3]);
    expect(fit.r2).toBeNaN();
    expect(fit.p).toBeNaN();
    expect(fit.reason).toBe('All y values are the same, so the line is flat and there is no correlation to test.');
  });

  it('gives reasons where scipy raises', () => {
    expect(linearRegression([1, 1, 1], [1, 2, 3]).reason).toBe('All x values are the same, so no line can be fitted.');
    expect(linearRegression([1], [1]).reason).toBe('A regression line needs at least 2 points (has 1).');
    expect(linearRegression([1, 2], [1]).reason).toBe('x and y must have the same length (have 2 and 1).');
    expect(linearRegression([], []).slope).toBeNaN();
  });
});
