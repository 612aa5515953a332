import * as Plot from '@observablehq/plot';
import type { ChartSpec } from '../../notebook/chart-spec.ts';
import { MARKS, type Rows } from './marks.ts';

export interface ChartDrawing {
  spec: ChartSpec;
  rows: Rows;
  excluded: Rows;
  width: number;
  /** The x range shown, when the reader zoomed in. */
  xDomain?: [number, number];
  dark: boolean;
}

/** Margins of a chart without categories down its side: the plot area is the width less these. */
export const PLAIN_MARGINS = { left: 56, right: 24 };

/**
 * A chart cell drawn with Observable Plot. Categories down the y axis get the height and margin
 * their labels need; colours and text follow the page (currentColor), so dark mode reads.
 */
export function plotChart({ spec, rows, excluded, width, xDomain, dark }: ChartDrawing): ReturnType<typeof Plot.plot> {
  // Asked for each channel of each mark; a scan of a million rows is worth doing once per column.
  const kinds = new Map<string, boolean>();
  const categorical = (column: string | null): boolean => {
    if (column === null) return false;
    if (!kinds.has(column)) kinds.set(column, rows.some((row) => typeof row[column] === 'string' || typeof row[column] === 'boolean'));
    return kinds.get(column)!;
  };
  const byY = spec.y !== null && categorical(spec.y) && !(spec.mark === 'box' && categorical(spec.x));
  const categories = byY ? new Set(rows.map((row) => row[spec.y!])).size : 0;
  const xLabels = categorical(spec.x) ? [...new Set(rows.map((row) => String(row[spec.x])))] : [];
  // Not Math.max(...lengths): spreading a few hundred thousand arguments overflows the stack.
  const longestY = byY ? rows.reduce((longest, row) => Math.max(longest, String(row[spec.y!]).length), 0) : 0;
  const rotate = xLabels.length > 6 || xLabels.some((label) => label.length > 10);
  const colours = spec.color === null ? 0 : new Set(rows.map((row) => row[spec.color!])).size;
  const shown = spec.x === null ? [] : excluded.filter((row) => row[spec.x] !== undefined);
  const marks = MARKS[spec.mark]({ spec, rows, excluded: shown, categorical, warning: dark ? '#ff8a80' : '#b42318', tipChannels: tipChannels(spec, rows) });
  const numericScale = (type: ChartSpec['x_scale']) => (type === 'linear' ? undefined : type);
  // Categories in the order of the data: a ranking stays ranked, a query's order_by holds.
  const inDataOrder = (column: string | null) => (column !== null && categorical(column) ? [...new Set(rows.map((row) => row[column]))] : undefined);
  return Plot.plot({
    width,
    height: byY ? Math.max(180, categories * 24 + 70) : rotate ? 380 : 320,
    marginLeft: byY ? Math.min(240, 20 + longestY * 7.2) : PLAIN_MARGINS.left,
    marginRight: PLAIN_MARGINS.right,
    marginBottom: rotate ? 90 : 40,
    grid: true,
    clip: xDomain !== undefined,
    style: { background: 'transparent', color: 'currentColor', fontSize: '12px', overflow: 'visible' },
    color: spec.color === null
      ? undefined
      : spec.mark === 'heatmap' || !categorical(spec.color)
        ? { legend: true, label: spec.color, scheme: spec.mark === 'heatmap' ? 'viridis' : 'turbo' }
        // Past ten categories the categorical palette repeats; an ordinal ramp keeps them apart.
        : { legend: colours <= 30, label: spec.color, type: colours > 10 ? 'ordinal' : undefined, scheme: colours > 10 ? 'rainbow' : undefined },
    x: { label: spec.x, type: categorical(spec.x) ? undefined : numericScale(spec.x_scale), domain: xDomain ?? inDataOrder(spec.x), tickRotate: rotate ? -35 : 0 },
    y: {
      label: spec.y ?? 'count',
      labelAnchor: byY ? 'top' : undefined,
      type: spec.y !== null && categorical(spec.y) ? undefined : numericScale(spec.y_scale),
      domain: inDataOrder(spec.y),
      zero: spec.mark === 'bar' || spec.mark === 'area' || spec.mark === 'histogram',
    },
    fx: spec.facet === null ? undefined : { label: spec.facet },
    marks,
  });
}

/** The identifying fields a tooltip names beside what is drawn: experiment, trial, run, group. */
function tipChannels(spec: ChartSpec, rows: Rows): Record<string, string> {
  const drawn = new Set([spec.x, spec.y, spec.color, spec.facet, spec.low, spec.high]);
  const first = rows[0] ?? {};
  const names: [string, string][] = [['experiment', 'experiment'], ['trial', 'trial'], ['run', 'run_id'], ['group', 'group'], ['status', 'status']];
  return Object.fromEntries(names.filter(([, column]) => column in first && !drawn.has(column)));
}
