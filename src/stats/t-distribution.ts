import jstat from 'jstat';

/**
 * Student's t distribution to double precision. jStat's quantile is only good to ~1e-8 (its
 * log-gamma has 6 Lanczos terms), so it is the starting point and Newton steps on an accurate
 * CDF finish the job; scipy's values are the reference in the tests.
 */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ln(Γ(x + d) / Γ(x)) for x, d > 0. For large x the two log-gammas are huge and nearly equal, so
 * their difference would lose ~log10(x lnx) digits; Stirling's series, subtracted term by term,
 * keeps them.
 */
export function lnGammaRatio(x: number, d: number): number {
  if (x < 20) return lnGamma(x + d) - lnGamma(x);
  const y = x + d;
  return (x - 0.5) * Math.log1p(d / x) + d * Math.log(y) - d + stirlingCorrection(y) - stirlingCorrection(x);
}

/** lnΓ(x) − ((x − ½) ln x − x + ½ ln 2π) by Stirling's series, to 1e-17 for x ≥ 20. */
function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r / 1188)))) / x;
}

/**
 * Regularised incomplete beta I_x(a, b), by Lentz's continued fraction. Pass 1 − x when it is
 * known more exactly than the subtraction would give it (for t: t²/(df + t²) next to
 * df/(df + t²)); near x = 1 that is where the digits of the result come from.
 */
export function regularizedBeta(x: number, a: number, b: number, oneMinusX = 1 - x): number {
  if (x <= 0) return 0;
  if (oneMinusX <= 0) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(oneMinusX, b, a, x);
  const logX = oneMinusX < 0.5 ? Math.log1p(-oneMinusX) : Math.log(x);
  const logOneMinusX = x < 0.5 ? Math.log1p(-x) : Math.log(oneMinusX);
  const lnBeta = a < b ? lnGamma(a) - lnGammaRatio(b, a) : lnGamma(b) - lnGammaRatio(a, b);
  const front = Math.exp(a * logX + b * logOneMinusX - lnBeta) / a;
  return front * betaContinuedFraction(x, a, b);
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + even * d;
    c = 1 + even / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = Math.abs(c) < tiny ? tiny : c;
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + odd * d;
    c = 1 + odd / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = Math.abs(c) < tiny ? tiny : c;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return h;
}

export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/** P(T > t). */
export function studentTSf(t: number, df: number): number {
  const half = 0.5 * studentTTwoSidedP(t, df);
  return t > 0 ? half : 1 - half;
}

/**
 * Two-sided p-value P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2), taken straight from the incomplete
 * beta: going through 1 − cdf would round every p-value below ~1e-16 to 0.
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  const t2 = t * t;
  if (t2 === Infinity) return 0;
  return regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

export function studentTPdf(t: number, df: number): number {
  return Math.exp(lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** The t value below which a fraction p of the distribution lies. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  let t = jstat.jStat.studentt.inv(p, df);
  for (let i = 0; i < 8; i++) {
    const step = (studentTCdf(t, df) - p) / studentTPdf(t, df);
    t -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(t)) break;
  }
  return t;
}
