import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { analytics } from '../../../src/query/builder.ts';
import { QuerySpecError } from '../../../src/query/problems.ts';
import { runQuery } from '../../../src/query/run.ts';
import type { QuerySpec } from '../../../src/query/spec.ts';
import type { Analysis } from '../../../src/stats/analysis.ts';
import { createNodeEngine, load } from '../../fixtures/engine.ts';
import { ACCURACIES, buildQuerySnapshot, HOSTILE_TRIAL, HOSTILE_VALUES, SMALL_LR_ACCURACIES } from '../../fixtures/query-snapshot.ts';
import { mean, quantile, relativeError, sd } from '../../fixtures/reference-stats.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await load(engine, { name: 'queries.db', bytes: await buildQuerySnapshot() });
});
afterAll(() => engine.close());

const SWEEP: QuerySpec = { experiments: { names: ['lr_sweep'] }, metrics: { names: ['test_acc'] } };
async function analyse(analysis: Record<string, unknown>, spec: QuerySpec = SWEEP): Promise<Analysis> {
  const result = await runQuery(engine, { ...spec, analyze: [analysis as Record<string, Record<string, unknown>>] });
  return result.analyses[0];
}
const table = (analysis: Analysis, name: string) => analysis.tables.find((t) => t.name === name)!.rows as Record<string, any>[];
function expectClose(actual: number, expected: number, tolerance = 1e-9) {
  expect(relativeError(actual, expected), `${actual} vs ${expected}`).toBeLessThan(tolerance);
}

/** Bias-corrected sample skewness and excess kurtosis (scipy's bias=False), written out here. */
function referenceShape(x: number[]) {
  const n = x.length;
  const m = mean(x);
  const m2 = x.reduce((a, v) => a + (v - m) ** 2, 0) / n;
  const m3 = x.reduce((a, v) => a + (v - m) ** 3, 0) / n;
  const m4 = x.reduce((a, v) => a + (v - m) ** 4, 0) / n;
  const g1 = m3 / m2 ** 1.5;
  const g2 = m4 / m2 ** 2 - 3;
  return {
    skewness: (Math.sqrt(n * (n - 1)) / (n - 2)) * g1,
    kurtosis: ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6),
  };
}

describe('statistics', () => {
  it('describes each group, matching plain arithmetic and scipy', async () => {
    const analysis = await analyse({ statistics: { by: 'trial', confidence: 0.95, percentiles: [10, 50, 90] } });
    const rows = table(analysis, 'statistics');
    expect(rows.map((r) => r.group)).toEqual(['lr=0.01', 'lr=0.001', HOSTILE_TRIAL]);
    const big = rows[0];
    expect(big).toMatchObject({ count: 10, missing: 0, min: 0.45, max: 0.98 });
    expectClose(big.mean, 0.834);
    expectClose(big.std, sd(ACCURACIES));
    expectClose(big.p10, quantile(ACCURACIES, 0.1));
    expectClose(big.p90, 0.899);
    expectClose(big.ci95_low, 0.7334420886369567);
    expectClose(big.ci95_high, 0.9345579113630432);
    const shape = referenceShape(ACCURACIES);
    expectClose(big.skewness, shape.skewness);
    expectClose(big.skewness, -2.6560405092692716); // scipy.stats.skew(x, bias=False)
    expectClose(big.kurtosis, shape.kurtosis);
    expectClose(big.kurtosis, 8.078731699616524); // scipy.stats.kurtosis(x, bias=False)
    expectClose(big.cv, 0.16854948096695999);
    expect(rows[2]).toMatchObject({ count: 3, kurtosis: null });
    expect(analysis.findings[0]).toBe(`lr=0.01 has the highest mean test_acc: 0.834 [0.733, 0.935], n = 10; ${HOSTILE_TRIAL} the lowest: 0.6 [0.352, 0.848], n = 3.`);
  });

  it('counts missing values before handling them: drop, keep, fill_mean, fill_median', async () => {
    const spec: QuerySpec = { experiments: { names: ['flat'] }, metrics: { names: ['test_loss'] } };
    const stats = async (missing: string) => table(await analyse({ statistics: { missing } }, spec), 'statistics').find((r) => r.group === 'same')!;
    expect(await stats('drop')).toMatchObject({ count: 2, missing: 2, mean: 0.5 });
    expect(await stats('keep')).toMatchObject({ count: 4, missing: 2, mean: null });
    expect(await stats('fill_mean')).toMatchObject({ count: 4, missing: 2, mean: 0.5, std: 0 });
    const single = table(await analyse({ statistics: {} }, { experiments: { names: ['flat'] }, metrics: { names: ['test_acc'] } }), 'statistics').find((r) => r.group === 'single')!;
    expect(single).toMatchObject({ count: 1, std: null, ci95_low: null, skewness: null });
  });
});

