import { keepsPosition, resultColumns, rowKeyColumns } from './columns.ts';
import { boundsSelect, excludedSelect, partitionColumns } from './outlier-sql.ts';
import { perRunColumns, positionColumns } from './per-run.ts';
import { isGrouped, type Aggregate, type GroupKey, type ResolvedQuery } from './spec.ts';
import { ident, inList, intLiteral, literal, renderWith, type Select } from './sql.ts';

/** What a query compiles to: the statement, its diagnostics twin, and what JS adds afterwards. */
export interface CompiledQuery {
  sql: string;
  /** Same CTEs; one row of step counts, the excluded runs and the partitions that flagged nothing. */
  diagnosticsSql: string;
  columns: string[];
  /** t-intervals: DuckDB returns n, mean and s in these hidden columns; JS adds the bounds. */
  intervals: { column: string; confidence: number; n: string; mean: string; sd: string }[];
}

/**
 * Spec → one SQL statement. Filters are WHERE clauses on the runs in scope, the series is read
 * once, per-run summaries, outlier bounds and aggregates are grouped CTEs; names are joined on
 * at the end, so the heavy steps carry only integer ids.
 */
export function compileQuery(query: ResolvedQuery): CompiledQuery {
  const ctes = pipeline(query);
  const diagnosticsSql = renderWith(ctes, diagnostics(query), { materialize: SMALL_CTES });
  const { n, mean, sd } = intervalInputs(query);
  const intervals = query.aggregates.flatMap((a) => (a.kind === 'ci' ? [{ column: a.column, confidence: a.confidence, n, mean, sd }] : []));
  const main = isGrouped(query) ? groupedResult(query, ctes) : rowResult(query);
  return { sql: renderWith(ctes, main), diagnosticsSql, columns: resultColumns(query), intervals };
}

/** CTEs of one row per run (or fewer), which the diagnostics read several times. */
const SMALL_CTES = ['scope_runs', 'per_run', 'judged', 'bounds', 'excluded'];

/** The columns a t-interval is computed from: the requested count, mean and std, or hidden twins. */
function intervalInputs(query: ResolvedQuery): { n: string; mean: string; sd: string } {
  const has = (kind: string) => query.aggregates.some((a) => a.kind === kind);
  return { n: has('count') ? 'count' : '_n', mean: has('mean') ? 'mean' : '_mean', sd: has('std') ? 'std' : '_sd' };
}

export function pipeline(query: ResolvedQuery): [string, Select][] {
  const ctes: [string, Select][] = [['scope_runs', scopeRuns(query)], ['series_all', seriesAll(query)]];
  ctes.push(['series', { select: ['*'], from: 'series_all', where: ['isfinite(value)'] }]);
  let last = 'series';
  if (query.perRun !== null) {
    ctes.push(['per_run', {
      select: ['run_id', 'trial_id', 'experiment_id', 'metric', ...perRunColumns(query, query.perRun)],
      from: 'series',
      groupBy: ['run_id', 'trial_id', 'experiment_id', 'metric'],
    }]);
    last = 'per_run';
  }
  const rule = query.outliers;
  if (rule) {
    ctes.push(['judged', { select: ['run_id', 'trial_id', 'experiment_id', 'value'], from: last, where: [`metric = ${literal(rule.metric)}`] }]);
    if (rule.method !== 'custom') ctes.push(['bounds', boundsSelect(rule)]);
    ctes.push(['excluded', excludedSelect(rule)]);
  }
  const reported = rule && !query.metrics.names.includes(rule.metric) ? [inList('metric', query.metrics.names)] : [];
  ctes.push(['kept', { select: ['*'], from: rule ? `${last} ANTI JOIN excluded USING (run_id)` : last, where: reported }]);
  return ctes;
}

