import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src/query/catalog.ts';
import { completeSpec, specCompletion, type SpecCompletionContext } from '../../../../src/ui/editor/spec-completion.ts';

const catalog: Catalog = {
  experiments: [{ id: 1, title: 'lr_sweep' }, { id: 2, title: 'arch compare: v2' }],
  trials: [{ id: 1, experimentId: 1, name: 'lr=0.01' }, { id: 2, experimentId: 1, name: 'lr=0.001' }, { id: 3, experimentId: 2, name: 'mlp_baseline' }],
  statuses: ['completed', 'failed'],
  metrics: [{ name: 'loss', level: 'batch' }, { name: 'loss', level: 'epoch' }, { name: 'val_loss', level: 'epoch' }, { name: 'test_acc', level: 'results' }],
  params: ['lr', 'batch_size'],
};
const query: SpecCompletionContext = { kind: 'query', catalog, cellNames: ['per_trial'] };

/** Completes where `|` is; the text without it is what the editor holds. */
function complete(textWithCaret: string, context: SpecCompletionContext = query) {
  const pos = textWithCaret.indexOf('|');
  const text = textWithCaret.replace('|', '');
  const result = completeSpec(text, pos, context);
  return result && { from: result.from, to: result.to, labels: result.options.map((o) => o.label), options: result.options };
}

