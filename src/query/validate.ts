import { STATUSES } from '../snapshot/overview.ts';
import type { Catalog } from './catalog.ts';
import { aggregateColumns, resultColumns } from './columns.ts';
import { Problems, QuerySpecError, describe } from './problems.ts';
import {
  DEFAULT_AGGREGATES, DEFAULT_THRESHOLD, GROUP_KEYS, LEVELS, OUTLIER_METHODS, OUTLIER_PARTITIONS, PER_RUN_SUMMARIES,
  SIMPLE_AGGREGATES, lowerIsBetterByName, type Aggregate, type GroupKey, type Level, type OutlierRule, type PerRun,
  type ResolvedQuery,
} from './spec.ts';
import { didYouMean } from './suggest.ts';

const TOP_LEVEL = ['title', 'description', 'experiments', 'trials', 'runs', 'metrics', 'per_run', 'exclude_outliers', 'group_by', 'aggregate', 'order_by', 'limit', 'analyze'];
const DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/**
 * Checks a spec (from YAML or the fluent API) against the snapshot's names and fills in the
 * defaults. Every problem is reported at once, each with its path; throws QuerySpecError.
 */
export function resolveQuery(spec: unknown, catalog: Catalog, more?: (root: Record<string, unknown>, query: ResolvedQuery, problems: Problems) => void): ResolvedQuery {
  const p = new Problems();
  const root = p.object(spec, '(spec)') ?? {};
  p.unknownKeys(root, '', TOP_LEVEL, (key) => didYouMean(key, TOP_LEVEL));
  const metrics = resolveMetrics(p, root.metrics, catalog);
  const perRun = resolvePerRun(p, root.per_run);
  const query: ResolvedQuery = {
    experiments: resolveExperiments(p, root.experiments, catalog),
    trials: resolveTrials(p, root.trials, catalog),
    runs: resolveRuns(p, root.runs),
    metrics,
    perRun,
    outliers: null,
    groupBy: [],
    aggregates: [],
    orderBy: [],
    limit: root.limit === undefined ? null : p.integer(root.limit, 'limit', 1),
  };
  query.outliers = resolveOutliers(p, root.exclude_outliers, query, catalog);
  query.groupBy = resolveGroupBy(p, root.group_by, query, catalog);
  query.aggregates = resolveAggregates(p, root.aggregate, query.groupBy.length > 0);
  query.orderBy = resolveOrderBy(p, root.order_by, query);
  // More checks of the same spec (the analyze list) join this list, so every problem shows at once.
  more?.(root, query, p);
  if (p.list.length) throw new QuerySpecError(p.list);
  return query;
}

function names(p: Problems, value: unknown, path: string, known: string[], what: string): string[] {
  // Unknown names are reported here and dropped, so later checks do not report them again.
  return p.many(value, path, p.text).filter((name, i, all) => {
    const at = Array.isArray(value) ? `${path}[${i}]` : path;
    if (!known.includes(name)) p.add(at, `unknown ${what} '${name}'${didYouMean(name, known) || choices(known, what)}`);
    return known.includes(name) && all.indexOf(name) === i;
  });
}

/** Without a close match, the names there are (a few), so the user need not go and look. */
function choices(known: string[], what: string): string {
  if (!known.length) return ` (the snapshot has no ${what}s)`;
  const shown = known.slice(0, 10).join(', ');
  return `; the snapshot has ${shown}${known.length > 10 ? `, … (${known.length} in all)` : ''}`;
}

