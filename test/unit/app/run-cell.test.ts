import { describe, expect, it } from 'vitest';
import { runCell } from '../../../src/app/run-cell.ts';
import { withSignal } from '../../../src/engine/engine.ts';
import type { CellOutput } from '../../../src/notebook/outputs.ts';
import { QuerySpecError } from '../../../src/query/problems.ts';
import { plainRows } from '../../../src/result/values.ts';
import { cell, useQueryNotebook } from '../../fixtures/notebook.ts';
import { ACCURACIES, HOSTILE_TRIAL, SMALL_LR_ACCURACIES } from '../../fixtures/query-snapshot.ts';
import { mean } from '../../fixtures/reference-stats.ts';

const notebook = useQueryNotebook();
const run = notebook.run;

describe('notebook cells on DuckDB', () => {
  it('a query cell becomes a table that SQL reads by name, and an analysis runs over its runs', async () => {
    const runner = await run([
      cell('per_trial', 'query', `experiments: { names: [lr_sweep] }\nmetrics: { names: [test_acc] }\ntrials: { exclude: ["${HOSTILE_TRIAL.replaceAll('"', '\\"')}"] }\ngroup_by: [trial]\naggregate: [count, mean]\norder_by: [trial]\n`),
      cell('best', 'sql', 'SELECT trial, mean FROM per_trial ORDER BY mean DESC LIMIT 1;'),
      cell('significance', 'analysis', 'input: per_trial\ncompare: { by: trial }'),
      cell('plot', 'chart', 'input: best\nmark: bar\nx: trial\ny: mean'),
    ]);
    const best = runner.state('best').output as Extract<CellOutput, { kind: 'sql' }>;
    expect(best.stored).toBe(true);
    expect(plainRows(best.table)).toEqual([{ trial: 'lr=0.01', mean: mean(ACCURACIES) }]);
    const significance = runner.state('significance').output as Extract<CellOutput, { kind: 'analysis' }>;
    expect(significance.input).toBe('per_trial');
    // The analysis took the query's only metric and its scope: two trials, one pair.
    expect(significance.analysis.options.metric).toBe('test_acc');
    expect(significance.analysis.tables.find((table) => table.name === 'pairs')!.rows).toHaveLength(1);
    const ranking = significance.analysis.tables.find((table) => table.name === 'ranking')!.rows;
    expect(ranking.map((row) => [row.trial, row.n])).toEqual([['lr=0.01', ACCURACIES.length], ['lr=0.001', SMALL_LR_ACCURACIES.length]]);
    const plot = runner.state('plot').output as Extract<CellOutput, { kind: 'chart' }>;
    expect(plot.spec).toMatchObject({ mark: 'bar', x: 'trial', y: 'mean', color: null });
    expect(plot.rows).toEqual([{ trial: 'lr=0.01', mean: mean(ACCURACIES) }]);
  });

  it('runs a statement that is not a query as written, and stores nothing', async () => {
    const runner = await run([cell('tables', 'sql', 'SHOW TABLES'), cell('two', 'sql', 'SELECT 1 AS a; SELECT 2 AS b')]);
    const tables = runner.state('tables').output as Extract<CellOutput, { kind: 'sql' }>;
    expect(tables.stored).toBe(false);
    expect(plainRows(tables.table).map((row) => row.name)).toContain('runs');
    const two = runner.state('two').output as Extract<CellOutput, { kind: 'sql' }>;
    expect(plainRows(two.table)).toEqual([{ b: 2 }]);
    await expect(notebook.engine.query('SELECT * FROM cells.two')).rejects.toThrow(/does not exist/);
  });

  it('reports problems at the paths of the cell\'s own YAML', async () => {
    const runner = await run([
      cell('q', 'query', 'metrics: { names: [test_acc] }\ngroup_by: [trial]'),
      cell('a', 'analysis', 'input: q\ncompare: { metrc: test_acc, by: trail }'),
      cell('c', 'chart', 'input: q\nmark: pie\nx: trial\ny: avg'),
      cell('s', 'analysis', 'input: c\nstatistics: {}'),
    ]);
    const problems = (name: string) => (runner.state(name).error as QuerySpecError).problems;
    expect(problems('a').map((problem) => problem.path)).toEqual(['compare.metrc', 'compare.by']);
    expect(problems('a')[1].message).toMatch(/cannot group by 'trail'.*did you mean 'trial'/);
    expect(problems('c').map((problem) => problem.path)).toEqual(['mark', 'y']);
    expect(problems('c')[1].message).toMatch(/the data has no column 'avg'/);
    expect(runner.state('s')).toMatchObject({ status: 'blocked', reason: 'Waiting for c, which failed.' });
  });

  // Node's engine is blocking, so a statement cannot be stopped half-way here (the browser test
  // does that); what a cancel must guarantee everywhere is that nothing more runs.
  it('a cancelled cell runs no further statement, and the engine answers the next cell', async () => {
    const controller = new AbortController();
    const running = runCell(cell('slow', 'sql', 'SELECT sum(a.range * b.range) AS s FROM range(100000) a, range(100000) b'), { engine: withSignal(notebook.engine, controller.signal), catalog: notebook.catalog, inputs: new Map() });
    controller.abort();
    await expect(running).rejects.toThrow('The query was cancelled.');
    expect(plainRows(await notebook.engine.query('SELECT 42 AS answer'))).toEqual([{ answer: 42 }]);
  });
});
