/**
 * Descriptive statistics of one sample, matching numpy/scipy: mean, sample variance, numpy's
 * default ("linear") quantile, and scipy's bias-corrected skewness and excess kurtosis.
 */

/**
 * Arithmetic mean (NaN for no values). Summed with Neumaier's compensation so that n copies of
 * one value average to exactly that value: the zero-spread checks below rely on it, and long
 * series with a large offset keep their small differences.
 */
export function mean(x: number[]): number {
  if (x.length === 0) return NaN;
  let sum = 0;
  let compensation = 0;
  for (const v of x) {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + compensation) / x.length;
}

/** Sample variance with n − 1 in the denominator (NaN below 2 values). */
export function sampleVariance(x: number[]): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let squares = 0;
  let residual = 0;
  for (const v of x) {
    const d = v - m;
    squares += d * d;
    residual += d;
  }
  // Two-pass with the correction term: `residual` is what rounding left in the mean.
  return (squares - (residual * residual) / n) / (n - 1);
}

/**
 * numpy.quantile(x, p) with its default method 'linear' (R type 7), on values already sorted
 * ascending. NaN for no values or p outside [0, 1].
 */
export function quantileLinear(sorted: number[], p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const fraction = position - below;
  const a = sorted[below];
  const b = sorted[above];
  // numpy's lerp: interpolate from the nearer end, so p = 1 returns the maximum exactly.
  return fraction >= 0.5 ? b - (b - a) * (1 - fraction) : a + (b - a) * fraction;
}

export interface ShapeEstimate {
  value: number;
  reason?: string;
}

/**
 * Central moments m2 and m3 or m4 (divided by n, as scipy), or why the shape is undefined: the
 * bias corrections divide by n − 2 (and n − 3), so skewness needs 3 values and kurtosis 4.
 */
function centralMoments(values: number[], order: 3 | 4, name: string): { m2: number; mk: number } | string {
  const n = values.length;
  if (n < order) return `${name} needs at least ${order} values (has ${n}).`;
  const m = mean(values);
  let m2 = 0;
  let mk = 0;
  for (const v of values) {
    const d2 = (v - m) * (v - m);
    m2 += d2;
    mk += order === 3 ? d2 * (v - m) : d2 * d2;
  }
  m2 /= n;
  mk /= n;
  // scipy's test for "no spread": differences no bigger than rounding in the mean.
  if (m2 <= (Number.EPSILON * m) ** 2) return `All values are equal, so the ${name.toLowerCase()} is undefined.`;
  return { m2, mk };
}

/**
 * Sample skewness G1 = √(n(n−1))/(n−2) · m3/m2^1.5, = scipy.stats.skew(x, bias=False). Below 3
 * values scipy silently returns the uncorrected g1 (0 for two values); here it is NaN with a reason.
 */
export function skewnessEstimate(x: number[]): ShapeEstimate {
  const moments = centralMoments(x, 3, 'Skewness');
  if (typeof moments === 'string') return { value: NaN, reason: moments };
  const n = x.length;
  return { value: (Math.sqrt((n - 1) * n) / (n - 2)) * (moments.mk / moments.m2 ** 1.5) };
}

/**
 * Sample excess kurtosis G2 = ((n²−1) m4/m2² − 3(n−1)²) / ((n−2)(n−3)), = scipy.stats.kurtosis(x,
 * bias=False, fisher=True). Below 4 values scipy silently returns the uncorrected m4/m2² − 3;
 * here it is NaN with a reason.
 */
export function excessKurtosisEstimate(x: number[]): ShapeEstimate {
  const moments = centralMoments(x, 4, 'Kurtosis');
  if (typeof moments === 'string') return { value: NaN, reason: moments };
  const n = x.length;
  const ratio = moments.mk / moments.m2 ** 2;
  return { value: ((n * n - 1) * ratio - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3)) };
}

/** skewnessEstimate(x).value: NaN below 3 values or without spread. */
export function skewness(x: number[]): number {
  return skewnessEstimate(x).value;
}

/** excessKurtosisEstimate(x).value: NaN below 4 values or without spread. */
export function excessKurtosis(x: number[]): number {
  return excessKurtosisEstimate(x).value;
}
