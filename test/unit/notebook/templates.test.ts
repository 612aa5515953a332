import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/notebook/graph.ts';
import { templateNotebook } from '../../../src/notebook/templates.ts';
import type { Catalog } from '../../../src/query/catalog.ts';

const files = readdirSync('queries').map((file) => ({ name: file.replace(/\.yaml$/, ''), text: readFileSync(`queries/${file}`, 'utf8') }));

function catalog(metrics: Catalog['metrics']): Catalog {
  return { experiments: [{ id: 1, title: 'mnist' }], trials: [{ id: 1, experimentId: 1, name: 'a' }], statuses: ['completed'], metrics, params: [] };
}

const cellsOf = (metrics: Catalog['metrics'] | null) => templateNotebook(files, 'tracker.db', metrics && catalog(metrics)).cells;

describe('templateNotebook', () => {
  it('builds per template a note, its query, an analysis cell per analyze entry reading the query, and a chart', () => {
    const cells = cellsOf(null);
    expect(cells.map((cell) => `${cell.kind}:${cell.name}`)).toEqual([
      'markdown:intro',
      'markdown:overview_notes', 'query:overview',
      'markdown:per_trial_notes', 'query:per_trial', 'analysis:per_trial_significance', 'chart:per_trial_runs', 'chart:per_trial_chart',
      'markdown:failure_analysis_notes', 'query:failure_analysis', 'analysis:failure_analysis_causes', 'chart:failure_analysis_chart',
      'markdown:training_curves_notes', 'query:training_curves', 'analysis:training_curves_convergence', 'chart:training_curves_chart', 'chart:training_curves_runs',
    ]);
    const graph = buildGraph(cells);
    expect(graph.problems.size).toBe(0);
    const byName = Object.fromEntries(cells.map((cell) => [cell.name, cell]));
    expect(graph.inputs.get(byName.per_trial_significance.id)).toEqual([byName.per_trial.id]);
    expect(graph.inputs.get(byName.failure_analysis_chart.id)).toEqual([byName.failure_analysis_causes.id]);
    // The query's own metric is left out of the analysis, so a new metric in the query carries through.
    expect(byName.per_trial_significance.source).toBe('input: per_trial\ncompare:\n  by: trial\n');
    expect(byName.per_trial.source).not.toContain('analyze');
  });

  it('swaps a template metric the snapshot lacks for its closest one, in the spec and the words', () => {
    const cells = cellsOf([
      { name: 'test_acc', level: 'results' },
      { name: 'train_loss', level: 'epoch' },
      { name: 'val_acc', level: 'epoch' },
    ]);
    const curves = cells.find((cell) => cell.name === 'training_curves')!;
    expect(curves.source).toContain('metrics: { names: [ train_loss ], level: epoch }');
    expect(curves.source).toContain('title: train_loss per trial and epoch');
    expect(cells.find((cell) => cell.name === 'training_curves_notes')!.source).toContain('The mean train_loss curve');
    expect(cells.find((cell) => cell.name === 'training_curves_convergence')!.source).not.toContain('metric');
    expect(cells.find((cell) => cell.name === 'per_trial')!.source).toContain('names: [test_acc]');
  });

  it('falls back to the last epoch of an epoch-level metric when the snapshot has no final metrics', () => {
    const cells = cellsOf([{ name: 'accuracy', level: 'epoch' }]);
    const perTrial = cells.find((cell) => cell.name === 'per_trial')!;
    expect(perTrial.source).toContain('metrics: { names: [ accuracy ], level: epoch }');
    expect(perTrial.source).toContain('per_run: last');
    expect(perTrial.source).toContain('exclude_outliers: { metric: accuracy');
  });

  it('leaves out a template no metric fits', () => {
    const names = cellsOf([]).map((cell) => cell.name);
    expect(names).toEqual(['intro', 'overview_notes', 'overview']);
  });
});
