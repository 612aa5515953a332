import { describe, expect, it } from 'vitest';
import { safeSvg } from '../../../src/report/safe-svg.ts';
import { PLOT_SVG } from './plot-svg.ts';

/** The sample chart with one piece of markup put in just before the closing </svg>. */
const withInside = (markup: string) => PLOT_SVG.replace(/<\/svg>$/, `${markup}</svg>`);

describe('safeSvg', () => {
  it('accepts a chart as Observable Plot writes it, unchanged', () => {
    expect(safeSvg(PLOT_SVG)).toBe(PLOT_SVG);
    expect(safeSvg(`\n  ${PLOT_SVG}\n`)).toBe(PLOT_SVG);
  });

  it('accepts hostile text that the serialiser escaped', () => {
    const labelled = withInside('<text>&lt;img src=x onerror=alert(1)&gt; &lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</text>');
    expect(safeSvg(labelled)).toBe(labelled);
    const described = withInside('<g aria-label="url(https://x) &amp; onload=alert(1)"></g>');
    expect(safeSvg(described)).toBe(described);
  });

  it.each([
    ['a script element', '<script>alert(1)</script>'],
    ['a script element in other case', '<SCRIPT>alert(1)</SCRIPT>'],
    ['an svg:script element', '<svg:script>alert(1)</svg:script>'],
    ['an event handler', '<rect width="1" height="1" onload="alert(1)"></rect>'],
    ['an event handler in upper case without quotes', '<rect ONCLICK=alert(1)></rect>'],
    ['an event handler after a slash', '<rect/onload=alert(1)>'],
    ['an event handler glued to the previous attribute', '<rect x="1"onload="alert(1)"></rect>'],
    ['a javascript: href', '<use href="javascript:alert(1)"></use>'],
    ['an xlink:href to another site', '<use xlink:href="https://example.org/sprite.svg#a"></use>'],
    ['an entity-encoded javascript: href', '<use href="&#106;avascript:alert(1)"></use>'],
    ['a link element', '<a href="#x"><text>x</text></a>'],
    ['an image', '<image href="https://example.org/x.png"></image>'],
    ['an animation that rewrites an href', '<use href="#a"><set attributeName="href" to="javascript:alert(1)"></set></use>'],
    ['a foreignObject', '<foreignObject width="10" height="10"><div>x</div></foreignObject>'],
    ['an HTML element breaking out of SVG', '<img src="x" onerror="alert(1)">'],
    ['a comment', '<!-- x -->'],
    ['CDATA', '<![CDATA[ x ]]>'],
    ['a CSS import', '<style>@import "https://example.org/x.css";</style>'],
    ['a remote url() in CSS', '<style>rect { fill: url(https://example.org/x.svg#p) }</style>'],
    ['an escaped url() in CSS', '<style>rect { fill: u\\72l(https://example.org/x) }</style>'],
    ['an entity-encoded url() in CSS', '<style>rect { fill: &#117;rl(https://example.org/x) }</style>'],
    ['a remote url() in a presentation attribute', '<rect fill="url(https://example.org/x.svg#p)"></rect>'],
    ['a remote url() in a style attribute', `<rect style="background: url('//example.org/x')"></rect>`],
    ['an unknown named entity', '<rect fill="u&lpar;"></rect>'],
    ['an unclosed tag', '<rect fill="red"'],
  ])('refuses %s', (_, markup) => {
    expect(safeSvg(withInside(markup))).toBeNull();
  });

  it('refuses anything that is not one SVG element', () => {
    expect(safeSvg('<div>' + PLOT_SVG + '</div>')).toBeNull();
    expect(safeSvg(PLOT_SVG + '<script>alert(1)</script>')).toBeNull();
    expect(safeSvg('<?xml version="1.0"?>' + PLOT_SVG)).toBeNull();
    expect(safeSvg('')).toBeNull();
    expect(safeSvg('not a chart')).toBeNull();
  });
});
