import { Problems, QuerySpecError } from '../query/problems.ts';
import { didYouMean } from '../query/suggest.ts';

/**
 * What a chart cell can draw. `runs` is one curve per run of an epoch-level query cell, reduced
 * in DuckDB (M4); `box` over a query cell draws its runs' values with the excluded runs marked;
 * `whisker` is a dot at y with a rule from low to high; `line` and `bar` draw low–high as a band
 * or error bars when given.
 */
export const CHART_MARKS = ['line', 'runs', 'box', 'whisker', 'bar', 'dot', 'area', 'rule', 'heatmap', 'histogram'] as const;
export type ChartMark = (typeof CHART_MARKS)[number];

export const CHART_SCALES = ['linear', 'log', 'sqrt', 'symlog'] as const;
export type ChartScale = (typeof CHART_SCALES)[number];

export interface ChartSpec {
  input: string;
  mark: ChartMark;
  x: string;
  /** Null only for a histogram, which counts x. */
  y: string | null;
  /** An interval around y (a confidence band, error bars, a whisker). */
  low: string | null;
  high: string | null;
  /** Colour by this column; a heatmap's cell fill. */
  color: string | null;
  facet: string | null;
  x_scale: ChartScale;
  y_scale: ChartScale;
  title: string | null;
  /** For an analysis input: which of its tables (default the first). */
  table: string | null;
  /** For `runs` and `box` over a query cell: which of its metrics (default the first). */
  metric: string | null;
}

export const CHART_KEYS = ['input', 'table', 'metric', 'mark', 'x', 'y', 'low', 'high', 'color', 'facet', 'x_scale', 'y_scale', 'title'];
const COLUMN_KEYS = ['x', 'y', 'low', 'high', 'color', 'facet'] as const;

/**
 * Checks a chart spec against the columns its data has; every problem at once, at its path.
 * `chosen` fills what the author left out (see chooseChart); what the author wrote wins.
 */
export function resolveChartSpec(raw: Record<string, unknown>, columns: string[], chosen: Partial<Record<string, string>> = {}): ChartSpec {
  const p = new Problems();
  p.unknownKeys(raw, '', CHART_KEYS, (key) => didYouMean(key, CHART_KEYS));
  const given = (key: string): unknown => raw[key] ?? chosen[key] ?? null;
  const mark = given('mark') ?? 'line';
  if (!(CHART_MARKS as readonly unknown[]).includes(mark)) p.add('mark', `expected one of ${CHART_MARKS.join(', ')}${typeof mark === 'string' ? didYouMean(mark, CHART_MARKS) : ''}`);
  const column = (key: (typeof COLUMN_KEYS)[number], required: boolean): string | null => {
    const value = given(key);
    if (value === null) {
      if (required) p.add(key, `name the column for ${key} (one of ${columns.join(', ')})`);
      return null;
    }
    const name = p.text(value, key);
    if (name !== null && !columns.includes(name)) p.add(key, `the data has no column '${name}'${didYouMean(name, columns) || `; it has ${columns.join(', ')}`}`);
    return name;
  };
  const scale = (key: 'x_scale' | 'y_scale'): ChartScale => {
    const value = raw[key] ?? 'linear';
    if ((CHART_SCALES as readonly unknown[]).includes(value)) return value as ChartScale;
    p.add(key, `expected one of ${CHART_SCALES.join(', ')}${typeof value === 'string' ? didYouMean(value, CHART_SCALES) : ''}`);
    return 'linear';
  };
  const text = (key: string): string | null => (raw[key] === undefined || raw[key] === null ? null : p.text(raw[key], key));
  const spec: ChartSpec = {
    input: String(raw.input ?? ''),
    mark: mark as ChartMark,
    x: column('x', true) ?? '',
    y: column('y', mark !== 'histogram'),
    low: column('low', false),
    high: column('high', false),
    color: column('color', mark === 'heatmap'),
    facet: column('facet', false),
    x_scale: scale('x_scale'),
    y_scale: scale('y_scale'),
    title: text('title'),
    table: text('table'),
    metric: text('metric'),
  };
  if (p.list.some((problem) => problem.path === 'mark')) throw new QuerySpecError(p.list);
  if ((spec.low === null) !== (spec.high === null)) p.add(spec.low === null ? 'low' : 'high', 'an interval needs both low and high');
  if (spec.low !== null && !['line', 'bar', 'whisker', 'dot', 'area'].includes(spec.mark)) p.add('low', `a ${spec.mark} chart draws no interval; low and high go with line, bar, whisker, dot or area`);
  if (mark === 'whisker' && spec.low === null && !p.list.some((problem) => problem.path === 'low' || problem.path === 'high')) p.add('low', 'a whisker chart draws y with a rule from low to high: name both columns');
  if (p.list.length) throw new QuerySpecError(p.list);
  return spec;
}
