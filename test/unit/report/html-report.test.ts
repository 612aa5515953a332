import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../../src/report/html-report.ts';
import { IMG_ATTACK, LINK_ATTACK, STYLE_ATTACK, sampleReport } from './sample-report.ts';

/** Character references back to text, written here rather than taken from the module under test. */
function decode(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return html.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (ref, body: string) =>
    body[0] === '#' ? String.fromCodePoint(body[1] === 'x' ? parseInt(body.slice(2), 16) : Number(body.slice(1))) : (named[body] ?? ref),
  );
}

/** Every start tag in the document, as the HTML parser would find them outside raw text. */
const startTags = (html: string) => html.match(/<[a-z][^>]*>/gi) ?? [];

const html = htmlReport(sampleReport());

describe('htmlReport', () => {
  it('writes one self-contained HTML5 document that can load and run nothing', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('@media (prefers-color-scheme:dark)');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed/i);
    expect(html).not.toMatch(/<img/i);
    for (const tag of startTags(html)) expect(tag).not.toMatch(/\son\w+\s*=/i);
    // No address in any attribute, not even the SVG namespace, and no url() but to a fragment.
    expect(html).not.toMatch(/=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*['"]?(?!#)/i);
  });

  it('escapes every string from the notebook and the snapshot', () => {
    expect(html).toContain(`<title>Sweep &#60;/style&#62;&#60;script&#62;alert(1)&#60;/script&#62;</title>`);
    // Each </style> closes a <style> of the page or of a chart; none came from the title.
    expect(html.match(/<\/style>/g)?.length).toBe(html.match(/<style>/g)?.length);
    for (const attack of [IMG_ATTACK, STYLE_ATTACK, LINK_ATTACK]) expect(decode(html)).toContain(attack);
    expect(html).toContain('Snapshot <strong>tracker &#60;img src=x onerror=alert(1)&#62;.db</strong>');
    expect(html).toContain('<h2>&#60;img src=x onerror=alert(1)&#62; <span class="kind">SQL</span></h2>');
    expect(html).toContain('<caption>per trial &#60;img src=x onerror=alert(1)&#62;</caption>');
    expect(html).toContain('<li>&#60;img src=x onerror=alert(1)&#62; beats the baseline (p = 0.003)</li>');
  });

  it('shows a header with the title, snapshot, ISO date and maker', () => {
    const header = html.slice(html.indexOf('<header>'), html.indexOf('</header>'));
    expect(header).toContain('<h1>Sweep &#60;/style&#62;');
    expect(header).toContain('<time datetime="2026-05-17T09:30:00.000Z">2026-05-17T09:30:00.000Z</time>');
    expect(header).toContain('Made with Trialbook');
    expect(htmlReport({ ...sampleReport(), snapshot: null })).toContain('No snapshot');
  });

  it('writes tables with a header row, every value escaped, numbers right-aligned with their full value', () => {
    const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
    expect(table).toContain('<thead><tr><th scope="col">trial</th><th scope="col" class="num">mean</th><th scope="col" class="num">&#60;/style&#62;');
    const cells = [...table.matchAll(/<td([^>]*)>([^<]*)<\/td>/g)];
    expect(cells.map(([, , text]) => decode(text))).toEqual([
      IMG_ATTACK, '0.912346', '5', '{"a":[1,2]}',
      'lr=0.01 | bs=32 \\ "q" & \'s\'\nsecond line', 'NaN', 'NULL', 'NULL',
      STYLE_ATTACK, 'Infinity', '-Infinity', 'true',
    ]);
    expect(table).toContain('<td class="num" title="0.912345678">0.912346</td>');
    expect(table).toContain('<td class="num" title="NaN">NaN</td>');
    expect(table).toContain('<td class="num" title="-Infinity">-Infinity</td>');
    expect(table).toContain('<td class="null">NULL</td>');
    // Twelve cells in three rows: none of the hostile values opened or closed an element.
    expect(table.match(/<tr>/g)).toHaveLength(4);
    expect(html).toContain('first 3 of 5 rows');
  });

  it('shows code in <pre><code>, SQL open and specs folded, without scripts', () => {
    expect(html).toContain(`<details open><summary>SQL source</summary><pre><code>SELECT trial, mean FROM per_trial\nWHERE trial &#60;&#62; &#39;&#60;/code&#62;&#60;/pre&#62;&#60;script&#62;`);
    expect(html).toContain('<details><summary>Analysis source</summary><pre><code>input: per_trial\ncompare: { by: trial }</code></pre></details>');
  });

  it('uses the sanitised HTML of markdown cells as given', () => {
    expect(html).toContain('<h1>Notes</h1>\n<p>See <em>this</em>.</p>');
  });

  it('lists findings and notes, says which cells failed or did not run', () => {
    expect(html).toContain('<ul class="findings"><li>&#60;img');
    expect(html).toContain('<li>[x](javascript:alert(1))</li>');
    expect(html).toContain('<ul class="notes"><li>2 runs excluded: no final metric</li></ul>');
    expect(html).toContain('<p class="error"><strong>Failed:</strong> Binder Error: column &#34;x&#34; &#60;img src=x onerror=alert(1)&#62;\nLINE 1: SELECT x</p>');
    expect(html).toContain('<p class="muted">Not run.</p>');
    expect(html.match(/Not run\./g)).toHaveLength(1);
  });

  it('inlines safe chart SVG in a figure and leaves out SVG with active content', () => {
    const figures = html.match(/<figure>[\s\S]*?<\/figure>/g) ?? [];
    expect(figures).toHaveLength(3);
    expect(figures[0]).toMatch(/^<figure><svg class="plot-d6a7b5" [^>]*viewBox="0 0 640 400">/);
    expect(figures[0]).toContain('<g aria-label="line"');
    expect(figures[0]).toContain('<figcaption><strong>val_loss by epoch</strong> one line per trial &#60;img src=x onerror=alert(1)&#62;</figcaption>');
    expect(figures[2]).toBe('<figure><p class="muted">(chart left out: it contained active content)</p><figcaption><strong>hostile</strong></figcaption></figure>');
  });
});
