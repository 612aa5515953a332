import { effectMagnitude, type EffectMagnitude } from './effect-magnitude.ts';

/**
 * Cliff's delta = P(a > b) − P(a < b) over all pairs, in [−1, 1]; ties count for neither side.
 * Sorting b and binary-searching each value of a makes it O((na + nb) log nb) instead of na·nb.
 */
export interface CliffsDeltaResult {
  delta: number;
  /** |δ| below 0.147 negligible, 0.33 small, 0.474 medium, else large (Romano et al. 2006). */
  magnitude: EffectMagnitude | null;
  reason?: string;
}

export function cliffsDelta(a: number[], b: number[]): CliffsDeltaResult {
  if (a.length === 0 || b.length === 0) {
    return { delta: NaN, magnitude: null, reason: `Cliff's delta needs at least 1 value in each group (has ${a.length} and ${b.length}).` };
  }
  const sorted = [...b].sort((x, y) => x - y);
  let dominance = 0;
  for (const v of a) {
    const below = firstIndex(sorted, (w) => w >= v);
    const notAbove = firstIndex(sorted, (w) => w > v);
    dominance += below - (sorted.length - notAbove);
  }
  const delta = dominance / (a.length * b.length);
  return { delta, magnitude: effectMagnitude(delta, [0.147, 0.33, 0.474]) };
}

/** The first index whose value satisfies `past` (which must be monotone), or the length. */
function firstIndex(sorted: number[], past: (value: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(sorted[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
