import { lnGamma } from '../t-distribution.ts';

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a): the series for P when x < a + 1
 * and Lentz's continued fraction for Q otherwise (each converges fast on its side), so Q is
 * never formed as 1 − P where P ≈ 1, and small tail probabilities keep their digits.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || !(a > 0) || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logFront = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) return 1 - Math.exp(logFront) * lowerSeries(a, x);
  return Math.exp(logFront) * upperContinuedFraction(a, x);
}

/** Σ xⁿ / (a (a+1) … (a+n)), so that P(a, x) = e^{−x} x^a / Γ(a) · Σ. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** 1 / (x + 1 − a − 1·(1−a) / (x + 3 − a − …)), so that Q(a, x) = e^{−x} x^a / Γ(a) · CF. */
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 2.5e-16) break;
  }
  return h;
}

/** P(X > x) for X ~ χ²(df): the p-value of a chi-square statistic. */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}
