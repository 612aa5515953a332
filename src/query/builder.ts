import type { Engine } from '../engine/engine.ts';
import type { AnalyticsResult } from '../result/analytics-result.ts';
import { readCatalog, type Catalog } from './catalog.ts';
import { compileQuery } from './compile.ts';
import { runQuery } from './run.ts';
import type { PerRun, QuerySpec } from './spec.ts';
import { resolveQuery } from './validate.ts';

type Filter<K extends keyof QuerySpec> = NonNullable<QuerySpec[K]>;

/**
 * The fluent API: each call returns a new builder holding a bigger spec, so a partial query can
 * be kept and extended. It only ever produces a spec; `toSQL` and `execute` go through the same
 * validation and compiler as a YAML spec, so a spec and its fluent twin compile to the same SQL.
 */
export class QueryBuilder {
  constructor(
    private readonly engine: Engine,
    private readonly spec: QuerySpec = {},
    private readonly catalog?: Catalog,
  ) {}

  title(title: string): QueryBuilder {
    return this.with({ title });
  }

  experiments(filter: Filter<'experiments'>): QueryBuilder {
    return this.with({ experiments: { ...this.spec.experiments, ...filter } });
  }

  trials(filter: Filter<'trials'>): QueryBuilder {
    return this.with({ trials: { ...this.spec.trials, ...filter } });
  }

  runs(filter: Filter<'runs'>): QueryBuilder {
    return this.with({ runs: { ...this.spec.runs, ...filter } });
  }

  /** `metrics('test_acc')`, `metrics(['val_loss', 'val_acc'])` or `metrics({ names, level })`. */
  metrics(selection: string | string[] | Filter<'metrics'>): QueryBuilder {
    const metrics = typeof selection === 'string' ? { names: [selection] } : Array.isArray(selection) ? { names: selection } : selection;
    return this.with({ metrics: { ...this.spec.metrics, ...metrics } });
  }

  perRun(summary: PerRun): QueryBuilder {
    return this.with({ per_run: summary });
  }

  excludeOutliers(rule: Filter<'exclude_outliers'>): QueryBuilder {
    return this.with({ exclude_outliers: rule });
  }

  groupBy(...keys: (string | string[])[]): QueryBuilder {
    return this.with({ group_by: keys.flat() });
  }

  aggregate(...aggregates: (string | { ci: number } | (string | { ci: number })[])[]): QueryBuilder {
    return this.with({ aggregate: aggregates.flat() });
  }

  orderBy(...columns: (string | string[])[]): QueryBuilder {
    return this.with({ order_by: columns.flat() });
  }

  limit(rows: number): QueryBuilder {
    return this.with({ limit: rows });
  }

  /** Adds a processor: `.analyze('compare', { metric: 'test_acc', by: 'trial' })`. */
  analyze(processor: string, options: Record<string, unknown> = {}): QueryBuilder {
    return this.with({ analyze: [...(this.spec.analyze ?? []), { [processor]: options }] });
  }

  /** The spec as YAML would hold it: a deep copy, keys in the documented order. */
  toSpec(): QuerySpec {
    return canonicalSpec(this.spec);
  }

  async toSQL(): Promise<string> {
    return compileQuery(resolveQuery(this.toSpec(), await this.names())).sql;
  }

  async execute(): Promise<AnalyticsResult> {
    return runQuery(this.engine, this.toSpec(), { catalog: await this.names() });
  }

  private async names(): Promise<Catalog> {
    return this.catalog ?? readCatalog(this.engine);
  }

  private with(part: QuerySpec): QueryBuilder {
    return new QueryBuilder(this.engine, { ...this.spec, ...structuredClone(part) }, this.catalog);
  }
}

const SPEC_ORDER: (keyof QuerySpec)[] = ['title', 'description', 'experiments', 'trials', 'runs', 'metrics', 'per_run', 'exclude_outliers', 'group_by', 'aggregate', 'order_by', 'limit', 'analyze'];

export function canonicalSpec(spec: QuerySpec): QuerySpec {
  const copy = structuredClone(spec) as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of SPEC_ORDER) if (copy[key] !== undefined) ordered[key] = copy[key];
  for (const key of Object.keys(copy)) if (!(key in ordered)) ordered[key] = copy[key];
  return ordered as QuerySpec;
}

/** `analytics(engine).experiments({ names: ['lr_sweep'] }).metrics('test_acc')…execute()`. */
export function analytics(engine: Engine, options: { catalog?: Catalog } = {}): QueryBuilder {
  return new QueryBuilder(engine, {}, options.catalog);
}