function resolveExperiments(p: Problems, value: unknown, catalog: Catalog): ResolvedQuery['experiments'] {
  const o = p.object(value, 'experiments') ?? {};
  p.unknownKeys(o, 'experiments', ['ids', 'names', 'started'], (k) => didYouMean(k, ['ids', 'names', 'started']));
  const started = p.object(o.started, 'experiments.started') ?? {};
  p.unknownKeys(started, 'experiments.started', ['from', 'to'], (k) => didYouMean(k, ['from', 'to']));
  const date = (key: 'from' | 'to'): string | null => {
    const raw = started[key] instanceof Date ? (started[key] as Date).toISOString().slice(0, 10) : started[key];
    if (raw === undefined || raw === null) return null;
    if (typeof raw === 'string' && DATE.test(raw) && !Number.isNaN(Date.parse(raw.replace(' ', 'T')))) return raw.replace('T', ' ');
    p.add(`experiments.started.${key}`, `expected a date like 2026-01-31 or 2026-01-31 14:00, got ${describe(raw)}`);
    return null;
  };
  return {
    ids: ids(p, o.ids, 'experiments.ids', catalog.experiments.map((e) => e.id), 'experiment'),
    names: names(p, o.names, 'experiments.names', catalog.experiments.map((e) => e.title), 'experiment'),
    from: date('from'),
    to: date('to'),
  };
}

function ids(p: Problems, value: unknown, path: string, known: number[], what: string): number[] {
  return p.many(value, path, (v, at) => {
    const id = p.integer(v, at);
    if (id !== null && !known.includes(id)) p.add(at, `no ${what} has id ${id}${known.length ? ` (ids run from ${Math.min(...known)} to ${Math.max(...known)})` : ''}`);
    return id;
  });
}

function resolveTrials(p: Problems, value: unknown, catalog: Catalog): ResolvedQuery['trials'] {
  const o = p.object(value, 'trials') ?? {};
  p.unknownKeys(o, 'trials', ['ids', 'names', 'exclude'], (k) => didYouMean(k, ['ids', 'names', 'exclude']));
  const known = [...new Set(catalog.trials.map((t) => t.name))];
  return {
    ids: ids(p, o.ids, 'trials.ids', catalog.trials.map((t) => t.id), 'trial'),
    names: names(p, o.names, 'trials.names', known, 'trial'),
    exclude: names(p, o.exclude, 'trials.exclude', known, 'trial'),
  };
}

function resolveRuns(p: Problems, value: unknown): ResolvedQuery['runs'] {
  const o = p.object(value, 'runs') ?? {};
  p.unknownKeys(o, 'runs', ['ids', 'status'], (k) => didYouMean(k, ['ids', 'status']));
  const runIds = p.many(o.ids, 'runs.ids', (v, at) => p.integer(v, at));
  if (o.status === 'any' || o.status === 'all') return { ids: runIds, status: null };
  const known = [...STATUSES];
  const status = o.status === undefined ? ['completed'] : names(p, o.status, 'runs.status', known, 'status');
  if (Array.isArray(o.status) && o.status.length === 0) p.add('runs.status', `name at least one status (${known.join(', ')}) or 'any'`);
  return { ids: runIds, status };
}

