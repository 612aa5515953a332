import { chiSquareSf } from './chi-square.ts';

/** Tests of independence on contingency tables of counts (rows × columns). */

export interface FisherExactResult {
  /** Sample odds ratio (a·d)/(b·c) of [[a, b], [c, d]]; Infinity when b·c = 0. */
  oddsRatio: number;
  /** Two-sided. */
  p: number;
  reason?: string;
}

/**
 * Fisher's exact test on [[a, b], [c, d]], = scipy.stats.fisher_exact(table) (two-sided). With the
 * margins fixed, a is hypergeometric; p sums the probabilities of every a whose probability is at
 * most the observed one times (1 + 1e-14), scipy's tolerance for "as extreme".
 *
 * The probabilities are built relative to the mode from the ratio of neighbours (relative error
 * ~1e-16 per step, fast for any table). Mirror-image outcomes have exactly the observed
 * probability, so they sit right at the tolerance: any outcome that close is decided with exact
 * integer arithmetic instead of by rounding.
 */
export function fisherExact2x2(table: readonly (readonly number[])[]): FisherExactResult {
  if (table.length !== 2 || table.some((row) => row.length !== 2)) return { oddsRatio: NaN, p: NaN, reason: "Fisher's exact test here needs a 2 × 2 table." };
  if (table.some((row) => row.some((v) => !(Number.isInteger(v) && v >= 0)))) {
    return { oddsRatio: NaN, p: NaN, reason: "Fisher's exact test needs counts: whole numbers of at least 0." };
  }
  const [[a, b], [c, d]] = table;
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  if (row1 === 0 || row2 === 0 || col1 === 0 || b + d === 0) {
    return { oddsRatio: NaN, p: 1, reason: 'A row or column of the table is all zeros, so the odds ratio is undefined (and p = 1).' };
  }
  const oddsRatio = b > 0 && c > 0 ? (a * d) / (b * c) : Infinity;

  const margins: Margins = { row1, row2, col1 };
  const lo = Math.max(0, col1 - row2);
  const hi = Math.min(col1, row1);
  const mode = Math.floor(((col1 + 1) * (row1 + 1)) / (row1 + row2 + 2));
  const weights = new Float64Array(hi - lo + 1);
  weights[mode - lo] = 1;
  for (let x = mode; x < hi; x++) weights[x + 1 - lo] = (weights[x - lo] * rise(margins, x)) / fall(margins, x);
  for (let x = mode - 1; x >= lo; x--) weights[x - lo] = (weights[x + 1 - lo] * fall(margins, x)) / rise(margins, x);

  const observed = weights[a - lo];
  // scipy: an observation as likely as the mode (within the tolerance) has p = 1.
  if (observed >= 1 - TOLERANCE) return { oddsRatio, p: 1 };
  const threshold = observed * (1 + TOLERANCE);
  let extreme = 0;
  let total = 0;
  for (let x = lo; x <= hi; x++) {
    const w = weights[x - lo];
    total += w;
    // Rounding builds up along the chain of ratios (≤ 2.2e-16 a step); in a subnormal
    // threshold (p below ~1e-300) there is nothing left to decide.
    const close = x !== a && threshold >= 2.2250738585072014e-308 && Math.abs(w - threshold) <= Math.max(1e-9, 1e-15 * weights.length) * threshold;
    if (close ? asExtremeExactly(margins, x, a) : w <= threshold) extreme += w;
  }
  return { oddsRatio, p: extreme === total ? 1 : Math.min(1, extreme / total) };
}

const TOLERANCE = 1e-14;

interface Margins {
  row1: number;
  row2: number;
  col1: number;
}

/** P(x + 1) / P(x) = rise / fall, for the top-left count x. */
function rise({ row1, col1 }: Margins, x: number): number {
  return (row1 - x) * (col1 - x);
}

function fall({ row2, col1 }: Margins, x: number): number {
  return (x + 1) * (row2 - col1 + x + 1);
}

/**
 * P(x) ≤ P(observed)·(1 + 1e-14), decided exactly: P(x)/P(observed) is the product of the
 * neighbour ratios between them, a fraction of integers (multiplied as a balanced tree, so far
 * mirror images in large tables stay quick).
 */
function asExtremeExactly(margins: Margins, x: number, observed: number): boolean {
  const from = Math.min(x, observed);
  const to = Math.max(x, observed);
  let numerator = product(from, to, (y) => BigInt(margins.row1 - y) * BigInt(margins.col1 - y));
  let denominator = product(from, to, (y) => BigInt(y + 1) * BigInt(margins.row2 - margins.col1 + y + 1));
  if (x < observed) [numerator, denominator] = [denominator, numerator];
  const scale = 10n ** 14n;
  return numerator * scale <= denominator * (scale + 1n);
}

/** factor(from) · factor(from + 1) · … · factor(to − 1). */
function product(from: number, to: number, factor: (y: number) => bigint): bigint {
  if (to - from <= 1) return to > from ? factor(from) : 1n;
  const middle = (from + to) >>> 1;
  return product(from, middle, factor) * product(middle, to, factor);
}

export interface ChiSquareIndependenceResult {
  chi2: number;
  df: number;
  p: number;
  /** Expected counts under independence: row total × column total / grand total. */
  expected: number[][];
  reason?: string;
}

/**
 * Pearson's chi-square test of independence, = scipy.stats.chi2_contingency(table) with its
 * defaults: Yates' continuity correction (each |observed − expected| shrunk by up to 0.5) only
 * when df = 1, i.e. for 2 × 2 tables.
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): ChiSquareIndependenceResult {
  const columns = table[0]?.length ?? 0;
  if (columns === 0 || table.some((row) => row.length !== columns)) {
    return { chi2: NaN, df: NaN, p: NaN, expected: [], reason: 'The chi-square test needs a table with at least one cell and the same number of columns in every row.' };
  }
  const df = (table.length - 1) * (columns - 1);
  if (table.some((row) => row.some((v) => !(v >= 0 && Number.isFinite(v))))) {
    return { chi2: NaN, df, p: NaN, expected: [], reason: 'The chi-square test needs counts of at least 0.' };
  }
  const rowTotals = table.map((row) => row.reduce((s, v) => s + v, 0));
  const columnTotals = table[0].map((_, j) => table.reduce((s, row) => s + row[j], 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const expected = rowTotals.map((r) => columnTotals.map((c) => (r * c) / total));
  if (rowTotals.includes(0) || columnTotals.includes(0)) {
    return { chi2: NaN, df, p: NaN, expected, reason: 'A row or column of the table is all zeros, so some expected counts are 0 and the chi-square test is undefined.' };
  }
  // A single row or column: observed equals expected, nothing to test (scipy: chi2 = 0, p = 1).
  if (df === 0) return { chi2: 0, df, p: 1, expected };
  let chi2 = 0;
  table.forEach((row, i) =>
    row.forEach((observed, j) => {
      const e = expected[i][j];
      const diff = df === 1 ? Math.sign(observed - e) * Math.max(0, Math.abs(observed - e) - 0.5) : observed - e;
      chi2 += (diff * diff) / e;
    }),
  );
  return { chi2, df, p: chiSquareSf(chi2, df), expected };
}
