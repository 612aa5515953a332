/** Small helpers for drawing an exported chart's extra parts (titles, legend) as plain SVG. */
const SVG_NS = 'http://www.w3.org/2000/svg';

/** The font and colour text is drawn in, and a way to measure it before it is in any page. */
export interface TextStyle {
  family: string;
  /** Pixels. */
  size: number;
  colour: string;
  measure(text: string, size?: number, weight?: number): number;
}

export function svgElement<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A text style whose measure uses a canvas with the same font. */
export function textStyle(family: string, size: number, colour: string): TextStyle {
  const context = document.createElement('canvas').getContext('2d');
  return {
    family,
    size,
    colour,
    measure(text, at = size, weight = 400) {
      if (!context) return text.length * at * 0.6;
      context.font = `${weight} ${at}px ${family}`;
      return context.measureText(text).width;
    },
  };
}

/** Words laid out in lines no wider than `width`; a word longer than a line gets a line of its own. */
export function wrapWords(text: string, width: number, measure: (line: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}