function resolveMetrics(p: Problems, value: unknown, catalog: Catalog): ResolvedQuery['metrics'] {
  const o = p.object(value, 'metrics') ?? {};
  p.unknownKeys(o, 'metrics', ['names', 'level', 'higher_is_better'], (k) => didYouMean(k, ['names', 'level', 'higher_is_better']));
  let level: Level | null = null;
  if (o.level !== undefined) {
    if (LEVELS.includes(o.level as Level)) level = o.level as Level;
    else p.add('metrics.level', `expected one of ${LEVELS.join(', ')}, got ${describe(o.level)}${didYouMean(String(o.level), LEVELS)}`);
  }
  const levelsOf = (name: string) => catalog.metrics.filter((m) => m.name === name).map((m) => m.level);
  const known = [...new Set(catalog.metrics.map((m) => m.name))];
  const named = names(p, o.names, 'metrics.names', known, 'metric');
  if (named.length === 0 && o.names === undefined && level === null) p.add('metrics', `name the metrics to read (names: [${known.slice(0, 3).join(', ')}]) or a level to read all of (level: epoch)`);
  if (level === null && named.length) {
    const common = LEVELS.filter((l) => named.every((name) => levelsOf(name).includes(l)));
    if (common.length === 1) level = common[0];
    else if (common.length > 1) p.add('metrics.level', `${named.join(', ')} ${named.length > 1 ? 'are' : 'is'} recorded at ${common.join(' and ')} level; say which with level: ${common[0]}`);
    else if (named.every((name) => levelsOf(name).length)) p.add('metrics.names', `${named.map((n) => `${n} is ${levelsOf(n).join('/')}-level`).join(', ')}; one query reads one level, so split it in two`);
  } else if (level !== null) {
    named.forEach((name, i) => {
      const levels = levelsOf(name);
      if (levels.length && !levels.includes(level!)) p.add(Array.isArray(o.names) ? `metrics.names[${i}]` : 'metrics.names', `'${name}' is recorded at the ${levels.join('/')} level, not ${level}; set metrics.level: ${levels[0]}`);
    });
  }
  const resolvedLevel = level ?? 'results';
  const all = o.names !== undefined ? named : catalog.metrics.filter((m) => m.level === resolvedLevel).map((m) => m.name);
  if (o.names === undefined && level !== null && !all.length) p.add('metrics.level', `the snapshot has no ${level}-level metrics`);
  return { names: all, level: resolvedLevel, lowerIsBetter: directions(p, o.higher_is_better, all) };
}

function directions(p: Problems, value: unknown, metrics: string[]): string[] {
  const lower = new Set(metrics.filter(lowerIsBetterByName));
  if (value === undefined) return [...lower];
  if (typeof value === 'boolean') return value ? [] : [...metrics];
  const o = p.object(value, 'metrics.higher_is_better') ?? {};
  for (const [name, higher] of Object.entries(o)) {
    if (!metrics.includes(name)) p.add(`metrics.higher_is_better.${name}`, `'${name}' is not one of the query's metrics${didYouMean(name, metrics)}`);
    else if (typeof higher !== 'boolean') p.add(`metrics.higher_is_better.${name}`, `expected true or false, got ${describe(higher)}`);
    else if (higher) lower.delete(name);
    else lower.add(name);
  }
  return metrics.filter((m) => lower.has(m));
}

function resolvePerRun(p: Problems, value: unknown): PerRun | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && (PER_RUN_SUMMARIES as readonly string[]).includes(value)) return value as PerRun;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    p.unknownKeys(o, 'per_run', ['epoch'], () => `; the only mapping form is { epoch: 10 }`);
    const epoch = p.integer(o.epoch, 'per_run.epoch');
    return epoch === null ? null : { epoch };
  }
  p.add('per_run', `expected one of ${PER_RUN_SUMMARIES.join(', ')} or { epoch: N }, got ${describe(value)}${typeof value === 'string' ? didYouMean(value, PER_RUN_SUMMARIES) : ''}`);
  return null;
}

