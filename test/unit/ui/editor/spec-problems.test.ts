import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src/query/catalog.ts';
import { QuerySpecError, type SpecProblem } from '../../../../src/query/problems.ts';
import { resolveQuery } from '../../../../src/query/validate.ts';
import { parseQueryYAML } from '../../../../src/query/yaml.ts';
import { resolveAnalyses } from '../../../../src/stats/registry.ts';
import { problemRanges } from '../../../../src/ui/editor/spec-problems.ts';

const catalog: Catalog = {
  experiments: [{ id: 1, title: 'lr_sweep' }],
  trials: [{ id: 1, experimentId: 1, name: 'lr=0.01' }],
  statuses: ['completed', 'failed'],
  metrics: [{ name: 'val_loss', level: 'epoch' }, { name: 'test_acc', level: 'results' }],
  params: ['lr'],
};

/** The problems the app would report for this YAML: syntax first, then the content. */
function problemsOf(text: string): SpecProblem[] {
  try {
    resolveQuery(parseQueryYAML(text), catalog, (root, query, p) => resolveAnalyses(root.analyze, p, query, catalog));
  } catch (error) {
    if (error instanceof QuerySpecError) return error.problems;
    throw error;
  }
  throw new Error('the spec was accepted');
}

/** Each problem as `path → the text it marks`. */
function marked(text: string): string[] {
  return problemRanges(text, problemsOf(text)).map((range) => `${range.message.split(':')[0]} → ${text.slice(range.from, range.to)}`);
}

describe('problemRanges', () => {
  it('marks the value at each path, in flow and block style', () => {
    const text = [
      'metrics: { names: [test_acc, tset_acc] }',
      'exclude_outliers:',
      '  method: iqrr',
      'group_by: trail',
      'analyze:',
      '  - statistics: {}',
      '  - compare: { metric: tes_acc }',
    ].join('\n');
    expect(marked(text)).toEqual([
      'metrics.names[1] → tset_acc',
      'exclude_outliers.method → iqrr',
      'group_by → trail',
      'analyze[1].compare.metric → tes_acc',
    ]);
  });

  it('gives concrete offsets, the severity, and the path in the message', () => {
    const text = 'metrics: { names: [test_acc] }\nper_run: lst\n';
    expect(problemRanges(text, problemsOf(text))).toEqual([
      { from: 40, to: 43, severity: 'error', message: "per_run: expected one of last, first, min, max, mean, best or { epoch: N }, got 'lst'; did you mean 'last'?" },
    ]);
  });

  it('marks the key of a field with nothing after it, without the line break', () => {
    const text = 'metrics:\n  names: [test_acc]\nlimit: 0\n';
    expect(marked(text)).toEqual(['limit → 0']);
    expect(problemRanges('metrics:\n', [{ path: 'metrics', message: 'name the metrics' }])).toMatchObject([{ from: 0, to: 7 }]);
  });

  it('falls back to the nearest ancestor the text has, then to the first line', () => {
    const text = 'title: t\nmetrics:\n  names: [test_acc]\n';
    // metrics has no level: its block mapping, 'names: [test_acc]', is marked.
    expect(problemRanges(text, [{ path: 'metrics.level', message: 'x' }])).toMatchObject([{ from: 20, to: 37 }]);
    // The list has no fifth item: the list is marked.
    expect(problemRanges(text, [{ path: 'metrics.names[4]', message: 'x' }])).toMatchObject([{ from: 27, to: 37 }]);
    expect(problemRanges(text, [{ path: 'exclude_outliers.metric', message: 'x' }])).toMatchObject([{ from: 0, to: 8 }]);
    expect(problemRanges(text, [{ path: '(spec)', message: 'x' }])).toMatchObject([{ from: 0, to: 8, message: '(spec): x' }]);
    expect(problemRanges('', [{ path: '(spec)', message: 'the query is empty' }])).toMatchObject([{ from: 0, to: 0 }]);
  });

  it('finds a key that holds dots itself', () => {
    const text = 'metrics:\n  names: [test_acc]\n  higher_is_better: { val.loss: yes }\n';
    expect(problemRanges(text, [{ path: 'metrics.higher_is_better.val.loss', message: 'x' }])).toMatchObject([{ from: 61, to: 64 }]);
  });

  it('marks a YAML syntax problem from its line and column to the end of that line', () => {
    const text = 'metrics: { names: [test_acc] }\ngroup_by: [trial\nlimit: 3\n';
    const problems = problemsOf(text);
    expect(problems[0].path).toMatch(/^line \d+, column \d+$/);
    const [range] = problemRanges(text, problems);
    expect(text.slice(range.from, range.to)).not.toBe('');
    expect(problemRanges(text, [{ path: 'line 2, column 11', message: 'x' }])).toMatchObject([{ from: 41, to: 47 }]);
    expect(problemRanges(text, [{ path: 'line 9, column 40', message: 'x' }])).toMatchObject([{ from: 57, to: 57 }]);
  });
});
