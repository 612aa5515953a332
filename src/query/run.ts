import { DEFAULT_CONFIG, type AnalyticsConfig } from '../config/analytics-config.ts';
import type { Engine } from '../engine/engine.ts';
import type { AnalyticsResult, ExcludedRun, QueryStep } from '../result/analytics-result.ts';
import { plainRows } from '../result/values.ts';
import { readCatalog, type Catalog } from './catalog.ts';
import { compileQuery } from './compile.ts';
import { finishResult } from './intervals.ts';
import type { OutlierRule, QuerySpec, ResolvedQuery } from './spec.ts';
import { resolveQuery } from './validate.ts';
import { resolveAnalyses, runAnalyses, type ResolvedAnalysis } from '../stats/registry.ts';

export interface RunOptions {
  /** The snapshot's names; read from the engine when absent (one query). */
  catalog?: Catalog;
  /** analytics_config.yaml: defaults for the processors and for grouped queries' aggregates. */
  config?: AnalyticsConfig;
}

interface Diagnostics {
  runs_total: number;
  runs_in_scope: number;
  series_counts: { values: number; missing: number; runs: number };
  per_run_values: number | null;
  kept_values: number | null;
  excluded: Omit<ExcludedRun, 'metric' | 'rule' | 'threshold' | 'reason'>[] | null;
  flat_partitions: { experiment?: string; trial?: string; n: number; spread: number | null }[] | null;
}

/** Validates, compiles and runs a spec: the rows in one statement, then its diagnostics. */
export async function runQuery(engine: Engine, spec: QuerySpec, options: RunOptions = {}): Promise<AnalyticsResult> {
  const started = performance.now();
  const catalog = options.catalog ?? (await readCatalog(engine));
  const config = options.config ?? DEFAULT_CONFIG;
  let analyses: ResolvedAnalysis[] = [];
  const query = resolveQuery(specWithDefaults(spec, config), catalog, (root, resolved, problems) => {
    if (root.analyze !== undefined) analyses = resolveAnalyses(root.analyze, problems, resolved, catalog, config.processors);
  });
  const compiled = compileQuery(query);
  const resolved = performance.now();
  const table = await engine.query(compiled.sql);
  const queried = performance.now();
  const [diagnostics] = plainRows(await engine.query(compiled.diagnosticsSql)) as unknown as Diagnostics[];
  const diagnosed = performance.now();
  const analysed = await runAnalyses({ engine, query, catalog }, analyses);
  const finished = performance.now();
  const { rows, emptyIntervals } = finishResult(table, compiled);
  const excluded = (diagnostics.excluded ?? []).map((run) => describeExclusion(run, query.outliers!));
  return {
    rows,
    excluded,
    analyses: analysed,
    meta: {
      title: spec.title ?? null,
      spec,
      query,
      sql: compiled.sql,
      diagnostics_sql: compiled.diagnosticsSql,
      steps: steps(query, diagnostics, rows.numRows),
      notes: notes(query, diagnostics, emptyIntervals),
      timing_ms: { resolve: resolved - started, query: queried - resolved, diagnostics: diagnosed - queried, analyses: finished - diagnosed, total: performance.now() - started },
    },
  };
}

/** The spec as the config completes it: a grouped query without aggregates gets the config's. */
export function specWithDefaults(spec: QuerySpec, config: AnalyticsConfig = DEFAULT_CONFIG): QuerySpec {
  const aggregates = spec.group_by !== undefined && spec.aggregate === undefined ? config.aggregation.aggregates : null;
  return aggregates ? { ...spec, aggregate: aggregates } : spec;
}

function steps(query: ResolvedQuery, d: Diagnostics, resultRows: number): QueryStep[] {
  const list: QueryStep[] = [
    { step: 'runs in the snapshot', rows: d.runs_total },
    { step: 'runs in scope (experiment, trial and status filters)', rows: d.runs_in_scope },
    { step: `${query.metrics.level}-level metric values of those runs`, rows: d.series_counts.values },
    { step: 'values that are numbers (not NULL, NaN or infinite)', rows: d.series_counts.values - d.series_counts.missing },
  ];
  if (d.per_run_values !== null) list.push({ step: `per-run values (${typeof query.perRun === 'object' ? `epoch ${query.perRun?.epoch}` : query.perRun})`, rows: d.per_run_values });
  if (d.kept_values !== null) list.push({ step: `values kept after excluding ${d.excluded?.length ?? 0} outlier runs`, rows: d.kept_values });
  list.push({ step: 'result rows', rows: resultRows });
  return list;
}

function notes(query: ResolvedQuery, d: Diagnostics, emptyIntervals: Map<string, number>): string[] {
  const list: string[] = [];
  const metrics = query.metrics.names.join(', ');
  const { missing, runs } = d.series_counts;
  if (missing) list.push(`${missing} ${query.metrics.level}-level values are NULL, NaN or infinite; they were left out.`);
  const silent = d.runs_in_scope - runs;
  if (silent > 0) list.push(`${silent} of the ${d.runs_in_scope} runs in scope have no ${query.metrics.level}-level value for ${metrics}.`);
  if (d.runs_in_scope === 0) list.push('No run matches the experiment, trial and status filters.');
  const rule = query.outliers;
  for (const flat of d.flat_partitions ?? []) {
    const where = flat.trial !== undefined ? ` within trial '${flat.trial}' (${flat.experiment})` : flat.experiment !== undefined ? ` within experiment '${flat.experiment}'` : '';
    const spread = rule?.method === 'iqr' ? 'the IQR' : rule?.method === 'zscore' ? 'the standard deviation' : 'the MAD';
    list.push(`exclude_outliers: ${spread} of ${rule?.metric} is ${flat.spread === null ? 'undefined' : '0'}${where} (${flat.n} run${flat.n === 1 ? '' : 's'}), so no run there was excluded.`);
  }
  for (const [column, empty] of emptyIntervals) {
    if (empty) list.push(`${column}: ${empty} row${empty === 1 ? ' has' : 's have'} fewer than 2 values, so no interval (null).`);
  }
  return list;
}

function describeExclusion(run: NonNullable<Diagnostics['excluded']>[number], rule: OutlierRule): ExcludedRun {
  const side = run.value < run.bound ? 'below' : 'above';
  const within = rule.within === 'all' ? 'over all runs in scope' : rule.within === 'trial' ? `within trial ${run.trial}` : `within experiment ${run.experiment}`;
  const how = {
    iqr: `the ${side === 'below' ? 'lower' : 'upper'} IQR fence (k = ${rule.threshold})`,
    zscore: `${side === 'below' ? 'mean − ' : 'mean + '}${rule.threshold}·s (z = ${run.score?.toFixed(2)})`,
    modified_zscore: `the modified z-score limit ${rule.threshold} (score ${run.score?.toFixed(2)})`,
    custom: `the ${side === 'below' ? 'lower' : 'upper'} limit`,
  }[rule.method];
  return {
    ...run,
    metric: rule.metric,
    rule: rule.method,
    threshold: rule.threshold,
    reason: `${rule.metric} = ${short(run.value)} is ${side} ${short(run.bound)}, ${how}${rule.method === 'custom' ? '' : ` ${within}`}`,
  };
}

/** Six significant digits: enough to read a reason; the fields keep full precision. */
function short(value: number): string {
  return String(Number(value.toPrecision(6)));
}
