import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { readCatalog } from '../../../src/query/catalog.ts';
import { runQuery } from '../../../src/query/run.ts';
import type { QuerySpec } from '../../../src/query/spec.ts';
import type { Analysis } from '../../../src/stats/analysis.ts';
import { SnapshotWriter } from '../../../src/sample/writer.ts';
import { createNodeEngine, load } from '../../fixtures/engine.ts';
import { buildFailureSnapshot } from '../../fixtures/failure-snapshot.ts';
import { relativeError } from '../../fixtures/reference-stats.ts';

const table = (analysis: Analysis, name: string) => analysis.tables.find((t) => t.name === name)!.rows as Record<string, any>[];
function expectClose(actual: number, expected: number, tolerance = 1e-9) {
  expect(relativeError(actual, expected), `${actual} vs ${expected}`).toBeLessThan(tolerance);
}

describe('failures', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await load(engine, { name: 'failures.db', bytes: await buildFailureSnapshot() });
    // Params as a config file would give them (the trial name would too; this keeps the test about failures).
    await engine.query(`DELETE FROM params`);
    await engine.query(`INSERT INTO params (trial_id, run_id, key, value, value_num) SELECT trial_id, NULL, 'lr', substr(trial, 4), TRY_CAST(substr(trial, 4) AS DOUBLE) FROM trials`);
  });
  afterAll(() => engine.close());

  const run = async (options: Record<string, unknown> = {}) => {
    const spec: QuerySpec = { metrics: { names: ['test_acc'] }, analyze: [{ failures: options }] };
    return (await runQuery(engine, spec, { catalog: await readCatalog(engine) })).analyses[0];
  };

  it('finds the planted failing value, with Fisher p-values adjusted by Holm', async () => {
    const analysis = await run({ by: ['trial'], params: ['lr'] });
    expect(analysis.findings[0]).toBe('8 of 12 runs with lr=0.1 failed vs 3 of 84 elsewhere, p_holm < 0.001: lower lr');
    const associations = table(analysis, 'associations');
    const lr = associations.filter((a) => a.factor === 'param:lr');
    // scipy.stats.fisher_exact([[8, 4], [3, 81]]) etc.; Holm over the 6 tests (trial and lr carry the same split)
    expectClose(lr.find((a) => a.value === '0.1')!.p, 5.435861516929818e-07);
    expectClose(lr.find((a) => a.value === '0.1')!.odds_ratio, 54);
    expectClose(lr.find((a) => a.value === '0.001')!.p, 0.010128070266857773);
    expectClose(lr.find((a) => a.value === '0.1')!.p_adjusted, 6 * 5.435861516929818e-07);
    expectClose(lr.find((a) => a.value === '0.01')!.p_adjusted, 2 * 0.11435858800994152);
    const factors = table(analysis, 'factors');
    // scipy.stats.chi2_contingency([[8, 4], [2, 38], [1, 43]])
    expectClose(factors[0].chi2, 41.355138551288285);
    expectClose(factors[0].p, 1.046756736261085e-09);
    expect(factors[0].df).toBe(2);
  });

  it('reports rates with Wilson intervals, where runs stopped, and failures per day', async () => {
    const analysis = await run({ by: ['trial'], window: 'day' });
    const rates = table(analysis, 'rates');
    expect(rates.map((r) => [r.group, r.runs, r.failed])).toEqual([['lr=0.1', 12, 8], ['lr=0.01', 40, 2], ['lr=0.001', 44, 1]]);
    // Wilson score interval (statsmodels proportion_confint method="wilson"), from its formula with scipy.stats.norm.ppf(0.975)
    expectClose(rates[0].ci_low, 0.39062208887279953, 1e-9);
    expectClose(rates[0].ci_high, 0.8618799089087867, 1e-9);
    expect(table(analysis, 'last_epoch')).toEqual([{ epochs_reached: 2, failed_runs: 11 }]);
    expect(table(analysis, 'over_time').map((w) => [w.window_start, w.runs, w.failed])).toEqual([
      ['2026-04-01', 24, 10], ['2026-04-02', 24, 0], ['2026-04-03', 24, 1], ['2026-04-04', 24, 0],
    ]);
    expect(analysis.findings).toContain('Failed runs reached a median of 2 epochs (completed runs: 10).');
  });
});

