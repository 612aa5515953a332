import * as Plot from '@observablehq/plot';
import type { ChartSpec } from '../../notebook/chart-spec.ts';
import type { PlainValue } from '../../result/values.ts';

/** A chart cell's spec drawn with Observable Plot at the given width; tooltips name every field drawn. */
export function plotChart(spec: ChartSpec, rows: Record<string, PlainValue>[], width: number): SVGSVGElement | HTMLElement {
  const channels = { x: spec.x, y: spec.y, fx: spec.facet ?? undefined };
  const colour = spec.color ?? undefined;
  const tip = { tip: true as const };
  const marks = {
    line: () => Plot.lineY(rows, { ...channels, stroke: colour, ...tip }),
    dot: () => Plot.dot(rows, { ...channels, fill: colour, r: 4, ...tip }),
    bar: () => Plot.barY(rows, { ...channels, fill: colour, ...tip }),
    area: () => Plot.areaY(rows, { ...channels, fill: colour, fillOpacity: 0.4, ...tip }),
    rule: () => Plot.ruleY(rows, { ...channels, stroke: colour, ...tip }),
  };
  const categoricalY = rows.some((row) => typeof row[spec.y] === 'string');
  return Plot.plot({
    width,
    height: categoricalY ? Math.max(200, new Set(rows.map((row) => row[spec.y])).size * 22 + 60) : 320,
    marginLeft: categoricalY ? 120 : 56,
    grid: true,
    style: { background: 'transparent', color: 'currentColor', fontSize: '12px' },
    color: colour ? { legend: true } : undefined,
    x: { label: spec.x },
    y: { label: spec.y, zero: spec.mark === 'bar' || spec.mark === 'area' },
    fx: spec.facet ? { label: spec.facet } : undefined,
    marks: [marks[spec.mark]()],
  });
}
