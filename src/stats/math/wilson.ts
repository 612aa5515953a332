import { normalQuantile } from './normal.ts';

/**
 * Wilson score interval for a proportion, = statsmodels proportion_confint(successes, n,
 * alpha = 1 − confidence, method='wilson'). Unlike the plain normal interval it stays inside
 * [0, 1] and is sensible at 0 or n successes; the clamp only removes rounding below 0 or above 1.
 */
export type WilsonInterval = [number, number] & { reason?: string };

export function wilsonInterval(successes: number, n: number, confidence = 0.95): WilsonInterval {
  if (!(n > 0) || !Number.isFinite(n)) return failure(`A proportion needs at least 1 trial (got ${n}).`);
  if (!(successes >= 0 && successes <= n)) return failure(`The number of successes must be between 0 and ${n} (got ${successes}).`);
  if (!(confidence > 0 && confidence < 1)) return failure(`The confidence level must be between 0 and 1 (got ${confidence}).`);
  const z = -normalQuantile((1 - confidence) / 2);
  const z2 = z * z;
  const q = successes / n;
  const denominator = 1 + z2 / n;
  const center = (q + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((q * (1 - q)) / n + z2 / (4 * n * n))) / denominator;
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

function failure(reason: string): WilsonInterval {
  return Object.assign([NaN, NaN] as [number, number], { reason });
}
