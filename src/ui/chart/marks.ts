import * as Plot from '@observablehq/plot';
import type { ChartSpec } from '../../notebook/chart-spec.ts';
import type { PlainValue } from '../../result/values.ts';

export type Rows = Record<string, PlainValue>[];

/** What every mark builder is given: the spec, its rows and how the page looks. */
export interface MarkContext {
  spec: ChartSpec;
  rows: Rows;
  /** Runs the query's outlier rule excluded (box plots mark them). */
  excluded: Rows;
  /** Whether a column holds categories (text), not numbers. */
  categorical: (column: string | null) => boolean;
  /** A colour that reads as "left out" on this page's background. */
  warning: string;
  /** Fields the tooltip adds to those drawn, so it always names the experiment, trial and run. */
  tipChannels: Record<string, string>;
}

/** One series without a colour column: a blue that reads on light and dark pages alike. */
const SERIES = '#4e79a7';

/** The Plot marks for each kind of chart cell. */
export const MARKS: Record<ChartSpec['mark'], (context: MarkContext) => Plot.Markish[]> = {
  line: ({ spec, rows, tipChannels }) => [
    ...band(spec, rows),
    Plot.lineY(rows, { x: spec.x, y: spec.y!, stroke: spec.color ?? SERIES, z: spec.color ?? undefined, fx: spec.facet ?? undefined, sort: spec.x, channels: tipChannels, tip: true }),
  ],
  runs: ({ spec, rows, tipChannels }) => {
    const runs = new Set(rows.map((row) => row.run_id)).size;
    return [Plot.lineY(rows, {
      x: spec.x, y: spec.y!, z: 'run_id', stroke: spec.color ?? SERIES, fx: spec.facet ?? undefined,
      // Hundreds of overlapping runs read as a density only when each is faint.
      strokeOpacity: runs > 200 ? 0.25 : runs > 30 ? 0.5 : 0.85, strokeWidth: 1,
      channels: tipChannels, tip: true,
    })];
  },
  box: ({ spec, rows, excluded, categorical, warning, tipChannels }) => {
    const vertical = categorical(spec.x) || !categorical(spec.y);
    const flagged = rows.filter((row) => Object.entries(row).some(([key, value]) => key.endsWith('_flag') && value === true));
    const strip = vertical
      ? Plot.dot(rows, { x: spec.x, y: spec.y!, fill: spec.color ?? SERIES, fillOpacity: 0.55, r: 2.5, channels: tipChannels, tip: true })
      : Plot.dot(rows, { y: spec.x, x: spec.y!, fill: spec.color ?? SERIES, fillOpacity: 0.55, r: 2.5, channels: tipChannels, tip: true });
    const box = vertical
      ? Plot.boxY(rows, { x: spec.x, y: spec.y!, fill: 'currentColor', fillOpacity: 0.08, stroke: 'currentColor' })
      : Plot.boxX(rows, { y: spec.x, x: spec.y!, fill: 'currentColor', fillOpacity: 0.08, stroke: 'currentColor' });
    const at = (data: Rows, y: string, options: Plot.DotOptions) => (vertical ? Plot.dot(data, { x: spec.x, y, ...options }) : Plot.dot(data, { y: spec.x, x: y, ...options }));
    return [
      box,
      strip,
      ...(flagged.length ? [at(flagged, spec.y!, { r: 6, stroke: warning, strokeWidth: 1.5, fill: 'none', channels: tipChannels, tip: true })] : []),
      ...(excluded.length ? [at(excluded, 'value', { symbol: 'times', r: 5, stroke: warning, strokeWidth: 2, channels: { ...tipChannels, reason: 'reason' }, tip: true })] : []),
    ];
  },
  whisker: ({ spec, rows, categorical, tipChannels }) => {
    const colour = spec.color ?? SERIES;
    return categorical(spec.x) && !categorical(spec.y)
      ? [Plot.ruleX(rows, { x: spec.x, y1: spec.low!, y2: spec.high!, stroke: colour, strokeWidth: 2 }), Plot.dot(rows, { x: spec.x, y: spec.y!, fill: colour, r: 4.5, channels: withInterval(spec, tipChannels), tip: true })]
      : [Plot.ruleY(rows, { y: spec.y!, x1: spec.low!, x2: spec.high!, stroke: colour, strokeWidth: 2 }), Plot.dot(rows, { y: spec.y!, x: spec.x, fill: colour, r: 4.5, channels: withInterval(spec, tipChannels), tip: true })];
  },
  bar: ({ spec, rows, categorical, tipChannels }) => {
    const across = categorical(spec.y) && !categorical(spec.x);
    const bars = across
      ? Plot.barX(rows, { y: spec.y!, x: spec.x, fill: spec.color ?? SERIES, fx: spec.facet ?? undefined, channels: withInterval(spec, tipChannels), tip: true })
      : Plot.barY(rows, { x: spec.x, y: spec.y!, fill: spec.color ?? SERIES, fx: spec.facet ?? undefined, channels: withInterval(spec, tipChannels), tip: true });
    if (spec.low === null) return [bars, across ? Plot.ruleX([0]) : Plot.ruleY([0])];
    const errors = across
      ? Plot.ruleY(rows, { y: spec.y!, x1: spec.low, x2: spec.high!, fx: spec.facet ?? undefined, stroke: 'currentColor', strokeWidth: 1.5, marker: 'tick' })
      : Plot.ruleX(rows, { x: spec.x, y1: spec.low, y2: spec.high!, fx: spec.facet ?? undefined, stroke: 'currentColor', strokeWidth: 1.5, marker: 'tick' });
    return [bars, errors, across ? Plot.ruleX([0]) : Plot.ruleY([0])];
  },
  dot: ({ spec, rows, tipChannels }) => [
    ...(spec.low === null ? [] : [Plot.ruleX(rows, { x: spec.x, y1: spec.low, y2: spec.high!, stroke: spec.color ?? 'currentColor', fx: spec.facet ?? undefined })]),
    Plot.dot(rows, { x: spec.x, y: spec.y!, fill: spec.color ?? SERIES, r: 3.5, fx: spec.facet ?? undefined, channels: tipChannels, tip: true }),
  ],
  area: ({ spec, rows, tipChannels }) => [
    ...band(spec, rows),
    Plot.areaY(rows, { x: spec.x, y: spec.y!, fill: spec.color ?? SERIES, z: spec.color ?? undefined, fillOpacity: 0.4, fx: spec.facet ?? undefined, sort: spec.x, channels: tipChannels, tip: true }),
  ],
  rule: ({ spec, rows, tipChannels }) => [Plot.ruleY(rows, { x: spec.x, y: spec.y!, stroke: spec.color ?? SERIES, fx: spec.facet ?? undefined, channels: tipChannels, tip: true })],
  heatmap: ({ spec, rows, tipChannels }) => [
    Plot.cell(rows, { x: spec.x, y: spec.y!, fill: spec.color!, fx: spec.facet ?? undefined, inset: 0.5, channels: tipChannels, tip: true }),
    // Values written in the cells while they stay legible.
    ...(rows.length <= 150 ? [Plot.text(rows, { x: spec.x, y: spec.y!, fx: spec.facet ?? undefined, text: (row: Rows[number]) => shortNumber(row[spec.color!]), fill: 'white', stroke: 'black', strokeOpacity: 0.35, strokeWidth: 2, paintOrder: 'stroke', fontSize: 10 })] : []),
  ],
  histogram: ({ spec, rows }) => {
    const options = { x: spec.x, fill: spec.color ?? SERIES, fx: spec.facet ?? undefined, tip: true, insetLeft: 0.5, insetRight: 0.5 };
    return [Plot.rectY(rows, Plot.binX({ y: 'count' }, options)), Plot.ruleY([0])];
  },
};

/** A line's confidence band: the area between low and high, under the line, per colour. */
function band(spec: ChartSpec, rows: Rows): Plot.Markish[] {
  if (spec.low === null || spec.high === null) return [];
  return [Plot.areaY(rows, { x: spec.x, y1: spec.low, y2: spec.high, fill: spec.color ?? SERIES, z: spec.color ?? undefined, fillOpacity: 0.16, fx: spec.facet ?? undefined, sort: spec.x })];
}

function withInterval(spec: ChartSpec, channels: Record<string, string>): Record<string, string> {
  return spec.low === null ? channels : { ...channels, [spec.low]: spec.low, [spec.high!]: spec.high! };
}

function shortNumber(value: PlainValue | undefined): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(3))) : String(value ?? '');
}
