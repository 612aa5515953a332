/** Said in place of a chart whose SVG failed safeSvg. */
export const UNSAFE_CHART_NOTE = '(chart left out: it contained active content)';

// Drawing elements only (lower case: inline SVG in HTML ignores case). No script, foreignObject,
// a, image, animate/set (they can rewrite an href to javascript:), iframe or any HTML element.
const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'style', 'path', 'line', 'rect', 'circle',
  'ellipse', 'polyline', 'polygon', 'text', 'tspan', 'textpath', 'clippath', 'mask', 'pattern',
  'marker', 'lineargradient', 'radialgradient', 'stop',
]);

// Whitespace before every attribute and quoted or plain values: anything the HTML parser would
// read differently (`<g/onload=…>`, `a="x"b="y"`) fails to match and so is refused.
const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

// CSS that can fetch or hide what it says: at-rules (@import, @font-face), escapes and entities
// (which spell anything), url() to anything but a fragment, image-set() and old IE expression().
const ACTIVE_CSS = /[@\\]|url\s*\(\s*(?!['"]?#)|image-set|expression\s*\(/i;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * The chart's SVG when it is inert, else null. A report lives on without the page's defences and
 * chart labels come from the snapshot, so the markup is checked as text (there is no DOM in
 * Node), strictly, failing closed: a root <svg>, only drawing elements, no on* attributes, hrefs
 * only to '#' fragments, and CSS (the <style> element, the style attribute and presentation
 * attributes such as fill) that loads nothing. Whatever it cannot read counts as unsafe.
 */
export function safeSvg(svg: string): string | null {
  const text = svg.trim();
  if (!/^<svg[\s/>]/i.test(text) || !/<\/svg\s*>$/i.test(text)) return null;
  let inStyle = false;
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    if (inStyle && !inertCss(text.slice(at, open < 0 ? text.length : open))) return null;
    if (open < 0) break;
    TAG.lastIndex = open;
    const tag = TAG.exec(text);
    if (!tag) return null;
    const [, closing, name, attributes, selfClosing] = tag;
    const element = name.toLowerCase();
    if (!ELEMENTS.has(element) || !inertAttributes(attributes)) return null;
    if (element === 'style') inStyle = !closing && !selfClosing;
    at = TAG.lastIndex;
  }
  return text;
}

function inertAttributes(source: string): boolean {
  for (const [, rawName, double, single, plain] of source.matchAll(ATTRIBUTE)) {
    const name = rawName.toLowerCase();
    const value = decodeEntities(double ?? single ?? plain ?? '');
    if (value === null || name.startsWith('on')) return false;
    // href, xlink:href and any other prefix: only links within the chart itself.
    if (/(^|:)href$/.test(name) && !value.startsWith('#')) return false;
    // aria-* hold words from the data, not CSS; everything else may be read as CSS.
    if (!name.startsWith('aria-') && ACTIVE_CSS.test(value)) return false;
  }
  return true;
}

function inertCss(css: string): boolean {
  const decoded = decodeEntities(css);
  return decoded !== null && !ACTIVE_CSS.test(decoded);
}

/** The text as the parser will see it; null for a named reference we do not know (it could spell anything). */
function decodeEntities(text: string): string | null {
  let known = true;
  const decoded = text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);?/gi, (_, body: string) => {
    const lower = body.toLowerCase();
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : lower.startsWith('#') ? parseInt(lower.slice(1), 10) : NaN;
    if (lower.startsWith('#') && code <= 0x10ffff) return String.fromCodePoint(code);
    const named = NAMED_ENTITIES[lower];
    if (named === undefined) known = false;
    return named ?? '';
  });
  return known ? decoded : null;
}