describe('completeSpec', () => {
  it('offers the top-level fields of a query spec, in the documented order, as `key: `', () => {
    const result = complete('metrics: { names: [test_acc] }\nper|');
    expect(result?.from).toBe(31);
    expect(result?.labels).toEqual(['title', 'description', 'experiments', 'trials', 'runs', 'metrics', 'per_run', 'exclude_outliers', 'group_by', 'aggregate', 'order_by', 'limit', 'analyze']);
    expect(result?.options.find((o) => o.label === 'per_run')?.apply).toBe('per_run: ');
  });

  it('offers the fields of a nested block mapping from the indentation above', () => {
    const result = complete('metrics:\n  names: [test_acc]\n  le|');
    expect(result?.from).toBe(31);
    expect(result?.labels).toEqual(['names', 'level', 'higher_is_better']);
  });

  it('offers metric names inside a flow list, from the word being typed', () => {
    const result = complete('metrics: { names: [val_loss, te| ] }');
    expect(result?.from).toBe(29);
    expect(result?.to).toBe(31);
    expect(result?.labels).toEqual(['loss', 'val_loss', 'test_acc']);
    expect(result?.options[0].detail).toBe('batch, epoch');
  });

  it('offers metric names after metrics.names in block style and after exclude_outliers.metric', () => {
    expect(complete('metrics:\n  names:\n    - v|')?.labels).toContain('val_loss');
    expect(complete('metrics:\n  names:\n    - v|')?.from).toBe(24);
    expect(complete('exclude_outliers: { metric: |')?.labels).toEqual(['loss', 'val_loss', 'test_acc']);
  });

  it('offers the keys of a flow mapping, and values once a key is written', () => {
    expect(complete('exclude_outliers: { metric: test_acc, m|')?.labels).toEqual(['metric', 'method', 'threshold', 'lower', 'upper', 'within']);
    expect(complete('exclude_outliers: { metric: test_acc, method: |')?.labels).toEqual(['iqr', 'zscore', 'modified_zscore', 'custom']);
    expect(complete('exclude_outliers:\n  within: |')?.labels).toEqual(['all', 'experiment', 'trial']);
  });

  it('quotes names YAML would misread, and leaves plain ones as they are', () => {
    const result = complete('experiments: { names: [|');
    expect(result?.labels).toEqual(['lr_sweep', 'arch compare: v2']);
    expect(result?.options.map((o) => o.apply)).toEqual([undefined, "'arch compare: v2'"]);
    // Inside quotes the name goes in as it is, from after the quote.
    const quoted = complete("experiments: { names: ['arch|");
    expect(quoted?.from).toBe(24);
    expect(quoted?.options.map((o) => o.apply)).toEqual([undefined, undefined]);
  });

  it('offers trial names, statuses, levels and per_run summaries', () => {
    expect(complete('trials: { exclude: [|] }')?.labels).toEqual(['lr=0.01', 'lr=0.001', 'mlp_baseline']);
    expect(complete('trials: { ids: [|] }')?.options.map((o) => `${o.label} ${o.detail}`)).toEqual(['1 lr=0.01', '2 lr=0.001', '3 mlp_baseline']);
    expect(complete('runs: { status: [|')?.labels).toEqual(['completed', 'failed', 'incomplete', 'any']);
    expect(complete('metrics: { level: |')?.labels).toEqual(['results', 'epoch', 'batch']);
    expect(complete('per_run: |')?.labels).toEqual(['last', 'first', 'min', 'max', 'mean', 'best']);
  });

  it('offers the group_by keys validate accepts, with a param: key for each param', () => {
    expect(complete('group_by: [trial, |]')?.labels).toEqual(['experiment', 'trial', 'run', 'status', 'epoch', 'batch', 'param:lr', 'param:batch_size']);
    const block = complete('group_by:\n  - trial\n  - param:|');
    expect(block?.from).toBe(24);
    expect(block?.to).toBe(30);
    expect(block?.labels).toContain('param:lr');
  });

  it('offers aggregate names', () => {
    expect(complete('aggregate: [count, m|')?.labels).toEqual(['count', 'runs', 'mean', 'std', 'var', 'sem', 'median', 'min', 'max', 'sum', 'p25', 'p75', 'ci95', 'ci99']);
  });

  it('offers processors as analyze entries and their metric and by values', () => {
    const entry = complete('analyze:\n  - com|');
    expect(entry?.from).toBe(13);
    expect(entry?.labels).toEqual(['statistics', 'outliers', 'compare', 'failures', 'curves']);
    expect(entry?.options[2].apply).toBe('compare: ');
    expect(complete('analyze:\n- |')?.labels).toContain('curves');
    expect(complete('analyze:\n  - compare: { metric: |')?.labels).toEqual(['loss', 'val_loss', 'test_acc']);
    expect(complete('analyze:\n  - compare:\n      metric: test_acc\n      by: [|')?.labels).toEqual(['experiment', 'trial', 'status', 'param:lr', 'param:batch_size']);
    // A second key of the entry's own mapping is a sibling of compare, so a processor again.
    expect(complete('analyze:\n  - compare:\n    cu|')?.labels).toContain('curves');
  });

  it('leaves out the colon when one follows the key already, and replaces the rest of the word', () => {
    const result = complete('met|rics: {}');
    expect(result?.from).toBe(0);
    expect(result?.to).toBe(7);
    expect(result?.options.find((o) => o.label === 'metrics')?.apply).toBeUndefined();
  });

  it('offers nothing in a comment, in free text or without a catalog to name from', () => {
    expect(complete('metrics: { names: [te| # x')).not.toBeNull();
    expect(complete('# metr|')).toBeNull();
    expect(complete('metrics: { names: [test_acc] } # te|')).toBeNull();
    expect(complete('description: >-\n  some te|')).toBeNull();
    expect(complete('metrics: { names: [|', { ...query, catalog: null })).toBeNull();
  });

  it('completes an analysis cell: input names the cells, a key names a processor', () => {
    const analysis: SpecCompletionContext = { kind: 'analysis', catalog, cellNames: ['per_trial', 'curves_q'] };
    expect(complete('input: p|', analysis)).toMatchObject({ from: 7, labels: ['per_trial', 'curves_q'] });
    expect(complete('input: per_trial\nc|', analysis)?.labels).toEqual(['input', 'statistics', 'outliers', 'compare', 'failures', 'curves']);
    expect(complete('input: per_trial\ncompare: { metric: test_acc, by: |', analysis)?.labels).toContain('param:lr');
    expect(complete('input: per_trial\ncompare:\n  metric: |', analysis)?.labels).toEqual(['loss', 'val_loss', 'test_acc']);
  });

  it('completes a chart cell: its fields, marks and the input cell columns', () => {
    const chart: SpecCompletionContext = { kind: 'chart', catalog: null, cellNames: ['per_trial'], columns: ['trial', 'mean', 'ci95_low'] };
    expect(complete('|', chart)?.labels).toEqual(['input', 'table', 'metric', 'mark', 'x', 'y', 'low', 'high', 'color', 'facet', 'x_scale', 'y_scale', 'title']);
    expect(complete('input: per_trial\nmark: |', chart)?.labels).toEqual(['line', 'runs', 'box', 'whisker', 'bar', 'dot', 'area', 'rule', 'heatmap', 'histogram']);
    expect(complete('input: per_trial\ny_scale: |', chart)?.labels).toEqual(['linear', 'log', 'sqrt', 'symlog']);
    expect(complete('input: per_trial\nlow: |', chart)?.labels).toEqual(['trial', 'mean', 'ci95_low']);
    expect(complete('input: per_trial\nmark: bar\nx: trial\ny: m|', chart)).toMatchObject({ from: 39, labels: ['trial', 'mean', 'ci95_low'] });
    expect(complete('color: |', { ...chart, columns: undefined })).toBeNull();
  });
});

describe('specCompletion', () => {
  async function labels(textWithCaret: string, explicit: boolean): Promise<string[] | null> {
    const pos = textWithCaret.indexOf('|');
    const state = EditorState.create({ doc: textWithCaret.replace('|', '') });
    const result = await specCompletion(query)(new CompletionContext(state, pos, explicit));
    return result ? result.options.map((o) => o.label) : null;
  }

  it('opens by itself once a word is typed, or where a value starts', async () => {
    expect(await labels('metrics: { level: e|', false)).toEqual(['results', 'epoch', 'batch']);
    expect(await labels('metrics: { level: |', false)).toEqual(['results', 'epoch', 'batch']);
    expect(await labels('group_by:\n  - |', false)).toContain('trial');
  });

  it('stays closed on an empty line until asked for (Ctrl+Space)', async () => {
    expect(await labels('metrics:\n  |', false)).toBeNull();
    expect(await labels('metrics:\n  |', true)).toEqual(['names', 'level', 'higher_is_better']);
  });
});