function resolveOutliers(p: Problems, value: unknown, query: ResolvedQuery, catalog: Catalog): OutlierRule | null {
  const o = p.object(value, 'exclude_outliers');
  if (!o) return null;
  const fields = ['metric', 'method', 'threshold', 'lower', 'upper', 'within'];
  p.unknownKeys(o, 'exclude_outliers', fields, (k) => didYouMean(k, fields));
  const method = o.method === undefined ? 'iqr' : (o.method as OutlierRule['method']);
  if (!OUTLIER_METHODS.includes(method)) p.add('exclude_outliers.method', `expected one of ${OUTLIER_METHODS.join(', ')}, got ${describe(o.method)}${didYouMean(String(o.method), OUTLIER_METHODS)}`);
  const within = o.within === undefined ? 'trial' : (o.within as OutlierRule['within']);
  if (!OUTLIER_PARTITIONS.includes(within)) p.add('exclude_outliers.within', `expected one of ${OUTLIER_PARTITIONS.join(', ')}, got ${describe(o.within)}${didYouMean(String(o.within), OUTLIER_PARTITIONS)}`);
  let metric = o.metric === undefined ? null : p.text(o.metric, 'exclude_outliers.metric');
  if (metric === null && o.metric === undefined) {
    if (query.metrics.names.length === 1) metric = query.metrics.names[0];
    else if (query.metrics.names.length > 1) p.add('exclude_outliers.metric', `say which metric decides the outliers (one of ${query.metrics.names.join(', ')})`);
  }
  if (metric !== null && !catalog.metrics.some((m) => m.name === metric && m.level === query.metrics.level)) {
    const atLevel = catalog.metrics.filter((m) => m.level === query.metrics.level).map((m) => m.name);
    p.add('exclude_outliers.metric', `no ${query.metrics.level}-level metric '${metric}'${didYouMean(metric, atLevel)}`);
  }
  if (query.metrics.level !== 'results' && query.perRun === null) p.add('exclude_outliers', `runs are judged on one value each, but ${query.metrics.level}-level metrics are series; add per_run (e.g. per_run: last)`);
  const custom = method === 'custom';
  const bound = (key: 'lower' | 'upper') => (o[key] === undefined ? null : p.number(o[key], `exclude_outliers.${key}`));
  const lower = bound('lower');
  const upper = bound('upper');
  if (custom && lower === null && upper === null && o.lower === undefined && o.upper === undefined) p.add('exclude_outliers', 'method custom needs lower, upper or both');
  if (!custom && (o.lower !== undefined || o.upper !== undefined)) p.add('exclude_outliers', `lower and upper belong to method custom; ${method} uses threshold`);
  if (custom && o.threshold !== undefined) p.add('exclude_outliers.threshold', 'method custom uses lower and upper, not threshold');
  if (lower !== null && upper !== null && lower > upper) p.add('exclude_outliers', `lower (${lower}) is above upper (${upper})`);
  const threshold = custom ? null : o.threshold === undefined ? DEFAULT_THRESHOLD[method as keyof typeof DEFAULT_THRESHOLD] ?? null : p.number(o.threshold, 'exclude_outliers.threshold', true);
  return metric === null ? null : { metric, method, threshold, lower, upper, within };
}

function resolveGroupBy(p: Problems, value: unknown, query: ResolvedQuery, catalog: Catalog): GroupKey[] {
  const choices = [...GROUP_KEYS, 'param:<key>'];
  const keys = p.many(value, 'group_by', (v, at): GroupKey | null => {
    const text = p.text(v, at);
    if (text === null) return null;
    if (text.startsWith('param:')) {
      const key = text.slice('param:'.length);
      // The key names a result column, and DuckDB cannot parse an empty column name or a NUL in one.
      if (key === '' || key.includes('\0')) {
        p.add(at, key === '' ? 'name the param after param:, e.g. param:lr' : 'a param name with a NUL character cannot be a column; rename the param in its params file');
        return null;
      }
      if (!catalog.params.includes(key)) p.add(at, `no param '${key}' in this snapshot${didYouMean(key, catalog.params) || (catalog.params.length ? `; it has ${catalog.params.join(', ')}` : ' (it has no params)')}`);
      return { kind: 'param', key };
    }
    if (!(GROUP_KEYS as readonly string[]).includes(text)) {
      p.add(at, `cannot group by '${text}'; use ${choices.join(', ')}${didYouMean(text, GROUP_KEYS)}`);
      return null;
    }
    const kind = text as (typeof GROUP_KEYS)[number];
    if ((kind === 'epoch' || kind === 'batch') && (query.metrics.level === 'results' || query.perRun !== null)) {
      p.add(at, query.perRun !== null ? `per_run leaves one value per run, so there is no ${kind} to group by; drop per_run to group the series` : `results-level metrics have no ${kind}`);
    }
    if (kind === 'batch' && query.metrics.level === 'epoch') p.add(at, 'epoch-level metrics have no batch');
    return { kind };
  });
  const seen = new Set<string>();
  return keys.filter((key) => {
    const id = key.kind === 'param' ? `param:${key.key}` : key.kind;
    if (seen.has(id)) p.add('group_by', `'${id}' is listed twice`);
    seen.add(id);
    return true;
  }).filter((key, i, all) => all.findIndex((k) => JSON.stringify(k) === JSON.stringify(key)) === i);
}

