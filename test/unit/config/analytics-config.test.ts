import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseAnalyticsConfig } from '../../../src/config/analytics-config.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { runQuery } from '../../../src/query/run.ts';
import { createNodeEngine, load } from '../../fixtures/engine.ts';
import { buildQuerySnapshot } from '../../fixtures/query-snapshot.ts';

function problems(text: string): string[] {
  try {
    parseAnalyticsConfig(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('accepted');
}

describe('analytics_config.yaml', () => {
  it('the shipped example parses without warnings', () => {
    const { config, warnings } = parseAnalyticsConfig(readFileSync(new URL('../../../analytics_config.yaml', import.meta.url), 'utf8'));
    expect(warnings).toEqual([]);
    expect(config.processors.compare).toEqual({ test: 'welch', correction: 'holm', confidence: 0.95, alpha: 0.05 });
    expect(config.aggregation.aggregates).toEqual(['count', 'mean', 'std', 'ci95']);
  });

  it('reports out-of-range values as errors with their paths', () => {
    expect(problems('processors:\n  comparisons: { confidence: 95, alpha: 0 }\n  outliers: { threshold: -1 }\nexport: { json_indent: two }\n')).toEqual([
      'processors.outliers.threshold: expected a positive number, got -1',
      'processors.comparisons.confidence: expected a fraction between 0 and 1 (0.95 for 95%), got 95',
      'processors.comparisons.alpha: expected a fraction between 0 and 1 (0.95 for 95%), got 0',
      "export.json_indent: expected a whole number (0 or more), got 'two'",
    ]);
    expect(problems('processors: [a\n')[0]).toMatch(/^line \d+, column \d+: /);
  });

  it('warns about unknown keys and mixed confidence levels, and still loads', () => {
    const { warnings } = parseAnalyticsConfig('processors:\n  statistics: { confidence: 0.95 }\n  comparison: {}\n  curves: { confidence: 0.99 }\nexports: {}\n');
    expect(warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      "exports: unknown key, ignored; did you mean 'export'?",
      "processors.comparison: unknown key, ignored; did you mean 'comparisons'?",
      'processors: confidence levels differ (statistics 0.95, curves 0.99); intervals from different processors will not be comparable',
    ]);
  });
});

describe('a config applied to a query', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await load(engine, { name: 'queries.db', bytes: await buildQuerySnapshot() });
  });
  afterAll(() => engine.close());

  it('sets processor defaults under the spec’s own options, and the default aggregates', async () => {
    const { config } = parseAnalyticsConfig('processors:\n  comparisons: { test: mannwhitney, correction: none }\naggregation: { aggregates: [runs, median] }\n');
    const result = await runQuery(engine, { experiments: { names: ['lr_sweep'] }, metrics: { names: ['test_acc'] }, group_by: ['trial'], analyze: [{ compare: { correction: 'bonferroni' } }] }, { config });
    expect(result.rows.schema.fields.map((f) => f.name)).toEqual(['experiment', 'trial', 'metric', 'runs', 'median']);
    expect(result.analyses[0].options).toMatchObject({ test: 'mannwhitney', correction: 'bonferroni' });
  });
});
