import { studentTTwoSidedP } from '../t-distribution.ts';
import { mean } from './describe.ts';

/**
 * Ordinary least squares of y on x, = scipy.stats.linregress(x, y): the p-value tests slope = 0
 * (two-sided, t with n − 2 df), slopeStderr is the slope's standard error.
 */
export interface LinearRegressionResult {
  slope: number;
  intercept: number;
  r2: number;
  p: number;
  slopeStderr: number;
  reason?: string;
}

export function linearRegression(x: number[], y: number[]): LinearRegressionResult {
  const n = x.length;
  const none = { slope: NaN, intercept: NaN, r2: NaN, p: NaN, slopeStderr: NaN };
  if (y.length !== n) return { ...none, reason: `x and y must have the same length (have ${n} and ${y.length}).` };
  if (n < 2) return { ...none, reason: `A regression line needs at least 2 points (has ${n}).` };
  if (x.every((v) => v === x[0])) return { ...none, reason: 'All x values are the same, so no line can be fitted.' };
  const xMean = mean(x);
  const yMean = mean(y);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - xMean;
    const dy = y[i] - yMean;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  if (syy === 0) {
    // A flat line fits exactly; scipy reports r (and so p and the standard error) as nan.
    return { slope, intercept, r2: NaN, p: NaN, slopeStderr: NaN, reason: 'All y values are the same, so the line is flat and there is no correlation to test.' };
  }
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  if (n === 2) {
    // Two points always fit exactly; scipy says p = 0 and stderr = 0, but nothing is left to estimate the error from.
    return { slope, intercept, r2: r * r, p: NaN, slopeStderr: NaN, reason: 'A p-value for the slope needs at least 3 points (has 2).' };
  }
  const df = n - 2;
  // scipy's TINY keeps t finite for a perfect fit (r = ±1); it is copied so such fits match scipy.
  const tiny = 1e-20;
  const t = r * Math.sqrt(df / ((1 - r + tiny) * (1 + r + tiny)));
  return { slope, intercept, r2: r * r, p: studentTTwoSidedP(t, df), slopeStderr: Math.sqrt(((1 - r * r) * syy) / sxx / df) };
}
