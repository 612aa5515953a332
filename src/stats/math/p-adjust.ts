/**
 * Multiple-testing adjustment, = statsmodels.stats.multitest.multipletests(p, method=…)[1] with
 * 'holm', 'bonferroni' and 'fdr_bh' (here 'bh'). Entries that are not p-values (NaN, or outside
 * [0, 1]) come back as NaN and do not count towards the number of tests.
 */
export type PAdjustMethod = 'holm' | 'bonferroni' | 'bh';

export function adjustPValues(p: number[], method: PAdjustMethod): number[] {
  const adjusted = p.map(() => NaN);
  const order = p.map((_, i) => i).filter((i) => p[i] >= 0 && p[i] <= 1).sort((i, j) => p[i] - p[j]);
  const m = order.length;
  if (method === 'bonferroni') {
    for (const i of order) adjusted[i] = Math.min(1, p[i] * m);
  } else if (method === 'holm') {
    // Step-down: the k-th smallest is multiplied by m − k + 1, and may not fall below its predecessor.
    let running = 0;
    order.forEach((i, k) => {
      running = Math.max(running, p[i] * (m - k));
      adjusted[i] = Math.min(1, running);
    });
  } else {
    // Step-up: the k-th smallest is divided by k/m, and may not exceed any later one.
    let running = Infinity;
    for (let k = m - 1; k >= 0; k--) {
      const i = order[k];
      running = Math.min(running, p[i] / ((k + 1) / m));
      adjusted[i] = Math.min(1, running);
    }
  }
  return adjusted;
}