describe('compare', () => {
  // scipy.stats.ttest_ind(a, b, equal_var=False) for the lr_sweep trials, in rank order
  const WELCH = [
    { a: 'lr=0.01', b: 'lr=0.001', t: 0.5332016948435209, df: 9.447617654437712, p: 0.6062081459267807, holm: 0.6062081459267807, ci: [-0.07709154399552778, 0.12509154399552738] },
    { a: 'lr=0.01', b: HOSTILE_TRIAL, t: 3.211410782891864, df: 4.706486959474463, p: 0.025815604783882944, holm: 0.07744681435164883, ci: [0.043125587023131046, 0.4248744129768689] },
    { a: 'lr=0.001', b: HOSTILE_TRIAL, t: 3.610330006885897, df: 2.0602182254496366, p: 0.06590158603577227, holm: 0.13180317207154454, ci: [-0.033388950067661294, 0.45338895006766167] },
  ];
  // Hedges' g with the exact small-sample correction and its normal-theory interval; Cliff's delta
  const EFFECTS = [
    { g: 0.1925449439441213, low: -0.8831803295775871, high: 1.2682702174658298, delta: 0.8 },
    { g: 1.6226293544494756, low: 0.18957568996460883, high: 3.0556830189343422, delta: 0.8 },
    { g: 3.0833188721499254, low: 1.0021436989139119, high: 5.164494045385939, delta: 1.0 },
  ];

  it("Welch's t-test per pair with Holm-adjusted p-values, effect sizes and verdicts", async () => {
    const analysis = await analyse({ compare: { by: 'trial' } });
    const pairs = table(analysis, 'pairs');
    expect(pairs.map((r) => [r.group_a, r.group_b])).toEqual(WELCH.map((w) => [w.a, w.b]));
    pairs.forEach((row, i) => {
      expectClose(row.statistic, WELCH[i].t);
      expectClose(row.df, WELCH[i].df);
      expectClose(row.p, WELCH[i].p);
      expectClose(row.p_adjusted, WELCH[i].holm);
      expectClose(row.difference_ci_low, WELCH[i].ci[0]);
      expectClose(row.difference_ci_high, WELCH[i].ci[1]);
      expectClose(row.hedges_g, EFFECTS[i].g);
      expectClose(row.hedges_g_ci_low, EFFECTS[i].low);
      expectClose(row.hedges_g_ci_high, EFFECTS[i].high);
      expectClose(row.cliffs_delta, EFFECTS[i].delta);
    });
    expect(table(analysis, 'ranking').map((r) => [r.rank, r.group, r.n])).toEqual([[1, 'lr=0.01', 10], [2, 'lr=0.001', 5], [3, HOSTILE_TRIAL, 3]]);
    expect(pairs[1].verdict).toBe(`no significant difference between lr=0.01 and ${HOSTILE_TRIAL} on test_acc (p_holm = 0.077)`);
    expect(analysis.findings).toEqual(['No pair differs significantly on test_acc at α = 0.05 (holm-adjusted).']);
  });

  it('states the winner, the margin and its interval when a difference is significant', async () => {
    const analysis = await analyse({ compare: { by: 'trial', correction: 'none', baseline: HOSTILE_TRIAL } });
    const pairs = table(analysis, 'pairs');
    expect(pairs.map((r) => r.group_a)).toEqual(['lr=0.01', 'lr=0.001']);
    expect(pairs[0].verdict).toBe(`lr=0.01 beats ${HOSTILE_TRIAL} on test_acc by 0.234 [0.0431, 0.425], p = 0.026, g = 1.62: large`);
    expect(analysis.findings).toEqual([pairs[0].verdict]);
  });

  it('Mann–Whitney U as scipy computes it, and Student t', async () => {
    const mw = table(await analyse({ compare: { test: 'mannwhitney', correction: 'bonferroni' } }), 'pairs');
    // scipy.stats.mannwhitneyu(a, b): exact for the small pair without ties, else normal with continuity
    expect(mw.map((r) => r.statistic)).toEqual([45, 27, 15]);
    expectClose(mw[0].p, 0.016732719687179865);
    expectClose(mw[1].p, 0.05126949723222051);
    expectClose(mw[2].p, 0.03571428571428571);
    expectClose(mw[2].p_adjusted, 3 * 0.03571428571428571);
    const student = table(await analyse({ compare: { test: 'student', correction: 'none' } }), 'pairs');
    expectClose(student[2].p, 0.0028212592801565755); // scipy.stats.ttest_ind(b, c)
  });

  it('gives a reason instead of NaN when a group is too small', async () => {
    const analysis = await analyse({ compare: {} }, { experiments: { names: ['flat'] }, metrics: { names: ['test_acc'] } });
    const [pair] = table(analysis, 'pairs');
    expect(pair).toMatchObject({ group_a: 'single', group_b: 'same', p: null, p_adjusted: null });
    expect(pair.reason).toMatch(/at least 2/);
    expect(analysis.notes.join('\n')).toMatch(/single vs same: .*at least 2/);
  });

  it('ranks a loss lowest first', async () => {
    // Only lr=0.01 has test_loss values; the trials without any rank last, unranked.
    const ranking = table(await analyse({ compare: { metric: 'test_loss' } }, { experiments: { names: ['lr_sweep'] }, metrics: { names: ['test_loss'] } }), 'ranking');
    expect(ranking.map((r) => [r.rank, r.group, r.n])).toEqual([[1, 'lr=0.01', 10], [null, 'lr=0.001', 0], [null, HOSTILE_TRIAL, 0]]);
    const flipped = table(await analyse({ compare: { higher_is_better: false } }), 'ranking');
    expect(flipped.map((r) => r.group)).toEqual([HOSTILE_TRIAL, 'lr=0.001', 'lr=0.01']);
  });
});

