import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { analytics } from '../../../src/query/builder.ts';
import { readCatalog } from '../../../src/query/catalog.ts';
import { compileQuery } from '../../../src/query/compile.ts';
import { QuerySpecError } from '../../../src/query/problems.ts';
import { resolveQuery } from '../../../src/query/validate.ts';
import { parseQueryYAML, queryToYAML } from '../../../src/query/yaml.ts';
import { plainRows } from '../../../src/result/values.ts';
import { createNodeEngine, load } from '../../fixtures/engine.ts';
import { buildQuerySnapshot } from '../../fixtures/query-snapshot.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await load(engine, { name: 'queries.db', bytes: await buildQuerySnapshot() });
});
afterAll(() => engine.close());

const YAML_SPEC = `
experiments: { names: [lr_sweep], started: { from: 2026-01-01, to: 2026-12-31 } }
trials:      { names: [lr=0.01, lr=0.001] }
runs:        { status: [completed] }
metrics:     { names: [test_acc], level: results }
exclude_outliers: { metric: test_acc, method: iqr, threshold: 1.5, within: trial }
group_by:    [trial]
aggregate:   [count, mean, std, sem, median, min, max, p25, p75, ci95]
order_by:    [-mean]
limit:       100
`;

describe('the fluent API', () => {
  const fluent = () =>
    analytics(engine)
      .experiments({ names: ['lr_sweep'], started: { from: '2026-01-01', to: '2026-12-31' } })
      .trials({ names: ['lr=0.01', 'lr=0.001'] })
      .runs({ status: ['completed'] })
      .metrics({ names: ['test_acc'], level: 'results' })
      .excludeOutliers({ metric: 'test_acc', method: 'iqr', threshold: 1.5, within: 'trial' })
      .groupBy('trial')
      .aggregate(['count', 'mean', 'std', 'sem', 'median', 'min', 'max', 'p25', 'p75', 'ci95'])
      .orderBy('-mean')
      .limit(100);

  it('builds the same spec as the YAML and compiles to the same SQL', async () => {
    const spec = parseQueryYAML(YAML_SPEC);
    expect(fluent().toSpec()).toEqual(spec);
    expect(await fluent().toSQL()).toBe(compileQuery(resolveQuery(spec, await readCatalog(engine))).sql);
  });

  it('executes: two trials ranked by mean, the planted outliers excluded', async () => {
    const result = await fluent().execute();
    expect(plainRows(result.rows).map((r) => [r.trial, r.count])).toEqual([['lr=0.01', 8], ['lr=0.001', 5]]);
    expect(result.excluded.map((e) => e.value)).toEqual([0.45, 0.98]);
  });

  it('never changes a builder in place, so partial queries can be reused', async () => {
    const base = analytics(engine).metrics('test_acc');
    const grouped = base.groupBy('trial');
    expect(base.toSpec()).toEqual({ metrics: { names: ['test_acc'] } });
    expect(grouped.toSpec()).toEqual({ metrics: { names: ['test_acc'] }, group_by: ['trial'] });
    expect(analytics(engine).perRun({ epoch: 3 }).metrics(['val_loss']).toSpec()).toEqual({ metrics: { names: ['val_loss'] }, per_run: { epoch: 3 } });
  });

  it('rejects a bad spec with every problem before touching the data', async () => {
    await expect(analytics(engine).metrics('tst_acc').groupBy('trail').execute()).rejects.toThrow(QuerySpecError);
    await expect(analytics(engine).metrics('tst_acc').toSQL()).rejects.toThrow("metrics.names[0]: unknown metric 'tst_acc'; did you mean 'test_acc'?");
  });
});

describe('YAML specs', () => {
  it('round-trip through queryToYAML', () => {
    const spec = parseQueryYAML(YAML_SPEC);
    expect(parseQueryYAML(queryToYAML(spec))).toEqual(spec);
    expect(spec.experiments?.started?.from).toBe('2026-01-01');
  });

  it('report syntax errors with line and column, and refuse non-mappings', () => {
    expect(() => parseQueryYAML('metrics: { names: [test_acc }\n')).toThrow(/line 1, column \d+/);
    expect(() => parseQueryYAML('metrics: a\nmetrics: b\n')).toThrow(/line 2, column 1: Map keys must be unique/);
    expect(() => parseQueryYAML('')).toThrow('the query is empty');
    expect(() => parseQueryYAML('- a\n- b\n')).toThrow('a query spec is a mapping');
  });

  it('the templates in queries/ are valid specs with a title and a description', () => {
    const dir = new URL('../../../queries/', import.meta.url);
    const names = readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
    expect(names).toEqual(['best-epoch.yaml', 'failure-analysis.yaml', 'overview.yaml', 'per-trial.yaml', 'training-curves.yaml']);
    for (const name of names) {
      const spec = parseQueryYAML(readFileSync(new URL(name, dir), 'utf8'));
      expect(spec.title, name).toMatch(/\w/);
      expect(spec.description, name).toMatch(/\w/);
    }
  });
});
