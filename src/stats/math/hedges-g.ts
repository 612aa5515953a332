import { lnGammaRatio } from '../t-distribution.ts';
import { mean, sampleVariance } from './describe.ts';
import { effectMagnitude, type EffectMagnitude } from './effect-magnitude.ts';
import { normalQuantile } from './normal.ts';

/**
 * Hedges' g: the standardised mean difference (mean(a) − mean(b)) / pooled sd, corrected for
 * its small-sample bias.
 *
 *   d   = (x̄a − x̄b) / s_p,   s_p² = ((na−1)sa² + (nb−1)sb²) / df,   df = na + nb − 2
 *   J   = Γ(df/2) / (√(df/2) Γ((df−1)/2))          (exact; Hedges 1981)
 *   g   = J · d
 *   var(g) ≈ (na + nb)/(na·nb) + g² / (2(na + nb))  (large-sample variance)
 *   ci  = g ± z_{(1+confidence)/2} · √var(g)
 *
 * statsmodels' effectsize_smd differs on purpose in two places: it uses the approximation
 * J ≈ 1 − 3/(4·df − 1) and the variance (na+nb)/(na·nb) + g²/(2(na + nb − 3.94)).
 */
export interface HedgesGResult {
  g: number;
  ci: [number, number];
  /** Cohen's d with the pooled standard deviation. */
  d: number;
  /** The small-sample correction factor J, g = J·d. */
  j: number;
  /** |g| below 0.2 negligible, 0.5 small, 0.8 medium, else large (Cohen). */
  magnitude: EffectMagnitude | null;
  reason?: string;
}

export function hedgesG(a: number[], b: number[], options: { confidence?: number } = {}): HedgesGResult {
  const confidence = options.confidence ?? 0.95;
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) return failure(`Hedges' g needs at least 2 values in each group (has ${na} and ${nb}).`);
  const df = na + nb - 2;
  const pooledSd = Math.sqrt(((na - 1) * sampleVariance(a) + (nb - 1) * sampleVariance(b)) / df);
  if (pooledSd === 0) return failure('Every value within each group is the same, so there is no spread to scale the difference by.');
  const d = (mean(a) - mean(b)) / pooledSd;
  const j = Math.exp(lnGammaRatio((df - 1) / 2, 0.5) - 0.5 * Math.log(df / 2));
  const g = j * d;
  const result: HedgesGResult = { g, ci: [NaN, NaN], d, j, magnitude: effectMagnitude(g, [0.2, 0.5, 0.8]) };
  if (!(confidence > 0 && confidence < 1)) return { ...result, reason: `The confidence level must be between 0 and 1 (got ${confidence}).` };
  const half = -normalQuantile((1 - confidence) / 2) * Math.sqrt((na + nb) / (na * nb) + (g * g) / (2 * (na + nb)));
  result.ci = [g - half, g + half];
  return result;
}

function failure(reason: string): HedgesGResult {
  return { g: NaN, ci: [NaN, NaN], d: NaN, j: NaN, magnitude: null, reason };
}