describe('outliers (flag mode)', () => {
  it('flags what exclude_outliers would drop, with scores per method', async () => {
    const analysis = await analyse({ outliers: { method: 'all' } }, { ...SWEEP, trials: { names: ['lr=0.01'] } });
    const rows = table(analysis, 'flags');
    expect(rows).toHaveLength(10);
    const flagged = rows.filter((r) => r.any_flag).map((r) => [r.value, r.iqr_flag, r.zscore_flag, r.modified_zscore_flag, r.flag_count]);
    expect(flagged).toEqual([[0.45, true, false, true, 2], [0.98, true, false, true, 2]]);
    const low = rows.find((r) => r.value === 0.45)!;
    expectClose(low.zscore_score, Math.abs(0.45 - mean(ACCURACIES)) / sd(ACCURACIES));
    const [q1, q3] = [quantile(ACCURACIES, 0.25), quantile(ACCURACIES, 0.75)];
    expectClose(low.iqr_score, (q1 - 0.45) / (q3 - q1));
    expect(rows.find((r) => r.value === 0.86)!.iqr_score).toBe(0);
    const excluded = await runQuery(engine, { ...SWEEP, trials: { names: ['lr=0.01'] }, exclude_outliers: { method: 'iqr' } });
    expect(excluded.excluded.map((e) => e.value)).toEqual([0.45, 0.98]);
  });
});

describe('the analyze list', () => {
  it('reports every problem with its path, together with the query’s', async () => {
    const spec = { ...SWEEP, group_by: ['trail'], analyze: [{ compare: { test: 'welsh', metrc: 'x' } }, { statistcs: {} }, { failures: { by: ['trail'] } }] };
    await expect(runQuery(engine, spec as unknown as QuerySpec)).rejects.toThrow(QuerySpecError);
    try {
      await runQuery(engine, spec as unknown as QuerySpec);
    } catch (error) {
      expect((error as QuerySpecError).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
        "group_by[0]: cannot group by 'trail'; use experiment, trial, run, status, epoch, batch, param:<key>; did you mean 'trial'?",
        "analyze[0].compare.metrc: unknown field; did you mean 'metric'?",
        "analyze[0].compare.test: expected one of welch, student, mannwhitney, got 'welsh'; did you mean 'welch'?",
        "analyze[1].statistcs: unknown processor; did you mean 'statistics'?",
        "analyze[2].failures.by[0]: cannot group by 'trail'; use experiment, trial, status or param:<key>; did you mean 'trial'?",
      ]);
    }
  });

  it('is what .analyze() adds in the fluent API', async () => {
    const result = await analytics(engine).experiments({ names: ['lr_sweep'] }).metrics('test_acc').analyze('statistics', { by: 'trial' }).analyze('compare').execute();
    expect(result.analyses.map((a) => a.processor)).toEqual(['statistics', 'compare']);
    expect(table(result.analyses[0], 'statistics')[1].mean).toBeCloseTo(mean(SMALL_LR_ACCURACIES), 12);
    expect(table(result.analyses[1], 'ranking')[2].mean).toBeCloseTo(mean(HOSTILE_VALUES), 12);
  });
});
