import { svgElement, type TextStyle } from './svg-drawing.ts';

/** What Plot's `figure.scale('color')` tells of a colour scale (the parts a legend needs). */
interface ColourScale {
  type: string;
  domain: unknown[];
  apply(value: unknown): string;
}

type PlotFigure = Element & { scale?: (name: string) => ColourScale | undefined };

const SWATCH = 15;
const SWATCH_GAP = 6;
const ITEM_GAP = 16;
const ROW_HEIGHT = 20;
const RAMP_WIDTH = 240;
const RAMP_HEIGHT = 10;
const RAMP_STOPS = 16;

/**
 * The colour legend Plot put beside its chart as HTML, drawn in SVG `width` wide: swatches and
 * labels wrapped in rows for an ordinal scale, a gradient bar with its ends labelled for a
 * continuous one. Null when the chart shows no colour legend.
 */
export function colourLegend(chart: Element, width: number, style: TextStyle, id: string): { node: SVGGElement; height: number } | null {
  if (!chart.querySelector(':scope > div[class*="-swatches"], :scope > svg[class*="-ramp"]')) return null;
  const scale = (chart as PlotFigure).scale?.('color');
  if (!scale || scale.domain.length === 0) return null;
  return scale.type === 'ordinal' || scale.type === 'categorical' ? swatches(scale, width, style) : ramp(scale, width, style, id);
}

function swatches(scale: ColourScale, width: number, style: TextStyle): { node: SVGGElement; height: number } {
  const node = svgElement('g', { 'aria-label': 'colour legend', 'font-size': style.size });
  let x = 0;
  let y = 0;
  for (const value of scale.domain) {
    const label = valueText(value);
    const itemWidth = SWATCH + SWATCH_GAP + style.measure(label);
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      y += ROW_HEIGHT;
    }
    node.append(
      svgElement('rect', { x, y, width: SWATCH, height: SWATCH, fill: scale.apply(value) }),
      svgElement('text', { x: x + SWATCH + SWATCH_GAP, y: y + SWATCH / 2, dy: '0.35em', fill: style.colour }, label),
    );
    x += itemWidth + ITEM_GAP;
  }
  return { node, height: y + ROW_HEIGHT };
}

function ramp(scale: ColourScale, width: number, style: TextStyle, id: string): { node: SVGGElement; height: number } {
  const low = scale.domain[0];
  const high = scale.domain[scale.domain.length - 1];
  const barWidth = Math.min(RAMP_WIDTH, width);
  const gradient = svgElement('linearGradient', { id, x1: 0, x2: 1, y1: 0, y2: 0 });
  for (let i = 0; i <= RAMP_STOPS; i++) {
    const t = i / RAMP_STOPS;
    gradient.append(svgElement('stop', { offset: t, 'stop-color': scale.apply(between(low, high, t, scale.type)) }));
  }
  const node = svgElement('g', { 'aria-label': 'colour legend', 'font-size': style.size });
  node.append(
    svgElement('defs'),
    svgElement('rect', { x: 0, y: 0, width: barWidth, height: RAMP_HEIGHT, fill: `url(#${id})` }),
    svgElement('text', { x: 0, y: RAMP_HEIGHT + 4, dy: '0.71em', fill: style.colour }, valueText(low)),
    svgElement('text', { x: barWidth, y: RAMP_HEIGHT + 4, dy: '0.71em', 'text-anchor': 'end', fill: style.colour }, valueText(high)),
  );
  node.firstElementChild!.append(gradient);
  return { node, height: RAMP_HEIGHT + 4 + style.size * 1.2 };
}

/** The value a fraction t of the way along a continuous domain: dates and numbers, log scales geometrically. */
function between(low: unknown, high: unknown, t: number, type: string): unknown {
  const a = Number(low);
  const b = Number(high);
  const value = type === 'log' && a > 0 && b > 0 ? a * (b / a) ** t : a + (b - a) * t;
  return low instanceof Date ? new Date(value) : value;
}

function valueText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$|\.000Z$/, '');
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return String(value ?? '');
}