function scopeRuns(query: ResolvedQuery): Select {
  const { experiments, trials, runs } = query;
  const where = [
    experiments.ids.length ? inList('r.experiment_id', experiments.ids) : '',
    experiments.names.length ? inList('e.title', experiments.names) : '',
    experiments.from ? `e.start_time >= ${literal(experiments.from)}::TIMESTAMP` : '',
    experiments.to ? `e.start_time ${experiments.to.length === 10 ? `< ${literal(experiments.to)}::DATE + 1` : `<= ${literal(experiments.to)}::TIMESTAMP`}` : '',
    trials.ids.length ? inList('r.trial_id', trials.ids) : '',
    trials.names.length ? inList('t.trial', trials.names) : '',
    trials.exclude.length ? `NOT ${inList('t.trial', trials.exclude)}` : '',
    runs.ids.length ? inList('r.run_id', runs.ids) : '',
    runs.status ? inList('r.status', runs.status) : '',
  ].filter(Boolean);
  return {
    select: ['r.run_id', 'r.trial_id', 'r.experiment_id', 'r.status'],
    from: 'runs AS r JOIN trials AS t ON t.trial_id = r.trial_id JOIN experiments AS e ON e.experiment_id = r.experiment_id',
    where,
  };
}

function seriesAll(query: ResolvedQuery): Select {
  const metrics = [...new Set([...query.metrics.names, ...(query.outliers ? [query.outliers.metric] : [])])];
  const epoch = typeof query.perRun === 'object' && query.perRun !== null ? [`m.epoch = ${intLiteral(query.perRun.epoch)}`] : [];
  return {
    select: ['m.run_id', 'm.trial_id', 'm.experiment_id', 'm.metric', ...positionColumns(query.metrics.level).map((c) => `m.${c}`), 'm.metric_id', 'm.value'],
    from: 'metrics AS m SEMI JOIN scope_runs AS s ON s.run_id = m.run_id',
    where: [`m.level = ${literal(query.metrics.level)}`, inList('m.metric', metrics), ...epoch],
  };
}

function rowResult(query: ResolvedQuery): Select {
  const position = keepsPosition(query) ? positionColumns(query.metrics.level) : [];
  return {
    select: [...rowKeyColumns(query).map(rowColumn), 'k.value'],
    from: 'kept AS k JOIN scope_runs AS s ON s.run_id = k.run_id JOIN trials AS t ON t.trial_id = k.trial_id JOIN experiments AS e ON e.experiment_id = k.experiment_id',
    orderBy: [...userOrder(query, rowExpression), 'k.experiment_id', 'k.trial_id', 'k.run_id', 'k.metric', ...position.map((c) => `k.${c}`)],
    limit: query.limit,
  };
}

function rowColumn(column: string): string {
  const expression = rowExpression(column);
  return column === 'experiment' ? `${expression} AS experiment` : expression;
}

/** A plain row's column as an expression, for SELECT and ORDER BY alike. */
function rowExpression(column: string): string {
  if (column === 'experiment') return 'e.title';
  if (column === 'trial') return 't.trial';
  if (column === 'status') return 's.status';
  return `k.${column}`;
}

