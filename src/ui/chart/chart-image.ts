import { colourLegend } from './chart-legend.ts';
import { svgElement, textStyle, wrapWords, type TextStyle } from './svg-drawing.ts';

/** A chart as one standalone SVG document, and its size in CSS pixels. */
export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
}

const PADDING = 8;
const GAP = 10;
const COLOUR_ATTRIBUTES = ['fill', 'stroke', 'color', 'stop-color', 'flood-color', 'lighting-color'];
const UNRESOLVED = /currentcolor|var\(/i;

let legends = 0;

/**
 * An Observable Plot chart (its `<svg>`, or the `<figure>` Plot wraps around the svg with a
 * title, HTML legend and caption) as one SVG file that looks the same in any viewer: colours
 * that came from `currentColor` and CSS variables are the computed ones, the page's background
 * is drawn behind it, the font is named, and the colour legend, titles and caption are drawn in
 * SVG around the plot. `title` heads it when Plot drew none (the page shows it outside the
 * chart). Pointer tips are left out.
 */
export function chartSvgText(chart: Element, { title }: { title?: string | null } = {}): ChartSvg {
  // In a figure, the plot is the svg child that is not a colour ramp legend.
  const plot = chart instanceof SVGSVGElement ? chart : [...chart.children].filter((child): child is SVGSVGElement => child instanceof SVGSVGElement && !/-ramp\b/.test(child.getAttribute('class') ?? '')).pop();
  if (!plot) throw new Error('the chart has no picture to save');
  const computed = getComputedStyle(plot);
  const width = plot.width.baseVal.value || plot.getBoundingClientRect().width;
  const plotHeight = plot.height.baseVal.value || plot.getBoundingClientRect().height;
  const style = textStyle(computed.fontFamily, parseFloat(computed.fontSize) || 12, computed.color);
  const background = pageBackground(chart);

  const root = svgElement('svg', { 'font-family': style.family, 'font-size': style.size, fill: style.colour });
  root.append(svgElement('style', {}, 'text, tspan { white-space: pre; }'), svgElement('rect', { width: '100%', height: '100%', fill: background }));
  // Blocks above and below the plot are stacked from `y` down, GAP apart, PADDING in from the edges.
  let y = PADDING;
  const stack = (node: SVGElement, height: number) => {
    node.setAttribute('transform', `translate(${PADDING},${y})`);
    root.append(node);
    y += height + GAP;
  };
  const figure = chart === plot ? null : chart;
  const heading = (selector: string, size: number, weight: number, otherwise?: string | null) => {
    const text = figure?.querySelector(`:scope > ${selector}`)?.textContent?.trim() || otherwise?.trim();
    if (text) stack(...textBlock(text, width - 2 * PADDING, style, size, weight));
  };
  heading('h2', style.size * 1.4, 600, title);
  heading('h3', style.size * 1.1, 400);
  const legend = figure && colourLegend(figure, width - 2 * PADDING, style, `trialbook-legend-${++legends}`);
  if (legend) stack(legend.node, legend.height);

  const top = y === PADDING ? 0 : y - GAP + PADDING / 2;
  const picture = resolvedCopy(plot);
  picture.setAttribute('y', String(top));
  root.append(picture);
  y = top + plotHeight + GAP;
  const bottom = y;
  heading('figcaption', style.size, 400);
  y = y === bottom ? top + plotHeight : y - GAP + PADDING;

  const height = Math.ceil(y);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}

/**
 * The SVG as a PNG, `scale` times its size (2: sharp on high-density screens), drawn by the
 * browser: the SVG as an image from a blob URL, painted onto a canvas.
 */
export async function chartPng(svg: string, width: number, height: number, scale = 2): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image(width, height);
    image.src = url;
    await image.decode().catch(() => {
      throw new Error('the browser could not draw the chart as an image');
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gives no canvas to draw the image on');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the browser could not encode the chart as PNG (is it too large?)');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * A copy of Plot's svg whose colours no longer depend on the page: `currentColor` and `var(…)`
 * in colour attributes and inline styles become the live element's computed value. Plot's
 * stylesheet (sizing rules for the page) and pointer tips are dropped.
 */
function resolvedCopy(plot: SVGSVGElement): SVGSVGElement {
  const copy = plot.cloneNode(true) as SVGSVGElement;
  const live = [plot, ...plot.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  live.forEach((element, i) => resolveColours(element, copies[i]));
  const computed = getComputedStyle(plot);
  copy.removeAttribute('style');
  copy.setAttribute('color', computed.color);
  copy.setAttribute('font-size', computed.fontSize);
  // As in the page, where labels may reach past the plot's edge.
  copy.setAttribute('overflow', 'visible');
  for (const element of copy.querySelectorAll('style, [aria-label="tip"]')) element.remove();
  return copy;
}

function resolveColours(live: Element, copy: Element): void {
  let computed: CSSStyleDeclaration | null = null;
  const value = (property: string) => (computed ??= getComputedStyle(live)).getPropertyValue(property);
  for (const name of COLOUR_ATTRIBUTES) {
    if (UNRESOLVED.test(copy.getAttribute(name) ?? '')) copy.setAttribute(name, value(name));
  }
  const inline = (copy as SVGElement).style;
  if (!inline) return;
  for (const property of [...inline]) {
    if (UNRESOLVED.test(inline.getPropertyValue(property))) inline.setProperty(property, value(property));
  }
}

/** The first background behind the chart that is not transparent; white when the page has none. */
function pageBackground(element: Element): string {
  for (let at: Element | null = element; at; at = at.parentElement) {
    const colour = getComputedStyle(at).backgroundColor;
    if (colour && colour !== 'transparent' && !/[,/]\s*0\)$/.test(colour)) return colour;
  }
  return '#ffffff';
}

/** Wrapped lines of text, each a line high, as one group. */
function textBlock(text: string, width: number, style: TextStyle, size: number, weight: number): [SVGGElement, number] {
  const lineHeight = Math.round(size * 1.3);
  const group = svgElement('g', { 'font-size': size, 'font-weight': weight, fill: style.colour });
  wrapWords(text, width, (line) => style.measure(line, size, weight)).forEach((line, i) => {
    group.append(svgElement('text', { y: i * lineHeight, dy: '0.9em' }, line));
  });
  return [group, group.childElementCount * lineHeight];
}