function resolveAggregates(p: Problems, value: unknown, grouped: boolean): Aggregate[] {
  const entries = value === undefined && grouped ? DEFAULT_AGGREGATES : value;
  const known = [...SIMPLE_AGGREGATES, 'p25', 'p75', 'ci95', 'ci99'];
  const aggregates = p.many(entries, 'aggregate', (v, at): Aggregate | null => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'ci' in v) {
      const confidence = p.number((v as { ci: unknown }).ci, `${at}.ci`, true);
      if (confidence === null) return null;
      if (confidence >= 1) p.add(`${at}.ci`, `a confidence is a fraction below 1 (0.95 for 95%), got ${confidence}`);
      return { kind: 'ci', column: `ci${percentLabel(confidence * 100)}`, confidence };
    }
    const text = p.text(v, at);
    if (text === null) return null;
    if ((SIMPLE_AGGREGATES as readonly string[]).includes(text)) return { kind: text as (typeof SIMPLE_AGGREGATES)[number], column: text };
    const quantile = /^p(\d{1,2}(?:\.\d+)?|100)$/.exec(text);
    if (quantile) return { kind: 'quantile', column: `p${percentLabel(Number(quantile[1]))}`, p: Number(quantile[1]) / 100 };
    const ci = /^ci(\d{2}(?:\.\d+)?)$/.exec(text);
    if (ci && Number(ci[1]) > 0 && Number(ci[1]) < 100) return { kind: 'ci', column: `ci${percentLabel(Number(ci[1]))}`, confidence: Number(ci[1]) / 100 };
    p.add(at, `unknown aggregate '${text}'${didYouMean(text, known) || `; use ${SIMPLE_AGGREGATES.join(', ')}, pNN (percentile) or ciNN (t-interval)`}`);
    return null;
  });
  const columns = aggregates.flatMap(aggregateColumns);
  columns.forEach((column, i) => {
    if (columns.indexOf(column) !== i) p.add('aggregate', `'${column}' is listed twice`);
  });
  return aggregates.filter((a, i) => aggregates.findIndex((b) => b.column === a.column) === i);
}

/** 95 → '95', 99.9 → '99_9': usable as a column name without quoting. */
function percentLabel(percent: number): string {
  return String(Number(percent.toFixed(6))).replace('.', '_');
}

function resolveOrderBy(p: Problems, value: unknown, query: ResolvedQuery): ResolvedQuery['orderBy'] {
  const columns = resultColumns(query);
  const params = query.groupBy.flatMap((k) => (k.kind === 'param' ? [k.key] : []));
  params.forEach((key) => {
    if (columns.indexOf(key) !== columns.lastIndexOf(key)) p.add('group_by', `param '${key}' has the name of another result column`);
  });
  return p.many(value, 'order_by', (v, at) => {
    const text = p.text(v, at);
    if (text === null) return null;
    const descending = text.startsWith('-');
    const column = text.replace(/^[-+]/, '');
    if (query.aggregates.some((a) => a.kind === 'ci' && aggregateColumns(a).includes(column))) {
      p.add(at, `${column} is computed after the query runs, so it cannot order it; order by mean (or another column) instead`);
      return null;
    }
    if (!columns.includes(column)) {
      p.add(at, `no result column '${column}'${didYouMean(column, columns) || `; the result has ${columns.join(', ')}`}`);
      return null;
    }
    return { column, descending };
  });
}