/** Grouping happens on ids in a CTE; the final SELECT joins names and derives the quantile columns. */
function groupedResult(query: ResolvedQuery, ctes: [string, Select][]): Select {
  const uniqueKeys = [...new Set(query.groupBy.flatMap(groupColumns))];
  const params = query.groupBy.flatMap((k, i) => (k.kind === 'param' ? [{ key: k.key, cte: `param_${i}` }] : []));
  for (const { key, cte } of params) ctes.push([cte, paramValues(key)]);
  const joins = [
    query.groupBy.some((k) => k.kind === 'status') ? ' JOIN scope_runs AS s ON s.run_id = k.run_id' : '',
    ...params.map(({ cte }) => ` LEFT JOIN ${cte} ON ${cte}.run_id = k.run_id`),
  ].join('');
  const quantiles = query.aggregates.filter((a): a is Extract<Aggregate, { kind: 'quantile' }> => a.kind === 'quantile');
  const needsInterval = query.aggregates.some((a) => a.kind === 'ci');
  const hidden = needsInterval ? Object.values(intervalInputs(query)).filter((c) => c.startsWith('_')) : [];
  ctes.push(['grouped', {
    select: [
      ...uniqueKeys, 'k.metric',
      ...query.aggregates.flatMap((a) => aggregateSql(a)),
      ...(quantiles.length ? [`quantile_cont(k.value, [${quantiles.map((q) => String(q.p)).join(', ')}]) AS _q`] : []),
      ...hidden.map((column) => `${{ _n: 'count', _mean: 'avg', _sd: 'stddev_samp' }[column]}(k.value) AS ${column}`),
    ],
    from: `kept AS k${joins}`,
    groupBy: [...uniqueKeys.map((k) => k.replace(/ AS \w+$/, '')), 'k.metric'],
  }]);
  const output = keyOutputs(query.groupBy);
  const aggregates = query.aggregates.flatMap((a): string[] => {
    if (a.kind === 'quantile') return [`g._q[${quantiles.indexOf(a) + 1}] AS ${a.column}`];
    if (a.kind === 'ci') return [];
    return [`g.${ident(a.column)}`];
  });
  const needsNames = output.some((o) => o.name === 'experiment' || o.name === 'trial');
  return {
    select: [...output.map((o) => o.select), 'g.metric', ...aggregates, ...hidden.map((column) => `g.${column}`)],
    from: `grouped AS g${needsNames ? nameJoins(query.groupBy) : ''}`,
    orderBy: [...userOrder(query), ...output.map((o) => o.order), 'g.metric'],
    limit: query.limit,
  };
}

function groupColumns(key: GroupKey, index: number): string[] {
  switch (key.kind) {
    case 'experiment': return ['k.experiment_id'];
    case 'trial': return ['k.experiment_id', 'k.trial_id'];
    case 'run': return ['k.experiment_id', 'k.trial_id', 'k.run_id'];
    case 'status': return ['s.status'];
    case 'epoch': return ['k.epoch'];
    case 'batch': return ['k.epoch', 'k.batch'];
    case 'param': return [`param_${index}.value AS param_${index}`];
  }
}

export function keyOutputs(keys: GroupKey[]): { name: string; select: string; order: string }[] {
  const outputs = keys.flatMap((key, index): { name: string; select: string; order: string }[] => {
    switch (key.kind) {
      case 'experiment': return [{ name: 'experiment', select: 'e.title AS experiment', order: 'g.experiment_id' }];
      case 'trial': return [{ name: 'experiment', select: 'e.title AS experiment', order: 'g.experiment_id' }, { name: 'trial', select: 't.trial', order: 'g.trial_id' }];
      case 'run': return [...keyOutputs([{ kind: 'trial' }]), { name: 'run_id', select: 'g.run_id', order: 'g.run_id' }];
      case 'status': return [{ name: 'status', select: 'g.status', order: 'g.status' }];
      case 'epoch': return [{ name: 'epoch', select: 'g.epoch', order: 'g.epoch' }];
      case 'batch': return [{ name: 'epoch', select: 'g.epoch', order: 'g.epoch' }, { name: 'batch', select: 'g.batch', order: 'g.batch' }];
      case 'param': return [{ name: key.key, select: `g.param_${index} AS ${ident(key.key)}`, order: `g.param_${index}` }];
    }
  });
  return outputs.filter((o, i) => outputs.findIndex((p) => p.name === o.name) === i);
}

export function nameJoins(keys: GroupKey[]): string {
  const trial = keys.some((k) => k.kind === 'trial' || k.kind === 'run');
  return ` JOIN experiments AS e ON e.experiment_id = g.experiment_id${trial ? ' JOIN trials AS t ON t.trial_id = g.trial_id' : ''}`;
}

