import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/query/catalog.ts';
import { QuerySpecError } from '../../../src/query/problems.ts';
import { resolveQuery } from '../../../src/query/validate.ts';
import { didYouMean } from '../../../src/query/suggest.ts';

const catalog: Catalog = {
  experiments: [{ id: 1, title: 'lr_sweep' }, { id: 2, title: 'arch_compare' }],
  trials: [{ id: 1, experimentId: 1, name: 'lr=0.01' }, { id: 2, experimentId: 1, name: 'lr=0.001' }, { id: 3, experimentId: 2, name: 'mlp_baseline' }],
  statuses: ['completed', 'failed', 'incomplete'],
  metrics: [
    { name: 'loss', level: 'batch' }, { name: 'loss', level: 'epoch' }, { name: 'val_loss', level: 'epoch' }, { name: 'val_acc', level: 'epoch' },
    { name: 'test_acc', level: 'results' }, { name: 'test_loss', level: 'results' },
  ],
  params: ['lr'],
};

function problems(spec: unknown): string[] {
  try {
    resolveQuery(spec, catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(QuerySpecError);
    return (error as QuerySpecError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('the spec was accepted');
}

describe('resolveQuery', () => {
  it('fills in the defaults and infers the level from the metric', () => {
    const query = resolveQuery({ metrics: { names: ['val_loss', 'val_acc'] }, per_run: 'best', group_by: ['trial'] }, catalog);
    expect(query.metrics).toEqual({ names: ['val_loss', 'val_acc'], level: 'epoch', lowerIsBetter: ['val_loss'] });
    expect(query.runs.status).toEqual(['completed']);
    expect(query.aggregates.map((a) => a.column)).toEqual(['count', 'mean', 'std', 'ci95']);
    expect(query.orderBy).toEqual([]);
    expect(query.limit).toBeNull();
  });

  it('reports every problem at once, each with its path and a suggestion from the snapshot', () => {
    expect(problems({
      experiments: { names: ['lr_swep'], started: { from: 'yesterday' } },
      trials: { names: ['lr=0.1'] },
      metrics: { names: ['tst_acc'] },
      per_run: 'lst',
      exclude_outliers: { method: 'iqrr', within: 'trail' },
      group_by: ['trail', 'param:bs'],
      aggregate: ['mean', 'p25', 'avg', 'ci95'],
      order_by: ['-meen', 'ci95_low'],
      limit: 0,
      metric: 'x',
    })).toEqual([
      "metric: unknown field; did you mean 'metrics'?",
      "metrics.names[0]: unknown metric 'tst_acc'; did you mean 'test_acc'?",
      "per_run: expected one of last, first, min, max, mean, best or { epoch: N }, got 'lst'; did you mean 'last'?",
      "experiments.names[0]: unknown experiment 'lr_swep'; did you mean 'lr_sweep'?",
      "experiments.started.from: expected a date like 2026-01-31 or 2026-01-31 14:00, got 'yesterday'",
      "trials.names[0]: unknown trial 'lr=0.1'; did you mean 'lr=0.01'?",
      'limit: expected a whole number of at least 1, got 0',
      "exclude_outliers.method: expected one of iqr, zscore, modified_zscore, custom, got 'iqrr'; did you mean 'iqr'?",
      "exclude_outliers.within: expected one of all, experiment, trial, got 'trail'; did you mean 'trial'?",
      "group_by[0]: cannot group by 'trail'; use experiment, trial, run, status, epoch, batch, param:<key>; did you mean 'trial'?",
      "group_by[1]: no param 'bs' in this snapshot; it has lr",
      "aggregate[2]: unknown aggregate 'avg'; use count, runs, mean, std, var, sem, median, min, max, sum, pNN (percentile) or ciNN (t-interval)",
      "order_by[0]: no result column 'meen'; did you mean 'mean'?",
      'order_by[1]: ci95_low is computed after the query runs, so it cannot order it; order by mean (or another column) instead',
    ]);
  });

  it('explains level mistakes: a metric at another level, at two levels, or levels mixed', () => {
    expect(problems({ metrics: { names: ['test_acc'], level: 'epoch' } })).toEqual([
      "metrics.names[0]: 'test_acc' is recorded at the results level, not epoch; set metrics.level: results",
    ]);
    expect(problems({ metrics: { names: ['loss'] } })).toEqual(["metrics.level: loss is recorded at epoch and batch level; say which with level: epoch"]);
    expect(problems({ metrics: { names: ['test_acc', 'val_loss'] } })).toEqual([
      'metrics.names: test_acc is results-level, val_loss is epoch-level; one query reads one level, so split it in two',
    ]);
    expect(problems({})).toEqual(['metrics: name the metrics to read (names: [loss, val_loss, val_acc]) or a level to read all of (level: epoch)']);
    // A name with no close match lists what there is, and says nothing false about the level.
    expect(problems({ metrics: { names: ['throughput'], level: 'epoch' } })).toEqual([
      "metrics.names[0]: unknown metric 'throughput'; the snapshot has loss, val_loss, val_acc, test_acc, test_loss",
    ]);
  });

  it('refuses steps that make no sense for the data', () => {
    expect(problems({ metrics: { names: ['val_loss'] }, exclude_outliers: { method: 'zscore' } })).toEqual([
      'exclude_outliers: runs are judged on one value each, but epoch-level metrics are series; add per_run (e.g. per_run: last)',
    ]);
    expect(problems({ metrics: { names: ['val_loss'] }, per_run: 'last', group_by: ['epoch'] })).toEqual([
      'group_by[0]: per_run leaves one value per run, so there is no epoch to group by; drop per_run to group the series',
    ]);
    expect(problems({ metrics: { names: ['test_acc', 'test_loss'] }, exclude_outliers: { method: 'custom' } })).toEqual([
      'exclude_outliers.metric: say which metric decides the outliers (one of test_acc, test_loss)',
      'exclude_outliers: method custom needs lower, upper or both',
    ]);
    expect(problems({ metrics: { names: ['test_acc'] }, exclude_outliers: { method: 'custom', lower: 0.9, upper: 0.1, threshold: 2 } })).toEqual([
      'exclude_outliers.threshold: method custom uses lower and upper, not threshold',
      'exclude_outliers: lower (0.9) is above upper (0.1)',
    ]);
    expect(problems({ metrics: { names: ['test_acc'] }, runs: { status: ['done'] }, aggregate: ['mean', 'mean'] })).toEqual([
      "runs.status[0]: unknown status 'done'; the snapshot has completed, failed, incomplete",
      "aggregate: 'mean' is listed twice",
    ]);
    expect(problems({ metrics: { names: ['test_acc'] }, runs: { status: [] } })).toEqual(["runs.status: name at least one status (completed, failed, incomplete) or 'any'"]);
  });

  it('takes best as min for losses unless told otherwise, per metric', () => {
    const byName = resolveQuery({ metrics: { names: ['val_loss', 'val_acc'] } }, catalog);
    expect(byName.metrics.lowerIsBetter).toEqual(['val_loss']);
    const overridden = resolveQuery({ metrics: { names: ['val_loss', 'val_acc'], higher_is_better: { val_loss: true, val_acc: false } } }, catalog);
    expect(overridden.metrics.lowerIsBetter).toEqual(['val_acc']);
    expect(resolveQuery({ metrics: { names: ['val_acc'], higher_is_better: false } }, catalog).metrics.lowerIsBetter).toEqual(['val_acc']);
  });

  it('reads percentiles, intervals at any confidence, and single values as lists', () => {
    const query = resolveQuery({ metrics: { names: 'test_acc' }, trials: { names: 'lr=0.01' }, group_by: 'trial', aggregate: ['p5', 'p99.5', 'ci99', { ci: 0.9 }] }, catalog);
    expect(query.metrics.names).toEqual(['test_acc']);
    expect(query.trials.names).toEqual(['lr=0.01']);
    expect(query.aggregates).toEqual([
      { kind: 'quantile', column: 'p5', p: 0.05 },
      { kind: 'quantile', column: 'p99_5', p: 0.995 },
      { kind: 'ci', column: 'ci99', confidence: 0.99 },
      { kind: 'ci', column: 'ci90', confidence: 0.9 },
    ]);
  });
});

describe('param keys as columns', () => {
  it('refuses a key DuckDB could not use as a column name, even one the snapshot has', () => {
    const withOdd: Catalog = { ...catalog, params: ['lr', '', 'a\0b'] };
    const refused = (key: string) => {
      try {
        resolveQuery({ metrics: { names: ['test_acc'] }, group_by: [`param:${key}`] }, withOdd);
      } catch (error) {
        return (error as QuerySpecError).problems.map((p) => `${p.path}: ${p.message}`);
      }
      return [];
    };
    expect(refused('')).toEqual(['group_by[0]: name the param after param:, e.g. param:lr']);
    expect(refused('a\0b')).toEqual(['group_by[0]: a param name with a NUL character cannot be a column; rename the param in its params file']);
    expect(refused('lr')).toEqual([]);
  });
});

describe('didYouMean', () => {
  it('suggests the closest name, or nothing when none is close', () => {
    expect(didYouMean('tset_acc', ['test_acc', 'val_acc'])).toBe("; did you mean 'test_acc'?");
    expect(didYouMean('VAL_LOSS', ['val_loss'])).toBe("; did you mean 'val_loss'?");
    expect(didYouMean('throughput', ['test_acc', 'val_acc'])).toBe('');
  });
});
