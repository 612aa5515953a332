import { studentTQuantile, studentTTwoSidedP } from '../t-distribution.ts';
import { mean, sampleVariance } from './describe.ts';

/**
 * Two-sample t-tests, = scipy.stats.ttest_ind(a, b, equal_var=…) and its
 * .confidence_interval(confidence): the interval is for mean(a) − mean(b).
 */
export interface TTestResult {
  t: number;
  df: number;
  /** Two-sided. */
  p: number;
  meanDiff: number;
  ci: [number, number];
  /** Standard error of the difference. */
  se: number;
  reason?: string;
}

export interface TTestOptions {
  /** Coverage of `ci`, default 0.95. */
  confidence?: number;
}

/** Welch's t-test: no equal-variance assumption, Welch–Satterthwaite degrees of freedom. */
export function welchTTest(a: number[], b: number[], options: TTestOptions = {}): TTestResult {
  if (a.length < 2 || b.length < 2) {
    return failure(a, b, NaN, NaN, `Welch's t-test needs at least 2 values in each group (has ${a.length} and ${b.length}).`);
  }
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return finish(a, b, Math.sqrt(va + vb), df, options.confidence ?? 0.95);
}

/**
 * Student's t-test with pooled variance. Like scipy it accepts a single value in one group: the
 * pooled variance then comes from the other group alone (df = n1 + n2 − 2 stays ≥ 1).
 */
export function studentTTest(a: number[], b: number[], options: TTestOptions = {}): TTestResult {
  const df = a.length + b.length - 2;
  if (a.length < 1 || b.length < 1 || df < 1) {
    return failure(a, b, NaN, NaN, `Student's t-test needs at least 1 value in each group and 3 in all (has ${a.length} and ${b.length}).`);
  }
  const pooled = (sumOfSquares(a) + sumOfSquares(b)) / df;
  return finish(a, b, Math.sqrt(pooled * (1 / a.length + 1 / b.length)), df, options.confidence ?? 0.95);
}

/** Σ(x − x̄)², 0 for a single value (whose variance is undefined but adds nothing here). */
function sumOfSquares(x: number[]): number {
  return x.length < 2 ? 0 : sampleVariance(x) * (x.length - 1);
}

function finish(a: number[], b: number[], se: number, df: number, confidence: number): TTestResult {
  if (se === 0) {
    // scipy returns t = ±inf, p = 0 for different constants and nan for equal ones; neither is a test.
    return failure(a, b, df, 0, 'Every value within each group is the same, so there is no spread to test the difference against.');
  }
  const meanDiff = mean(a) - mean(b);
  const t = meanDiff / se;
  const result: TTestResult = { t, df, p: studentTTwoSidedP(t, df), meanDiff, ci: [NaN, NaN], se };
  if (!(confidence > 0 && confidence < 1)) return { ...result, reason: `The confidence level must be between 0 and 1 (got ${confidence}).` };
  const q = -studentTQuantile((1 - confidence) / 2, df);
  result.ci = [meanDiff - q * se, meanDiff + q * se];
  return result;
}

function failure(a: number[], b: number[], df: number, se: number, reason: string): TTestResult {
  return { t: NaN, df, p: NaN, meanDiff: mean(a) - mean(b), ci: [NaN, NaN], se, reason };
}