/** A run's value for a param: its own if it has one, else its trial's. */
export function paramValues(key: string): Select {
  return {
    select: ['s.run_id', 'any_value(coalesce(pr.value, pt.value)) AS value'],
    from: `scope_runs AS s LEFT JOIN params AS pr ON pr.run_id = s.run_id AND pr.key = ${literal(key)} LEFT JOIN params AS pt ON pt.run_id IS NULL AND pt.trial_id = s.trial_id AND pt.key = ${literal(key)}`,
    groupBy: ['s.run_id'],
  };
}

function aggregateSql(aggregate: Aggregate): string[] {
  const v = 'k.value';
  const column = ident(aggregate.column);
  switch (aggregate.kind) {
    case 'count': return [`count(${v}) AS ${column}`];
    case 'runs': return [`count(DISTINCT k.run_id) AS ${column}`];
    case 'mean': return [`avg(${v}) AS ${column}`];
    case 'std': return [`stddev_samp(${v}) AS ${column}`];
    case 'var': return [`var_samp(${v}) AS ${column}`];
    case 'sem': return [`stddev_samp(${v}) / sqrt(count(${v})) AS ${column}`];
    case 'median': return [`median(${v}) AS ${column}`];
    case 'min': return [`min(${v}) AS ${column}`];
    case 'max': return [`max(${v}) AS ${column}`];
    case 'sum': return [`sum(${v}) AS ${column}`];
    default: return [];
  }
}

/** Rows order by their own expressions (`column`), since a bare "run_id" is ambiguous between k and s. */
function userOrder(query: ResolvedQuery, column: (name: string) => string = ident): string[] {
  return query.orderBy.map(({ column: name, descending }) => `${column(name)} ${descending ? 'DESC' : 'ASC'} NULLS LAST`);
}


/** One row: how many runs and values each step kept, the excluded runs, and the flat partitions. */
function diagnostics(query: ResolvedQuery): Select {
  const count = (from: string, where = '') => `(SELECT count(*) FROM ${from}${where ? ` WHERE ${where}` : ''})`;
  const rule = query.outliers;
  const partition = rule ? partitionColumns(rule) : [];
  const partitionName = partition[0] === 'trial_id' ? `'trial': t.trial, 'experiment': e.title`
    : partition[0] === 'experiment_id' ? `'experiment': e.title` : '';
  const partitionJoin = partition[0] === 'trial_id' ? ' JOIN trials AS t USING (trial_id) JOIN experiments AS e ON e.experiment_id = t.experiment_id'
    : partition[0] === 'experiment_id' ? ' JOIN experiments AS e USING (experiment_id)' : '';
  return {
    select: [
      `${count('runs')} AS runs_total`,
      `${count('scope_runs')} AS runs_in_scope`,
      // One pass over the series for its three counts; the series itself is never materialised.
      `(SELECT {'values': count(*), 'missing': count(*) FILTER (WHERE isfinite(value) IS NOT TRUE),
                'runs': count(DISTINCT run_id) FILTER (WHERE isfinite(value))} FROM series_all) AS series_counts`,
      `${query.perRun !== null ? count('per_run') : 'NULL'} AS per_run_values`,
      `${rule ? count('kept') : 'NULL'} AS kept_values`,
      rule ? `(SELECT coalesce(list({'run_id': x.run_id, 'experiment': e.title, 'trial': t.trial, 'value': x.value, 'lower': x.lower, 'upper': x.upper, 'bound': x.bound, 'score': x.score} ORDER BY x.run_id), [])
          FROM excluded AS x JOIN trials AS t ON t.trial_id = x.trial_id JOIN experiments AS e ON e.experiment_id = x.experiment_id) AS excluded` : 'NULL AS excluded',
      rule && rule.method !== 'custom' ? `(SELECT coalesce(list({${partitionName ? `${partitionName}, ` : ''}'n': b.n, 'spread': b.spread}${partition.length ? ` ORDER BY b.${partition[0]}` : ''}), [])
          FROM bounds AS b${partitionJoin} WHERE b.spread IS NULL OR b.spread = 0) AS flat_partitions` : 'NULL AS flat_partitions',
    ],
  };
}
