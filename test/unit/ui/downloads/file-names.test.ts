import { describe, expect, it } from 'vitest';
import type { QuerySpec, ResolvedQuery } from '../../../../src/query/spec.ts';
import { analysisFileStem, chartFileStem, fileNamePart, fileStem, queryFileStem, sqlFileStem } from '../../../../src/ui/downloads/file-names.ts';

function resolved(overrides: Partial<ResolvedQuery> = {}): ResolvedQuery {
  return {
    experiments: { ids: [], names: [], from: null, to: null },
    trials: { ids: [], names: [], exclude: [] },
    runs: { ids: [], status: ['completed'] },
    metrics: { names: ['test_acc'], level: 'results', lowerIsBetter: [] },
    perRun: null,
    outliers: null,
    groupBy: [{ kind: 'trial' }],
    aggregates: [],
    orderBy: [],
    limit: null,
    ...overrides,
  };
}

const spec: QuerySpec = { metrics: { names: ['test_acc'] }, group_by: ['trial'] };

describe('fileNamePart', () => {
  it('keeps letters, digits and underscores of any script; other runs become one hyphen', () => {
    expect(fileNamePart('lr_sweep')).toBe('lr_sweep');
    expect(fileNamePart('  lr = 0.1 / "best" ')).toBe('lr-0-1-best');
    expect(fileNamePart('Größe 試験 नमस्ते')).toBe('Größe-試験-नमस्ते');
    expect(fileNamePart('../../etc/passwd')).toBe('etc-passwd');
    expect(fileNamePart('***')).toBe('');
  });
});

describe('fileStem', () => {
  it('joins parts with hyphens, skipping empty ones', () => {
    expect(fileStem(['lr_sweep', '', 'test_acc', 'by-trial'], 'cell')).toBe('lr_sweep-test_acc-by-trial');
  });

  it('cuts at a part boundary at 80 characters, and cuts a first part that is longer', () => {
    const parts = ['a'.repeat(40), 'b'.repeat(30), 'c'.repeat(20)];
    expect(fileStem(parts, 'cell')).toBe(`${'a'.repeat(40)}-${'b'.repeat(30)}`);
    expect(fileStem(['x'.repeat(200), 'y'], 'cell')).toBe('x'.repeat(80));
  });

  it('falls back to the cell name, then to "download"', () => {
    expect(fileStem(['', '%%'], 'my cell')).toBe('my-cell');
    expect(fileStem([], '%%')).toBe('download');
  });
});

describe('queryFileStem', () => {
  it('names the metric and the groups', () => {
    expect(queryFileStem('per_trial', { spec, query: resolved() })).toBe('test_acc-by-trial');
  });

  it('starts with the experiment when the query reads exactly one', () => {
    const query = resolved({ experiments: { ids: [], names: ['lr_sweep'], from: null, to: null } });
    expect(queryFileStem('per_trial', { spec, query })).toBe('lr_sweep-test_acc-by-trial');
    const two = resolved({ experiments: { ids: [], names: ['lr_sweep', 'augmentation'], from: null, to: null } });
    expect(queryFileStem('per_trial', { spec, query: two })).toBe('test_acc-by-trial');
  });

  it('lists several metrics and group keys, params included', () => {
    const query = resolved({ metrics: { names: ['val_loss', 'val_acc'], level: 'epoch', lowerIsBetter: [] }, groupBy: [{ kind: 'trial' }, { kind: 'epoch' }, { kind: 'param', key: 'lr' }] });
    expect(queryFileStem('curves', { spec: { metrics: { names: ['val_loss', 'val_acc'] } }, query })).toBe('val_loss-val_acc-by-trial-epoch-param_lr');
  });

  it('names the level when the spec reads every metric of one', () => {
    const query = resolved({ metrics: { names: ['test_acc', 'test_loss'], level: 'results', lowerIsBetter: [] }, groupBy: [{ kind: 'experiment' }] });
    expect(queryFileStem('overview', { spec: { metrics: { level: 'results' } }, query })).toBe('results_metrics-by-experiment');
  });

  it('leaves out groups it has not; drops whole parts past 80 characters', () => {
    expect(queryFileStem('raw', { spec, query: resolved({ groupBy: [] }) })).toBe('test_acc');
    const long = resolved({ metrics: { names: ['m'.repeat(50), 'n'.repeat(20), 'o'.repeat(20)], level: 'results', lowerIsBetter: [] } });
    expect(queryFileStem('q', { spec, query: long })).toBe(`${'m'.repeat(50)}-${'n'.repeat(20)}`);
  });

  it('falls back to the cell name', () => {
    expect(queryFileStem('per_trial', { spec, query: resolved({ metrics: { names: [], level: 'results', lowerIsBetter: [] }, groupBy: [] }) })).toBe('per_trial');
  });
});

describe('analysisFileStem', () => {
  it('names what was analysed, the processor and the table', () => {
    expect(analysisFileStem('per_trial', { processor: 'compare', options: { metric: 'test_acc', by: ['trial'] } }, 'ranking')).toBe('test_acc-by-trial-compare-ranking');
    expect(analysisFileStem('runs', { processor: 'failures', options: { by: ['trial', 'param:lr'] } }, 'last_epoch')).toBe('runs-by-trial-param_lr-failures-last_epoch');
  });
});

describe('chartFileStem', () => {
  it('uses the title, in lower case', () => {
    expect(chartFileStem('per_trial_chart', { title: 'Mean per trial', mark: 'dot', x: 'mean', y: 'trial' })).toBe('mean-per-trial');
  });

  it('names the axes and the mark without a title', () => {
    expect(chartFileStem('chart', { title: null, mark: 'line', x: 'epoch', y: 'mean' })).toBe('mean-by-epoch-line');
    expect(chartFileStem('chart', { title: '!!!', mark: 'bar', x: 'group', y: 'rate' })).toBe('rate-by-group-bar');
    expect(chartFileStem('chart', { title: null, mark: 'histogram', x: 'mean', y: null })).toBe('mean-histogram');
  });
});

describe('sqlFileStem', () => {
  it('is the cell name', () => {
    expect(sqlFileStem('big_range')).toBe('big_range');
  });
});
