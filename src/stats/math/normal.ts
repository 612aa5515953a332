/**
 * Standard normal distribution to double precision.
 *
 * The CDF is W. J. Cody's rational Chebyshev approximation (ACM TOMS 715, the algorithm behind
 * R's pnorm): each tail is computed directly, so P(Z ≤ −30) keeps its digits instead of being
 * 1 − (something that rounds to 1).
 */
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;

/** P(Z ≤ x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let num = 0;
    let den = 0;
    if (y > 1.1102230246251565e-16) {
      const x2 = x * x;
      num = A[4] * x2;
      den = x2;
      for (let i = 0; i < 3; i++) {
        num = (num + A[i]) * x2;
        den = (den + B[i]) * x2;
      }
    }
    return 0.5 + (x * (num + A[3])) / (den + B[3]);
  }
  const tail = upperTail(y);
  return x > 0 ? 1 - tail : tail;
}

/** P(Z > x), accurate in the far right tail where 1 − normalCdf(x) would round to 0. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

export function normalPdf(x: number): number {
  return ONE_OVER_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** P(Z > y) for y > 0.67448975 (Cody's middle and far ranges). */
function upperTail(y: number): number {
  // Beyond 40 the tail is below the smallest double.
  if (y >= 40) return 0;
  let rational: number;
  if (y <= 5.656854249492380195) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    rational = (num + C[7]) / (den + D[7]);
  } else {
    const inv2 = 1 / (y * y);
    let num = P[5] * inv2;
    let den = inv2;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * inv2;
      den = (den + Q[i]) * inv2;
    }
    rational = (ONE_OVER_SQRT_2PI - (inv2 * (num + P[4])) / (den + Q[4])) / y;
  }
  // exp(−y²/2) split so that the rounding of y² does not cost digits in the tail: ys² is exact.
  const ys = Math.trunc(y * 16) / 16;
  const rest = (y - ys) * (y + ys);
  return Math.exp(-0.5 * ys * ys) * Math.exp(-0.5 * rest) * rational;
}

// Acklam's rational approximation (relative error < 1.15e-9), the starting point for one
// Halley step on the accurate CDF, which takes it to full double precision.
const AK_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const AK_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const AK_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const AK_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** The z with P(Z ≤ z) = p; ±Infinity at 0 and 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Work in the lower half, where the CDF has full relative precision; 1 − p is exact here.
  if (p > 0.5) return -normalQuantile(1 - p);
  const x = acklam(p);
  const u = (normalCdf(x) - p) / normalPdf(x);
  if (!Number.isFinite(u)) return x;
  return x - u / (1 + (x * u) / 2);
}

function acklam(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((AK_C[0] * q + AK_C[1]) * q + AK_C[2]) * q + AK_C[3]) * q + AK_C[4]) * q + AK_C[5]) /
      ((((AK_D[0] * q + AK_D[1]) * q + AK_D[2]) * q + AK_D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((AK_A[0] * r + AK_A[1]) * r + AK_A[2]) * r + AK_A[3]) * r + AK_A[4]) * r + AK_A[5]) * q) /
    (((((AK_B[0] * r + AK_B[1]) * r + AK_B[2]) * r + AK_B[3]) * r + AK_B[4]) * r + 1)
  );
}