describe('curves', () => {
  let engine: Engine;
  // val_loss of trial "big_lr" falls, then rises from epoch 4 while train_loss keeps falling.
  const OVERFIT = [1.0, 0.6, 0.4, 0.35, 0.38, 0.42, 0.47, 0.5];
  const STEADY = [1.0, 0.5, 0.3, 0.2, 0.15, 0.12, 0.11, 0.105];
  beforeAll(async () => {
    const w = await SnapshotWriter.create();
    const e = w.experiment({ title: 'curves', start_time: '2026-05-01T00:00:00' });
    for (const [name, series] of [['big_lr', OVERFIT], ['steady', STEADY]] as const) {
      const trial = w.trial(e, { name, start_time: '2026-05-01T00:00:00' });
      for (let r = 0; r < 3; r++) {
        const run = w.run(trial, { start_time: `2026-05-01T0${r}:00:00` });
        series.forEach((value, epoch) => {
          w.epoch(run, epoch, `2026-05-01T0${r}:${String(epoch + 1).padStart(2, '0')}:00`);
          // runs differ by ±0.01 so the band has width; the mean stays the series
          w.epochMetric(run, epoch, 'val_loss', value + (r - 1) * 0.01);
          w.epochMetric(run, epoch, 'train_loss', 1 / (epoch + 1));
        });
        w.resultsMetric(run, 'test_acc', 0.9);
      }
    }
    engine = await createNodeEngine();
    await load(engine, { name: 'curves.db', bytes: w.export() });
  });
  afterAll(() => engine.close());

  it('bands per epoch with a t-interval, best epochs, convergence, trend and overfitting', async () => {
    const spec: QuerySpec = { metrics: { names: ['val_loss'] }, analyze: [{ curves: { by: 'trial', tolerance: 0.05 } }] };
    const [analysis] = (await runQuery(engine, spec)).analyses;
    const band = table(analysis, 'band');
    const first = band.find((b) => b.group === 'big_lr' && b.epoch === 0)!;
    expect(first.n).toBe(3);
    expectClose(first.mean, 1.0, 1e-12);
    // s = 0.01 over 3 runs: half-width t(0.975, 2)·0.01/√3
    expectClose(first.ci_high - first.mean, (4.302652729749462 * 0.01) / Math.sqrt(3), 1e-9);
    const summary = Object.fromEntries(table(analysis, 'summary').map((s) => [s.group, s]));
    expect(summary.big_lr).toMatchObject({ best_epoch: 3, overfitting: true, overfit_from_epoch: 4 });
    expect(summary.steady).toMatchObject({ best_epoch: 7, overfitting: false, convergence_epoch: 6 });
    expect(analysis.findings).toContain('big_lr overfits from epoch 4: val_loss gets worse for 3 epochs while train_loss still falls.');
    const best = table(analysis, 'best_per_run');
    expect(best.filter((b) => b.trial === 'big_lr').map((b) => b.best_epoch)).toEqual([3, 3, 3]);
  });

  it('fits the trend against epoch: the issue’s reference series', async () => {
    const { linearRegression } = await import('../../../src/stats/math/regression.ts');
    const fit = linearRegression([0, 1, 2, 3, 4, 5], [2.5, 1.8, 1.2, 0.9, 0.7, 0.6]);
    // scipy.stats.linregress
    expectClose(fit.slope, -0.37428571428571433);
    expectClose(fit.r2, 0.9514176813553575 ** 2);
    expectClose(fit.p, 0.003483029520527525);
  });
});

describe('trials that share a name across experiments', () => {
  let engine: Engine;
  beforeAll(async () => {
    const w = await SnapshotWriter.create();
    for (const [title, loss, failures] of [['first', 0.5, 0], ['second', 0.9, 2]] as const) {
      const e = w.experiment({ title, start_time: '2026-06-01T00:00:00' });
      const trial = w.trial(e, { name: 'base', start_time: '2026-06-01T00:00:00' });
      for (let r = 0; r < 3; r++) {
        const run = w.run(trial, { status: r < failures ? 'failed' : 'started', start_time: `2026-06-01T0${r}:00:00` });
        for (let epoch = 0; epoch < 3; epoch++) {
          w.epoch(run, epoch, `2026-06-01T0${r}:0${epoch + 1}:00`);
          w.epochMetric(run, epoch, 'val_loss', loss + epoch / 10 + r / 100);
        }
        if (r >= failures) w.resultsMetric(run, 'test_acc', loss);
      }
    }
    engine = await createNodeEngine();
    await load(engine, { name: 'same-names.db', bytes: w.export() });
  });
  afterAll(() => engine.close());

  it('stay apart in curves, failures and comparisons, named experiment / trial', async () => {
    const spec: QuerySpec = { metrics: { names: ['val_loss'] }, runs: { status: 'any' }, analyze: [{ curves: {} }, { failures: {} }, { compare: { within: 'all' } }] };
    const [curves, failures, compare] = (await runQuery(engine, spec)).analyses;
    expect(table(curves, 'summary').map((s) => [s.group, s.epochs])).toEqual([['first / base', 3], ['second / base', 3]]);
    expectClose(table(curves, 'band').find((b) => b.group === 'second / base' && b.epoch === 0)!.mean, 0.91);
    expect(table(failures, 'rates').map((r) => [r.group, r.runs, r.failed])).toEqual([['second / base', 3, 2], ['first / base', 3, 0]]);
    expect(table(compare, 'ranking').map((r) => r.group)).toEqual(['first / base', 'second / base']); // a loss: lowest first
  });
});
