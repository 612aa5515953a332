import { describe, expect, it } from 'vitest';
import type { CellOutput, ChartOutput } from '../../../src/notebook/outputs.ts';
import { compileM4 } from '../../../src/query/m4.ts';
import { QuerySpecError } from '../../../src/query/problems.ts';
import { plainRows } from '../../../src/result/values.ts';
import { cell, useQueryNotebook } from '../../fixtures/notebook.ts';
import { ACCURACIES, LOSS_SERIES } from '../../fixtures/query-snapshot.ts';

const notebook = useQueryNotebook();
const run = notebook.run;

const SWEEP = 'experiments: { names: [lr_sweep] }\ntrials: { names: ["lr=0.01", "lr=0.001"] }\n';

describe('chart cells: what they draw, chosen from the input or as written', () => {
  it('a query of per-run values is drawn as a box per trial, with the excluded runs beside', async () => {
    const runner = await run([
      cell('acc', 'query', `${SWEEP}metrics: { names: [test_acc] }\nexclude_outliers: { metric: test_acc, method: iqr, within: trial }\n`),
      cell('box', 'chart', 'input: acc'),
    ]);
    const chart = runner.state('box').output as ChartOutput;
    expect(chart.spec).toMatchObject({ mark: 'box', x: 'trial', y: 'value', color: 'experiment' });
    expect(chart.chosen).toEqual(['mark', 'x', 'y', 'color']);
    // The two planted outliers are not among the kept values, and are drawn as excluded.
    const kept = chart.rows.filter((row) => row.trial === 'lr=0.01').map((row) => row.value).sort();
    expect(kept).toEqual(ACCURACIES.filter((value) => value !== 0.45 && value !== 0.98).sort());
    expect(chart.excluded.map((row) => row.value).sort()).toEqual([0.45, 0.98]);
    expect(chart.excluded.every((row) => row.trial === 'lr=0.01')).toBe(true);
  });

  it('a grouped query with an interval is a dot-and-whisker; a mark written in the cell keeps the columns', async () => {
    const runner = await run([
      cell('per_trial', 'query', `${SWEEP}metrics: { names: [test_acc] }\ngroup_by: [trial]\naggregate: [count, mean, ci95]\n`),
      cell('auto', 'chart', 'input: per_trial'),
      cell('bars', 'chart', 'input: per_trial\nmark: bar\nx_scale: linear\ny_scale: log'),
    ]);
    expect((runner.state('auto').output as ChartOutput).spec).toMatchObject({ mark: 'whisker', x: 'mean', y: 'trial', low: 'ci95_low', high: 'ci95_high' });
    const bars = runner.state('bars').output as ChartOutput;
    expect(bars.spec).toMatchObject({ mark: 'bar', x: 'trial', y: 'mean', low: 'ci95_low', high: 'ci95_high', y_scale: 'log' });
    expect(bars.chosen).not.toContain('mark');
    expect(bars.rows).toHaveLength(2);
  });

  it('an epoch-level query is drawn as per-run curves whose points are reduced in DuckDB (M4)', async () => {
    const runner = await run([
      cell('curves', 'query', `${SWEEP}runs: { status: [completed] }\nmetrics: { names: [val_loss], level: epoch }\n`),
      cell('lines', 'chart', 'input: curves'),
    ]);
    const chart = runner.state('lines').output as ChartOutput;
    expect(chart.spec).toMatchObject({ mark: 'runs', x: 'epoch', y: 'value', color: 'trial' });
    expect(chart.rows).toEqual([]);
    const source = chart.curves!;
    expect(source.runs).toHaveLength(ACCURACIES.length);
    expect(source.runs[0]).toMatchObject({ experiment: 'lr_sweep', trial: 'lr=0.01', status: 'completed', points: LOSS_SERIES.length });
    expect(source.points).toBe(ACCURACIES.length * LOSS_SERIES.length);
    // Two pixel columns: at most four points per run and column leave DuckDB.
    const points = plainRows(await notebook.engine.query(compileM4(source.query, { metric: source.metric, width: 2 })));
    const perRun = new Map<unknown, number>();
    for (const point of points) perRun.set(point.run_id, (perRun.get(point.run_id) ?? 0) + 1);
    expect(perRun.size).toBe(ACCURACIES.length);
    for (const count of perRun.values()) expect(count).toBeLessThanOrEqual(4 * 2);
  });

  it('analysis tables are drawn as their processor means: curves with a band, rates with intervals', async () => {
    const runner = await run([
      cell('curves', 'query', `${SWEEP}runs: { status: [completed] }\nmetrics: { names: [val_loss], level: epoch }\ngroup_by: [trial, epoch]\naggregate: [mean]\n`),
      cell('convergence', 'analysis', 'input: curves\ncurves: { by: trial }'),
      cell('band', 'chart', 'input: convergence'),
      cell('every_run', 'query', `${SWEEP}runs: { status: any }\nmetrics: { names: [test_acc] }\ngroup_by: [trial]\naggregate: [runs]\n`),
      cell('causes', 'analysis', 'input: every_run\nfailures: { by: [trial] }'),
      cell('rates', 'chart', 'input: causes\ntable: rates'),
    ]);
    const band = runner.state('band').output as ChartOutput;
    expect(band.spec).toMatchObject({ mark: 'line', x: 'epoch', y: 'mean', color: 'group', low: 'ci_low', high: 'ci_high' });
    expect(band.findings).toEqual((runner.state('convergence').output as Extract<CellOutput, { kind: 'analysis' }>).analysis.findings);
    const rates = runner.state('rates').output as ChartOutput;
    expect(rates.spec).toMatchObject({ mark: 'bar', x: 'group', y: 'rate', low: 'ci_low', high: 'ci_high' });
    expect(rates.rows.find((row) => row.group === 'lr=0.01')).toMatchObject({ runs: 12, failed: 1 });
  });

  it('SQL results: labels become a heatmap, a single number a histogram', async () => {
    const runner = await run([
      cell('per_label', 'sql', "SELECT * FROM (VALUES ('a', 'cat', 0.9), ('a', 'dog', 0.8), ('b', 'cat', 0.7), ('b', 'dog', 0.6)) AS t(trial, label, value)"),
      cell('heat', 'chart', 'input: per_label'),
      cell('all_values', 'sql', 'SELECT value FROM metrics'),
      cell('hist', 'chart', 'input: all_values'),
    ]);
    expect((runner.state('heat').output as ChartOutput).spec).toMatchObject({ mark: 'heatmap', x: 'label', y: 'trial', color: 'value' });
    expect((runner.state('hist').output as ChartOutput).spec).toMatchObject({ mark: 'histogram', x: 'value', y: null });
  });

  it('names what is wrong, at its path', async () => {
    const runner = await run([
      cell('acc', 'query', `${SWEEP}metrics: { names: [test_acc] }\n`),
      cell('lines', 'chart', 'input: acc\nmark: runs'),
      cell('metric', 'chart', 'input: acc\nmark: box\nmetric: val_loss'),
      cell('whisker', 'chart', 'input: acc\nmark: whisker\nx: value\ny: trial\nx_scale: logarithmic'),
      cell('half', 'chart', 'input: acc\nmark: box\nlow: value'),
    ]);
    const problems = (name: string) => (runner.state(name).error as QuerySpecError).problems;
    expect(problems('lines')).toEqual([{ path: 'mark', message: expect.stringMatching(/per-run curves are drawn over epochs.*results-level/) }]);
    expect(problems('metric')).toEqual([{ path: 'metric', message: expect.stringMatching(/the query reads test_acc, not 'val_loss'/) }]);
    expect(problems('whisker').map((problem) => problem.path)).toEqual(['x_scale', 'low']);
    expect(problems('half').map((problem) => problem.path)).toEqual(['high', 'low']);
  });
});
