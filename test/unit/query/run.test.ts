import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { readCatalog } from '../../../src/query/catalog.ts';
import { runQuery } from '../../../src/query/run.ts';
import type { QuerySpec } from '../../../src/query/spec.ts';
import { plainRows } from '../../../src/result/values.ts';
import { createNodeEngine, load, scalar } from '../../fixtures/engine.ts';
import {
  ACC_SERIES, ACCURACIES, buildQuerySnapshot, HOSTILE_METRIC, HOSTILE_TRIAL, HOSTILE_VALUES, LOSS_SERIES, SMALL_LR_ACCURACIES,
} from '../../fixtures/query-snapshot.ts';
import { mean, median, quantile, relativeError, sd, T_PPF } from '../../fixtures/reference-stats.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await load(engine, { name: 'queries.db', bytes: await buildQuerySnapshot() });
});
afterAll(() => engine.close());

const run = (spec: QuerySpec) => runQuery(engine, spec);
const rowsOf = async (spec: QuerySpec) => plainRows((await run(spec)).rows) as Record<string, any>[];
const BIG = { experiments: { names: ['lr_sweep'] }, trials: { names: ['lr=0.01'] } };
/** Run ids of the lr=0.01 runs, in ACCURACIES order (the writer numbers them 1–10). */
const runOf = (accuracy: number) => ACCURACIES.indexOf(accuracy) + 1;

function expectClose(actual: number, expected: number, tolerance = 1e-12) {
  expect(relativeError(actual, expected), `${actual} vs ${expected}`).toBeLessThan(tolerance);
}

describe('aggregates', () => {
  it('match plain arithmetic over the fixture, with t-intervals as scipy gives them', async () => {
    const [row] = await rowsOf({
      ...BIG, metrics: { names: ['test_acc'] }, group_by: ['trial'],
      aggregate: ['count', 'runs', 'mean', 'std', 'var', 'sem', 'median', 'min', 'max', 'sum', 'p25', 'p75', 'p90', 'ci95', 'ci99'],
    });
    const x = ACCURACIES;
    const s = sd(x);
    expect(Object.keys(row)).toEqual(['experiment', 'trial', 'metric', 'count', 'runs', 'mean', 'std', 'var', 'sem', 'median', 'min', 'max', 'sum', 'p25', 'p75', 'p90', 'ci95_low', 'ci95_high', 'ci99_low', 'ci99_high']);
    expect(row).toMatchObject({ experiment: 'lr_sweep', trial: 'lr=0.01', metric: 'test_acc', count: 10, runs: 10, min: 0.45, max: 0.98 });
    expectClose(row.mean, 0.834);
    expectClose(row.std, 0.14057026712644463);
    expectClose(row.std, s);
    expectClose(row.var, s * s);
    expectClose(row.sem, s / Math.sqrt(10));
    expectClose(row.median, median(x));
    expectClose(row.sum, 8.34);
    expectClose(row.p25, quantile(x, 0.25));
    expectClose(row.p75, quantile(x, 0.75));
    expectClose(row.p90, 0.899);
    // scipy.stats.t.interval(0.95, 9, loc=mean, scale=s/sqrt(10))
    expectClose(row.ci95_low, 0.7334420886369567, 1e-9);
    expectClose(row.ci95_high, 0.9345579113630432, 1e-9);
    expectClose(row.ci99_low, mean(x) - (T_PPF['0.995,9'] * s) / Math.sqrt(10), 1e-9);
    expectClose(row.ci99_high, mean(x) + (T_PPF['0.995,9'] * s) / Math.sqrt(10), 1e-9);
  });

  it('gives a null interval with a reason when a group has fewer than 2 values', async () => {
    const result = await run({ experiments: { names: ['flat'] }, metrics: { names: ['test_acc'] }, group_by: ['trial'], aggregate: ['count', 'ci95'] });
    expect(plainRows(result.rows)).toEqual([
      { experiment: 'flat', trial: 'same', metric: 'test_acc', count: 4, ci95_low: 0.5, ci95_high: 0.5 },
      { experiment: 'flat', trial: 'single', metric: 'test_acc', count: 1, ci95_low: null, ci95_high: null },
    ]);
    expect(result.meta.notes).toContain('ci95: 1 row has fewer than 2 values, so no interval (null).');
  });

  it('orders and limits, names joined after grouping on ids', async () => {
    const rows = await rowsOf({ experiments: { names: ['lr_sweep'] }, metrics: { names: ['test_acc'] }, group_by: ['trial'], aggregate: ['mean'], order_by: ['-mean'], limit: 2 });
    expect(rows.map((r) => r.trial)).toEqual(['lr=0.01', 'lr=0.001']);
    expectClose(rows[1].mean, mean(SMALL_LR_ACCURACIES));
  });
});

