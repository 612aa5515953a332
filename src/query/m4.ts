import { pipeline } from './compile.ts';
import type { ResolvedQuery } from './spec.ts';
import { intLiteral, literal, num, renderWith, type Select } from './sql.ts';

export interface M4Options {
  metric: string;
  /** Pixel columns of the chart: at most four points per run and column leave DuckDB. */
  width: number;
  /** Only the runs with the lowest ids (a chart of many runs draws this many). */
  runLimit?: number;
  /** The epoch range shown (zoom); the data's own range when absent. */
  x0?: number;
  x1?: number;
}

/**
 * M4 downsampling of per-run epoch curves (Jugel et al., VLDB 2014): per run and pixel column,
 * the first, last, lowest and highest point. Drawn as lines at that width, the kept points give
 * the same picture as all points. Ties go to the earliest epoch so the answer never depends on
 * scan order. Columns: run_id, epoch, value, ordered by run and epoch.
 */
export function compileM4(query: ResolvedQuery, options: M4Options): string {
  if (query.metrics.level !== 'epoch') throw new Error('M4 curves are drawn over epochs: the query must be at epoch level');
  if (!Number.isInteger(options.width) || options.width < 1) throw new Error(`the chart width must be a positive whole number of pixels, not ${options.width}`);
  const ctes = pipeline(query);
  const metric = `k.metric = ${literal(options.metric)}`;
  const limited = options.runLimit === undefined ? [] : [
    `k.run_id IN (SELECT DISTINCT run_id FROM kept WHERE metric = ${literal(options.metric)} ORDER BY run_id LIMIT ${intLiteral(options.runLimit)})`,
  ];
  ctes.push(['points', { select: ['k.run_id', 'k.epoch AS x', 'k.value AS y'], from: 'kept AS k', where: [metric, ...limited] }]);
  const given = (value: number | undefined, fallback: string) => (value === undefined ? fallback : num(value));
  ctes.push(['domain', { select: [`${given(options.x0, 'min(x)')} AS x0`, `${given(options.x1, 'max(x)')} AS x1`], from: 'points' }]);
  ctes.push(['binned', {
    select: ['p.run_id', 'p.x', 'p.y', `floor(${intLiteral(options.width)} * (p.x - d.x0) / (d.x1 - d.x0 + 1))::INTEGER AS col`],
    from: 'points AS p, domain AS d',
    where: ['p.x BETWEEN d.x0 AND d.x1'],
  }]);
  const point = "{'x': x, 'y': y}";
  ctes.push(['m4', {
    select: [
      'run_id',
      `arg_min(${point}, (x, y)) AS first`,
      `arg_max(${point}, (x, -y)) AS last`,
      `arg_min(${point}, (y, x)) AS low`,
      `arg_max(${point}, (y, -x)) AS high`,
    ],
    from: 'binned',
    groupBy: ['run_id', 'col'],
  }]);
  ctes.push(['kept_points', { select: ['run_id', 'unnest([first, last, low, high]) AS p'], from: 'm4' }]);
  const main: Select = { select: ['DISTINCT run_id', 'p.x AS epoch', 'p.y AS value'], from: 'kept_points', orderBy: ['run_id', 'epoch'] };
  return renderWith(ctes, main);
}

/** Where a chart's curves lie: their epoch range, and whether a run has two points at one epoch. */
export interface CurveExtent {
  x0: number;
  x1: number;
  repeated: boolean;
}

/**
 * The points of per-run curves for a chart `width` columns wide. A pixel column spans
 * (x1 − x0 + 1) / width epochs; below four, it holds at most four points of a run (epochs are
 * whole numbers), so M4 could drop little and its grouping costs more than it saves: every point
 * in range is fetched, which is the full picture and still at most 4 × width points per run.
 */
export function compileCurvePoints(query: ResolvedQuery, options: M4Options, extent: CurveExtent): string {
  const x0 = options.x0 ?? extent.x0;
  const x1 = options.x1 ?? extent.x1;
  if (extent.repeated || options.runLimit !== undefined || (x1 - x0 + 1) / options.width >= 4) return compileM4(query, options);
  const ctes = pipeline(query);
  const main: Select = {
    select: ['k.run_id', 'k.epoch', 'k.value'],
    from: 'kept AS k',
    where: [`k.metric = ${literal(options.metric)}`, `k.epoch BETWEEN ${num(x0)} AND ${num(x1)}`],
    orderBy: ['k.run_id', 'k.epoch'],
  };
  return renderWith(ctes, main);
}

/**
 * The runs a per-run curve chart draws, with the names its colours and tooltips need and how
 * many points each has in full: the size M4 saves moving into the page. Ordered by run id.
 */
export function compileCurveRuns(query: ResolvedQuery, metric: string): string {
  if (query.metrics.level !== 'epoch') throw new Error('per-run curves are drawn over epochs: the query must be at epoch level');
  const ctes = pipeline(query);
  ctes.push(['counted', {
    select: ['run_id', 'count(*)::DOUBLE AS points', 'count(DISTINCT epoch)::DOUBLE AS epochs', 'min(epoch)::DOUBLE AS first_epoch', 'max(epoch)::DOUBLE AS last_epoch'],
    from: 'kept',
    where: [`metric = ${literal(metric)}`],
    groupBy: ['run_id'],
  }]);
  const main: Select = {
    select: ['c.run_id', 'e.title AS experiment', 't.trial', 'r.status', 'c.points', 'c.epochs', 'c.first_epoch', 'c.last_epoch'],
    from: 'counted AS c JOIN runs AS r ON r.run_id = c.run_id JOIN trials AS t ON t.trial_id = r.trial_id JOIN experiments AS e ON e.experiment_id = r.experiment_id',
    orderBy: ['c.run_id'],
  };
  return renderWith(ctes, main);
}
