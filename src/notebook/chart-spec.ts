import { Problems, QuerySpecError } from '../query/problems.ts';
import { didYouMean } from '../query/suggest.ts';

/** What a chart cell draws: one Plot mark over its input's rows. */
export const CHART_MARKS = ['line', 'dot', 'bar', 'area', 'rule'] as const;
export type ChartMark = (typeof CHART_MARKS)[number];

export interface ChartSpec {
  input: string;
  mark: ChartMark;
  x: string;
  y: string;
  color: string | null;
  facet: string | null;
  title: string | null;
  /** For an analysis input: which of its tables (default the first). */
  table: string | null;
}

export const CHART_KEYS = ['input', 'mark', 'x', 'y', 'color', 'facet', 'title', 'table'];

/** Checks a chart spec against the columns its input has; every problem at once, at its path. */
export function resolveChartSpec(raw: Record<string, unknown>, columns: string[]): ChartSpec {
  const p = new Problems();
  p.unknownKeys(raw, '', CHART_KEYS, (key) => didYouMean(key, CHART_KEYS));
  const column = (key: string, required: boolean): string | null => {
    const value = raw[key];
    if (value === undefined || value === null) {
      if (required) p.add(key, `name the column for ${key} (one of ${columns.join(', ')})`);
      return null;
    }
    const name = p.text(value, key);
    if (name !== null && !columns.includes(name)) p.add(key, `the input has no column '${name}'${didYouMean(name, columns) || `; it has ${columns.join(', ')}`}`);
    return name;
  };
  const mark = raw.mark ?? 'line';
  if (!(CHART_MARKS as readonly unknown[]).includes(mark)) p.add('mark', `expected one of ${CHART_MARKS.join(', ')}${typeof mark === 'string' ? didYouMean(mark, CHART_MARKS) : ''}`);
  const spec: ChartSpec = {
    input: String(raw.input ?? ''),
    mark: mark as ChartMark,
    x: column('x', true) ?? '',
    y: column('y', true) ?? '',
    color: column('color', false),
    facet: column('facet', false),
    title: raw.title === undefined ? null : p.text(raw.title, 'title'),
    table: raw.table === undefined ? null : p.text(raw.table, 'table'),
  };
  if (p.list.length) throw new QuerySpecError(p.list);
  return spec;
}