describe('outlier exclusion', () => {
  const excludedBy = async (rule: QuerySpec['exclude_outliers']) => {
    const result = await run({ ...BIG, metrics: { names: ['test_acc'] }, exclude_outliers: rule, group_by: ['trial'], aggregate: ['count', 'mean'] });
    return { result, ids: result.excluded.map((e) => e.run_id), row: plainRows(result.rows)[0] as Record<string, any> };
  };

  it('IQR (k = 1.5) excludes 0.45 and 0.98, with the fence each crossed', async () => {
    const { result, ids, row } = await excludedBy({ method: 'iqr', threshold: 1.5, within: 'trial' });
    expect(ids).toEqual([runOf(0.45), runOf(0.98)]);
    const q1 = quantile(ACCURACIES, 0.25);
    const q3 = quantile(ACCURACIES, 0.75);
    const [low, high] = result.excluded;
    expectClose(low.bound, q1 - 1.5 * (q3 - q1));
    expectClose(high.bound, q3 + 1.5 * (q3 - q1));
    expect(low).toMatchObject({ experiment: 'lr_sweep', trial: 'lr=0.01', metric: 'test_acc', value: 0.45, rule: 'iqr', threshold: 1.5 });
    expect(low.reason).toBe('test_acc = 0.45 is below 0.80875, the lower IQR fence (k = 1.5) within trial lr=0.01');
    const kept = ACCURACIES.filter((x) => x !== 0.45 && x !== 0.98);
    expect(row.count).toBe(8);
    expectClose(row.mean, mean(kept));
    expect(result.meta.steps.map((s) => s.rows)).toEqual([25, 10, 10, 10, 8, 1]);
  });

  it('modified z-score (3.5) excludes both; z-score (3) excludes none; z-score (2) only 0.45', async () => {
    const modified = await excludedBy({ method: 'modified_zscore' });
    expect(modified.ids).toEqual([runOf(0.45), runOf(0.98)]);
    const med = median(ACCURACIES);
    const mad = median(ACCURACIES.map((x) => Math.abs(x - med)));
    expectClose(modified.result.excluded[1].score!, (0.6745 * Math.abs(0.98 - med)) / mad, 1e-9);
    expect((await excludedBy({ method: 'zscore', threshold: 3 })).ids).toEqual([]);
    const z2 = await excludedBy({ method: 'zscore', threshold: 2 });
    expect(z2.ids).toEqual([runOf(0.45)]);
    expectClose(z2.result.excluded[0].score!, Math.abs(0.45 - mean(ACCURACIES)) / sd(ACCURACIES), 1e-9);
    expectClose(z2.result.excluded[0].bound, mean(ACCURACIES) - 2 * sd(ACCURACIES), 1e-9);
  });

  it('custom bounds exclude what lies outside them', async () => {
    expect((await excludedBy({ method: 'custom', lower: 0.5 })).ids).toEqual([runOf(0.45)]);
    expect((await excludedBy({ method: 'custom', lower: 0.5, upper: 0.95 })).ids).toEqual([runOf(0.45), runOf(0.98)]);
    expect((await excludedBy({ method: 'custom', upper: 0.88 })).ids).toEqual([runOf(0.89), runOf(0.98)]);
  });

  it('judges within the chosen partition', async () => {
    const spec: QuerySpec = { experiments: { names: ['lr_sweep'] }, metrics: { names: ['test_acc'] }, exclude_outliers: { method: 'iqr', within: 'all' } };
    const all = [...ACCURACIES, ...SMALL_LR_ACCURACIES, ...HOSTILE_VALUES];
    const q1 = quantile(all, 0.25);
    const q3 = quantile(all, 0.75);
    const outside = all.filter((x) => x < q1 - 1.5 * (q3 - q1) || x > q3 + 1.5 * (q3 - q1));
    const result = await run(spec);
    expect(result.excluded.map((e) => e.value).sort()).toEqual(outside.sort());
    expect(result.excluded.map((e) => e.value)).not.toEqual([0.45, 0.98]);
  });

  it('flags nothing where the IQR is 0, and says so', async () => {
    const result = await run({ experiments: { names: ['flat'] }, metrics: { names: ['test_acc'] }, exclude_outliers: { method: 'iqr' } });
    expect(result.excluded).toEqual([]);
    expect(result.meta.notes).toEqual([
      "exclude_outliers: the IQR of test_acc is 0 within trial 'same' (flat) (4 runs), so no run there was excluded.",
      "exclude_outliers: the IQR of test_acc is 0 within trial 'single' (flat) (1 run), so no run there was excluded.",
    ]);
  });

  it('drops an excluded run from every metric, also when another metric decides', async () => {
    const rows = await rowsOf({ ...BIG, metrics: { names: ['test_loss'] }, exclude_outliers: { metric: 'test_acc', method: 'iqr' } });
    expect(rows.map((r) => r.run_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rows.every((r) => r.metric === 'test_loss')).toBe(true);
  });
});

describe('per-run summaries of a series', () => {
  const perRun = async (per_run: QuerySpec['per_run'], metric = 'val_loss', extra: QuerySpec = {}) =>
    (await rowsOf({ ...BIG, metrics: { names: [metric] }, per_run, ...extra })).map((r) => [r.run_id, r.epoch, r.value]);
  const expected = (series: number[], epoch: number | null, value: (s: number[]) => number) =>
    ACCURACIES.map((_, i) => [i + 1, epoch, value(series.map((v) => v + i / 100))]);

  it.each([
    ['last', 4, (s: number[]) => s[4]],
    ['first', 0, (s: number[]) => s[0]],
    ['min', 2, (s: number[]) => Math.min(...s)],
    ['max', 0, (s: number[]) => Math.max(...s)],
    ['best', 2, (s: number[]) => Math.min(...s)],
  ] as const)('%s picks the value and the epoch it came from (ties: the earliest)', async (summary, epoch, value) => {
    const rows = await perRun(summary);
    expected(LOSS_SERIES, epoch, value).forEach(([id, e, v], i) => {
      expect(rows[i].slice(0, 2)).toEqual([id, e]);
      expectClose(rows[i][2] as number, v as number);
    });
  });

  it('mean has no epoch; { epoch: N } takes that epoch', async () => {
    const means = await rowsOf({ ...BIG, metrics: { names: ['val_loss'] }, per_run: 'mean' });
    expect(Object.keys(means[0])).not.toContain('epoch');
    means.forEach((r, i) => expectClose(r.value, mean(LOSS_SERIES.map((v) => v + i / 100))));
    const atOne = await perRun({ epoch: 1 });
    atOne.forEach(([, epoch, value], i) => {
      expect(epoch).toBe(1);
      expectClose(value as number, LOSS_SERIES[1] + i / 100);
    });
  });

  it('best is the max for an accuracy, the min for a loss, unless told otherwise', async () => {
    const acc = await perRun('best', 'val_acc');
    expected(ACC_SERIES, 2, (s) => Math.max(...s)).forEach(([, epoch, value], i) => {
      expect(acc[i][1]).toBe(epoch);
      expectClose(acc[i][2] as number, value as number);
    });
    const flipped = await perRun('best', 'val_loss', { metrics: { names: ['val_loss'], higher_is_better: true } });
    expect(flipped.map((r) => r[1])).toEqual(ACCURACIES.map(() => 0));
  });

  it('returns every epoch row without per_run, and curves per epoch when grouped', async () => {
    const rows = await rowsOf({ ...BIG, metrics: { names: ['val_loss'] } });
    expect(rows).toHaveLength(50);
    expect(Object.keys(rows[0])).toEqual(['experiment_id', 'experiment', 'trial_id', 'trial', 'run_id', 'status', 'metric', 'epoch', 'value']);
    const curve = await rowsOf({ ...BIG, metrics: { names: ['val_loss'] }, group_by: ['epoch'], aggregate: ['runs', 'mean', 'ci95'] });
    expect(curve.map((r) => r.epoch)).toEqual([0, 1, 2, 3, 4]);
    curve.forEach((r, epoch) => {
      const values = ACCURACIES.map((_, i) => LOSS_SERIES[epoch] + i / 100);
      expect(r.runs).toBe(10);
      expectClose(r.mean, mean(values));
      expectClose(r.ci95_high, mean(values) + (T_PPF['0.975,9'] * sd(values)) / Math.sqrt(10), 1e-9);
    });
  });
});

describe('filters', () => {
  const runIds = async (spec: QuerySpec) => (await rowsOf({ metrics: { names: ['test_acc'] }, ...spec })).map((r) => r.run_id);

  it('select experiments by name, id and start date (the end date is inclusive)', async () => {
    expect(await runIds({ experiments: { started: { from: '2026-01-01' } } })).toHaveLength(18);
    expect(await runIds({ experiments: { started: { to: '2025-06-01' } } })).toEqual([21, 22, 23, 24, 25]);
    expect(await runIds({ experiments: { ids: [2] } })).toEqual([21, 22, 23, 24, 25]);
  });

  it('select and exclude trials, and runs by status (completed by default)', async () => {
    expect(await runIds({ trials: { names: ['lr=0.001'] } })).toEqual([13, 14, 15, 16, 17]);
    expect(await runIds({ experiments: { ids: [1] }, trials: { exclude: ['lr=0.01', HOSTILE_TRIAL] } })).toEqual([13, 14, 15, 16, 17]);
    const failed = await run({ metrics: { names: ['test_acc'] }, runs: { status: ['failed'] } });
    expect(failed.rows.numRows).toBe(0);
    expect(failed.meta.notes).toEqual(['1 of the 1 runs in scope have no results-level value for test_acc.']);
    const incomplete = await rowsOf({ ...BIG, metrics: { names: ['val_loss'] }, per_run: 'last', runs: { status: 'any' } });
    expect(incomplete.map((r) => [r.run_id, r.status]).slice(-1)).toEqual([[12, 'incomplete']]);
  });

  it('leave NULL, NaN and infinite values out, and count them', async () => {
    const result = await run({ experiments: { names: ['flat'] }, metrics: { names: ['test_loss'] } });
    expect(plainRows(result.rows).map((r) => r.value)).toEqual([0.5, 0.5]);
    expect(result.meta.notes[0]).toBe('2 results-level values are NULL, NaN or infinite; they were left out.');
    expect(result.meta.steps.slice(2, 4).map((s) => s.rows)).toEqual([4, 2]);
  });

  it('treat names with quotes, ; and -- as data: they filter correctly and drop nothing', async () => {
    const rows = await rowsOf({ trials: { names: [HOSTILE_TRIAL] }, metrics: { names: [HOSTILE_METRIC, 'test_acc'] } });
    expect(rows.map((r) => [r.trial, r.metric, r.value])).toEqual(
      HOSTILE_VALUES.flatMap((v) => [[HOSTILE_TRIAL, HOSTILE_METRIC, v], [HOSTILE_TRIAL, 'test_acc', v]]),
    );
    const grouped = await rowsOf({ trials: { names: [HOSTILE_TRIAL] }, metrics: { names: [HOSTILE_METRIC] }, exclude_outliers: { method: 'zscore', threshold: 1.5 }, group_by: ['trial'], aggregate: ['count'] });
    expect(grouped).toEqual([{ experiment: 'lr_sweep', trial: HOSTILE_TRIAL, metric: HOSTILE_METRIC, count: 3 }]);
    expect(await scalar(engine, 'SELECT count(*) FROM runs')).toBe(25);
  });
});

describe('grouping', () => {
  it('by status and by run, with their key columns', async () => {
    const byStatus = await rowsOf({ ...BIG, runs: { status: 'any' }, metrics: { names: ['val_loss'] }, per_run: 'last', group_by: ['status'], aggregate: ['runs', 'max'] });
    expect(byStatus).toEqual([
      { status: 'completed', metric: 'val_loss', runs: 10, max: LOSS_SERIES[4] + 0.09 },
      { status: 'incomplete', metric: 'val_loss', runs: 1, max: 2.5 },
    ]);
    const byRun = await rowsOf({ ...BIG, metrics: { names: ['val_loss'] }, group_by: ['run'], aggregate: ['count'], limit: 2 });
    expect(byRun).toEqual([
      { experiment: 'lr_sweep', trial: 'lr=0.01', run_id: 1, metric: 'val_loss', count: 5 },
      { experiment: 'lr_sweep', trial: 'lr=0.01', run_id: 2, metric: 'val_loss', count: 5 },
    ]);
  });
});

describe('grouping by a param', () => {
  it('uses the run’s own value, else its trial’s', async () => {
    // Replaces whatever params the load found, so the test controls every value.
    await engine.query('DELETE FROM params');
    await engine.query(`INSERT INTO params (trial_id, run_id, key, value, value_num) VALUES (1, NULL, 'lr', '0.01', 0.01), (2, NULL, 'lr', '0.001', 0.001), (2, 13, 'lr', '0.002', 0.002)`);
    try {
      const result = await runQuery(engine, { experiments: { ids: [1] }, trials: { exclude: [HOSTILE_TRIAL] }, metrics: { names: ['test_acc'] }, group_by: ['param:lr'], aggregate: ['count'] }, { catalog: await readCatalog(engine) });
      expect(plainRows(result.rows)).toEqual([
        { lr: '0.001', metric: 'test_acc', count: 4 },
        { lr: '0.002', metric: 'test_acc', count: 1 },
        { lr: '0.01', metric: 'test_acc', count: 10 },
      ]);
    } finally {
      await engine.query('DELETE FROM params');
    }
  });
});

describe('the result', () => {
  it('carries the spec, the SQL and the counts of each step', async () => {
    const spec: QuerySpec = { ...BIG, metrics: { names: ['val_loss'] }, per_run: 'best', exclude_outliers: { method: 'iqr' }, group_by: ['trial'] };
    const result = await run(spec);
    expect(result.meta.spec).toEqual(spec);
    expect(result.meta.sql).toMatch(/^WITH scope_runs AS/);
    expect(result.meta.sql.match(/;/g)).toBeNull();
    expect(result.meta.steps).toEqual([
      { step: 'runs in the snapshot', rows: 25 },
      { step: 'runs in scope (experiment, trial and status filters)', rows: 10 },
      { step: 'epoch-level metric values of those runs', rows: 50 },
      { step: 'values that are numbers (not NULL, NaN or infinite)', rows: 50 },
      { step: 'per-run values (best)', rows: 10 },
      { step: 'values kept after excluding 0 outlier runs', rows: 10 },
      { step: 'result rows', rows: 1 },
    ]);
    expect(result.meta.timing_ms.total).toBeGreaterThan(0);
  });
});

describe('found by test/reliability/fuzz-specs', () => {
  it('orders ungrouped rows by run_id (a bare "run_id" was ambiguous between two joined tables)', async () => {
    const rows = await rowsOf({ ...BIG, metrics: { names: ['test_acc'] }, order_by: ['-run_id'] });
    expect(rows.map((r) => r.run_id)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('runs a name holding NUL, which used to end the statement inside its string', async () => {
    const catalog = { ...(await readCatalog(engine)), experiments: [{ id: 99, title: 'a\0b' }] };
    const result = await runQuery(engine, { experiments: { names: ['a\0b'] }, metrics: { names: ['test_acc'] } }, { catalog });
    expect(result.rows.numRows).toBe(0);
  });
});
