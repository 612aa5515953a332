import type { ChartMark } from './chart-spec.ts';

/** What a chart's input looks like, enough to choose how to draw it. */
export interface ChartInput {
  /** `query-runs`: a query cell's runs, one value each (a box) or one curve each (runs). */
  kind: 'sql' | 'query' | 'query-runs' | 'analysis';
  /** For an analysis: its processor and the table drawn. */
  processor?: string;
  table?: string;
  /** For a query: the level of its metrics (a runs chart draws epoch curves). */
  level?: string;
  columns: { name: string; numeric: boolean }[];
}

type Choice = Partial<Record<'mark' | 'x' | 'y' | 'low' | 'high' | 'color' | 'facet', string>>;

/**
 * The chart a reader most likely wants from this input, as spec fields: training curves with
 * their band, a comparison as dot-and-whisker, failure rates as bars with their intervals, a
 * metric per trial as a box plot, a metric against a param as a scatter. `mark`, when the author
 * chose one, is kept and only its columns are chosen.
 */
export function chooseChart(input: ChartInput, mark?: ChartMark): Choice {
  const has = (name: string) => input.columns.some((column) => column.name === name);
  const first = (...names: string[]) => names.find(has);
  const numbers = input.columns.filter((column) => column.numeric && !/(^|_)id$|^n$|^count$|^runs$|^rank$/.test(column.name)).map((column) => column.name);
  const texts = input.columns.filter((column) => !column.numeric).map((column) => column.name);
  const group = first('group', 'trial', 'experiment', 'status', 'label', ...texts);
  const colour = group !== 'experiment' && has('experiment') ? 'experiment' : undefined;
  const interval = (low: string, high: string) => (has(low) && has(high) ? { low, high } : {});
  const ci = { ...interval('ci_low', 'ci_high'), ...interval('ci95_low', 'ci95_high') };
  const mean = first('mean', 'value', 'rate', ...numbers);
  const defaults = ((): Choice => {
    if (input.kind === 'query-runs') {
      return input.level === 'epoch' && has('epoch')
        ? { mark: 'runs', x: 'epoch', y: 'value', color: first('trial', 'experiment') }
        : { mark: 'box', x: group, y: 'value', color: colour };
    }
    if (input.processor === 'curves' && input.table === 'band') return { mark: 'line', x: 'epoch', y: 'mean', color: 'group', ...ci };
    if (input.processor === 'failures' && input.table === 'rates') return { mark: 'bar', x: 'group', y: 'rate', ...ci };
    if (input.processor === 'failures' && input.table === 'over_time') return { mark: 'bar', x: 'window_start', y: 'rate' };
    if (input.processor === 'outliers') return { mark: 'box', x: 'group', y: 'value' };
    if (input.processor === 'curves' && input.table === 'best_per_run') return { mark: 'box', x: 'trial', y: 'best_value', color: colour };
    if (has('epoch') && mean) return { mark: 'line', x: 'epoch', y: mean, color: group, facet: group !== 'experiment' && has('experiment') ? 'experiment' : undefined, ...ci };
    if (has('label') && mean) return { mark: 'heatmap', x: 'label', y: first('trial', 'experiment', 'group', ...texts.filter((name) => name !== 'label')), color: mean };
    if (group && mean && 'low' in ci) return { mark: 'whisker', x: mean, y: group, color: colour, ...ci };
    const param = input.columns.find((column) => column.numeric && /^param[:_]|^(lr|learning_rate|batch_size|bs|dropout|weight_decay)$/i.test(column.name));
    if (param && mean) return { mark: 'dot', x: param.name, y: mean, color: first('trial', 'experiment') };
    if (group && mean) return { mark: 'dot', x: mean, y: group, color: colour };
    if (numbers.length >= 2) return { mark: 'dot', x: numbers[0], y: numbers[1] };
    if (numbers.length === 1) return { mark: 'histogram', x: numbers[0] };
    return {};
  })();
  if (!mark || mark === defaults.mark) return strip(defaults);
  return strip(forMark(mark, defaults, { group, mean, numbers, has }));
}

/** The defaults' columns rearranged for a mark the author chose. */
function forMark(mark: ChartMark, chosen: Choice, shape: { group?: string; mean?: string; numbers: string[]; has: (name: string) => boolean }): Choice {
  const interval = { low: chosen.low, high: chosen.high };
  const categorical = (name?: string) => name !== undefined && !shape.numbers.includes(name) && name !== 'epoch';
  // Keep the category on the axis the mark puts it on: a whisker's groups go down the y axis, a bar's along x.
  const category = [chosen.x, chosen.y].find(categorical) ?? shape.group;
  const value = [chosen.y, chosen.x].find((name) => name !== undefined && !categorical(name)) ?? shape.mean;
  switch (mark) {
    case 'histogram': return { mark, x: value };
    case 'whisker': return { mark, x: value, y: category, color: chosen.color, ...interval };
    case 'box': return { mark, x: category, y: value, color: chosen.color };
    case 'bar': return { mark, x: category ?? chosen.x, y: value, color: chosen.color, ...interval };
    case 'heatmap': return { mark, x: shape.has('label') ? 'label' : chosen.x, y: category, color: value };
    case 'runs': return { mark, x: 'epoch', y: 'value', color: chosen.color };
    case 'line': case 'area': return { mark, x: chosen.x, y: chosen.y, color: chosen.color, facet: chosen.facet, ...interval };
    default: return { mark, x: chosen.x, y: chosen.y, color: chosen.color, facet: chosen.facet };
  }
}

function strip(choice: Choice): Choice {
  return Object.fromEntries(Object.entries(choice).filter(([, value]) => value !== undefined)) as Choice;
}
