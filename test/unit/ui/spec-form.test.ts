import { describe, expect, it } from 'vitest';
import { readSpecFields, writeSpecField } from '../../../src/ui/notebook/spec-form.ts';

const SPEC = `# per trial
metrics: { names: [test_acc], level: results }
exclude_outliers: { metric: test_acc, method: iqr, threshold: 1.5, within: trial }
group_by: [trial]
aggregate: [count, mean, ci95]
`;

describe('query spec form', () => {
  it('reads the common fields', () => {
    expect(readSpecFields(SPEC)).toEqual({
      experiments: [],
      trials: [],
      metric: 'test_acc',
      level: 'results',
      perRun: '',
      outlierMethod: 'iqr',
      outlierThreshold: 1.5,
      outlierWithin: 'trial',
      groupBy: ['trial'],
      aggregates: ['count', 'mean', 'ci95'],
    });
    expect(readSpecFields('metrics: [')).toBeNull();
  });

  it('changes the metric everywhere it is used, keeping comments and the rest', () => {
    const next = writeSpecField(SPEC, 'metric', 'val_acc');
    expect(next.startsWith('# per trial\n')).toBe(true);
    expect(readSpecFields(next)).toMatchObject({ metric: 'val_acc', outlierMethod: 'iqr', groupBy: ['trial'] });
    expect(next).toContain('metric: val_acc, method: iqr');
  });

  it('removes a field set to nothing, and its emptied parent', () => {
    const withTrials = writeSpecField(SPEC, 'trials', ['lr=0.1', 'lr=0.01']);
    expect(readSpecFields(withTrials)!.trials).toEqual(['lr=0.1', 'lr=0.01']);
    const without = writeSpecField(withTrials, 'trials', []);
    expect(without).not.toContain('trials');
    expect(writeSpecField(SPEC, 'outlierMethod', '')).not.toContain('exclude_outliers');
  });

  it('adds an outlier rule on the query metric', () => {
    const plain = 'metrics: { names: [test_acc] }\n';
    expect(readSpecFields(writeSpecField(plain, 'outlierMethod', 'zscore'))).toMatchObject({ outlierMethod: 'zscore', outlierWithin: 'all' });
    expect(writeSpecField(plain, 'outlierMethod', 'zscore')).toContain('metric: test_acc');
  });
});
