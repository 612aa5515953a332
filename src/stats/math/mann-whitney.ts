import { normalSf } from './normal.ts';

/**
 * Mann–Whitney U test, = scipy.stats.mannwhitneyu(a, b) with its defaults: two-sided,
 * use_continuity=True, method='auto'. `u` is the U of the first sample, as scipy reports it.
 */
export type MannWhitneyMethod = 'exact' | 'asymptotic';

export interface MannWhitneyResult {
  u: number;
  p: number;
  /** How p was computed; null when it could not be. */
  method: MannWhitneyMethod | null;
  reason?: string;
}

export interface MannWhitneyOptions {
  /**
   * 'auto' (default) is scipy's rule: exact when either group has at most 8 values and there are
   * no ties, else the normal approximation with tie correction. 'exact' counts the null
   * distribution (ignoring ties, as scipy); it is quick up to ~50 values per group.
   */
  method?: MannWhitneyMethod | 'auto';
}

export function mannWhitneyU(a: number[], b: number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: NaN, p: NaN, method: null, reason: `The Mann–Whitney test needs at least 1 value in each group (has ${n1} and ${n2}).` };
  const { firstRankSum, tieTerm } = rankSum(a, b);
  const u1 = firstRankSum - (n1 * (n1 + 1)) / 2;
  // Two-sided: double the upper tail of the larger of U1 and U2 = n1·n2 − U1.
  const u = Math.max(u1, n1 * n2 - u1);
  const requested = options.method ?? 'auto';
  const method = requested !== 'auto' ? requested : (n1 > 8 && n2 > 8) || tieTerm > 0 ? 'asymptotic' : 'exact';
  // scipy casts U to an integer for the exact tail; that only bites with ties under a forced 'exact'.
  const upper = method === 'exact' ? exactUpperTail(Math.trunc(u), n1, n2) : asymptoticUpperTail(u, n1, n2, tieTerm);
  return { u: u1, p: Math.min(1, Math.max(0, 2 * upper)), method };
}

/** Sum of the first sample's mid-ranks in the pooled sample, and Σ(t³ − t) over tie groups. */
function rankSum(a: number[], b: number[]): { firstRankSum: number; tieTerm: number } {
  const pooled = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  let firstRankSum = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start + 1;
    while (end < pooled.length && pooled[end].v === pooled[start].v) end++;
    const size = end - start;
    const midRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (pooled[i].first) firstRankSum += midRank;
    tieTerm += size ** 3 - size;
    start = end;
  }
  return { firstRankSum, tieTerm };
}

/** Normal approximation with tie-corrected variance and continuity correction (scipy's _get_mwu_z). */
function asymptoticUpperTail(u: number, n1: number, n2: number, tieTerm: number): number {
  const n = n1 + n2;
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  // With every value tied sd is 0 and z = −∞: p = 1, as in scipy.
  return normalSf((u - (n1 * n2) / 2 - 0.5) / sd);
}

/**
 * P(U ≥ u) under the null, = P(U ≤ n1·n2 − u) by symmetry. The number of arrangements with U = k
 * is the coefficient of q^k in the Gaussian binomial [n1+n2 choose m]_q
 * = Π_{i=1..m} (1 − q^{M+i}) / (1 − q^i) with m = min(n1, n2), M = max(n1, n2); the coefficients
 * are built exactly, up to the one needed.
 */
function exactUpperTail(u: number, n1: number, n2: number): number {
  const k = n1 * n2 - u;
  if (k < 0) return 0;
  const m = Math.min(n1, n2);
  const big = Math.max(n1, n2);
  const counts = new Array<bigint>(k + 1).fill(0n);
  counts[0] = 1n;
  for (let i = 1; i <= m; i++) {
    // × (1 − q^{big+i}): from the top down, so counts[j − big − i] is still the old one.
    for (let j = k; j >= big + i; j--) counts[j] -= counts[j - big - i];
    // ÷ (1 − q^i), i.e. × (1 + q^i + q^{2i} + …): from the bottom up.
    for (let j = i; j <= k; j++) counts[j] += counts[j - i];
  }
  let atMost = 0n;
  for (const c of counts) atMost += c;
  return bigRatio(atMost, binomialBig(n1 + n2, m));
}

/** C(n, k) exactly: the counts pass 2^53 quickly (C(100, 50) ≈ 1e29). */
function binomialBig(n: number, k: number): bigint {
  let result = 1n;
  // Each partial product C(n − k + i, i) is an integer, so the division is exact.
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/** part / whole as the nearest double, also when both are beyond the double range. */
function bigRatio(part: bigint, whole: bigint): number {
  const excess = whole.toString(2).length - 1000;
  if (excess <= 0) return Number(part) / Number(whole);
  // Below 2^-900 or so the quotient loses digits here; such p-values are 0 for every purpose.
  const shift = BigInt(excess);
  return Number(part >> shift) / Number(whole >> shift);
}
