import type { Level, PerRun, ResolvedQuery } from './spec.ts';
import { inList } from './sql.ts';

/**
 * One value per run and metric from a series, as aggregate expressions over `series`. Where a
 * value is picked from the series (last, first, min, max, best, an epoch), the epoch (and batch)
 * it came from is kept; ties go to the earliest epoch, so results never depend on scan order.
 */
export function perRunColumns(query: ResolvedQuery, perRun: PerRun): string[] {
  const level = query.metrics.level;
  const position = positionColumns(level);
  if (perRun === 'mean') return ['avg(value) AS value'];
  if (perRun === 'last' || perRun === 'first' || typeof perRun === 'object') {
    const pick = perRun === 'first' ? 'arg_min' : 'arg_max';
    const key = seriesOrder(level);
    return [`${pick}(value, ${key}) AS value`, ...position.map((column) => `${pick}(${column}, ${key}) AS ${column}`)];
  }
  if (perRun === 'min' || perRun === 'max') return extreme(perRun, position);
  const lower = query.metrics.lowerIsBetter.filter((m) => query.metrics.names.includes(m) || query.outliers?.metric === m);
  const all = [...new Set([...query.metrics.names, ...(query.outliers ? [query.outliers.metric] : [])])];
  if (lower.length === 0) return extreme('max', position);
  if (lower.length === all.length) return extreme('min', position);
  const isLower = inList('metric', lower);
  const [minValue, ...minPosition] = extreme('min', position).map(stripAlias);
  const [maxValue, ...maxPosition] = extreme('max', position).map(stripAlias);
  return [
    `CASE WHEN ${isLower} THEN ${minValue} ELSE ${maxValue} END AS value`,
    ...position.map((column, i) => `CASE WHEN ${isLower} THEN ${minPosition[i]} ELSE ${maxPosition[i]} END AS ${column}`),
  ];
}

function extreme(which: 'min' | 'max', position: string[]): string[] {
  const pick = which === 'min' ? 'arg_min' : 'arg_max';
  // Among equal values the earliest position wins: for max, a larger key means an earlier epoch.
  const sign = which === 'min' ? '' : '-';
  const tieKey = `{${["'v': value", ...position.map((c) => `'${c[0]}': ${sign}${c}`), `'i': ${sign}metric_id`].join(', ')}}`;
  return [`${which}(value) AS value`, ...position.map((column) => `${pick}(${column}, ${tieKey}) AS ${column}`)];
}

function stripAlias(expression: string): string {
  return expression.replace(/ AS \w+$/, '');
}

export function positionColumns(level: Level): string[] {
  return level === 'batch' ? ['epoch', 'batch'] : level === 'epoch' ? ['epoch'] : [];
}

/** Series order: by epoch and batch, then by the order values were written (metric id). */
function seriesOrder(level: Level): string {
  const fields = [...positionColumns(level).map((c) => `'${c[0]}': ${c}`), `'i': metric_id`];
  return `{${fields.join(', ')}}`;
}
