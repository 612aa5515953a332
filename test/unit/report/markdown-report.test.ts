import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { markdownReport, markdownReportZip } from '../../../src/report/markdown-report.ts';
import type { Report, ReportChart } from '../../../src/report/report.ts';
import { PLOT_SVG } from './plot-svg.ts';
import { IMG_ATTACK, LINK_ATTACK, PNG, STYLE_ATTACK, sampleReport } from './sample-report.ts';
import { readZip } from './zip-reader.ts';

// How a Markdown viewer that allows raw HTML would show the report: the worst case for escaping.
const render = (markdown: string) => new Marked({ gfm: true }).parse(markdown, { async: false });
const decode = (html: string) =>
  html.replace(/&(#\d+|lt|gt|amp|quot);/g, (_, body: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"' })[body] ?? String.fromCodePoint(Number(body.slice(1))));

const { markdown, files } = markdownReport(sampleReport());

describe('markdownReport', () => {
  it('starts with the title, snapshot, date and maker', () => {
    const [title, meta] = markdown.split('\n\n');
    expect(title).toBe('# Sweep \\</style\\>\\<script\\>alert(1)\\</script\\>');
    expect(meta).toBe('Snapshot **tracker \\<img src=x onerror=alert(1)\\>.db** · 2026-05-17T09:30:00.000Z · Made with Trialbook');
  });

  it('keeps text from the snapshot literal when rendered, even where raw HTML is allowed', () => {
    const html = render(markdown);
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((tag) => /^<(script|style|iframe)/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /\son\w+=/i.test(tag))).toEqual([]);
    // The only images and links are the report's own chart files.
    expect(tags.filter((tag) => /^<(img|a)\b/i.test(tag)).every((tag) => /^<(img src|a href)="charts\//.test(tag))).toBe(true);
    const text = decode(html);
    for (const attack of [IMG_ATTACK, STYLE_ATTACK, LINK_ATTACK]) expect(text).toContain(attack);
    expect(html).toContain('<li>[x](javascript:alert(1))</li>');
    expect(html).toContain('<li>&lt;img src=x onerror=alert(1)&gt; beats the baseline (p = 0.003)</li>');
  });

  it('escapes list markers at the start of a line of text', () => {
    const report: Report = { ...sampleReport(), cells: [{ ...sampleReport().cells[2], findings: ['- not a list', '1. not ordered', '# not a heading', '  spaced\nout  '] }] };
    const html = render(markdownReport(report).markdown);
    expect(html).toContain('<ul>\n<li>- not a list</li>\n<li>1. not ordered</li>\n<li># not a heading</li>\n<li>spaced out</li>\n</ul>');
  });

  it('keeps markdown cells as their source', () => {
    expect(markdown).toContain('## intro · Markdown\n\n# Notes\n\nSee *this*.\n\n');
  });

  it('fences code with more backticks than any run inside it', () => {
    // The SQL holds runs of three and four backticks, so the fence needs five.
    expect(markdown).toContain("`````sql\nSELECT trial, mean FROM per_trial\nWHERE trial <> '</code></pre><script>alert(1)</script>' -- ``` and ````\n`````");
    expect(markdown).toContain('```yaml\ninput: per_trial\ncompare: { by: trial }\n```');
    const html = render(markdown);
    expect(html).toContain('<code class="language-sql">SELECT trial, mean FROM per_trial\nWHERE trial &lt;&gt; &#39;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39; -- ``` and ````\n</code>');
  });

  it('writes tables as pipe tables with |, \\ and line breaks escaped, numbers right-aligned', () => {
    expect(markdown).toContain(
      [
        '| trial | mean | \\</style\\>\\<script\\>alert(1)\\</script\\> | meta |',
        '| --- | ---: | ---: | --- |',
        '| \\<img src=x onerror=alert(1)\\> | 0.912346 | 5 | {"a":\\[1,2\\]} |',
        `| lr=0.01 \\| bs=32 \\\\ "q" \\& 's'<br>second line | NaN | NULL | NULL |`,
        '| \\</style\\>\\<script\\>alert(1)\\</script\\> | Infinity | -Infinity | true |',
      ].join('\n'),
    );
    expect(markdown).toContain('_first 3 of 5 rows_');
    const rows = (render(markdown).match(/<tr>[\s\S]*?<\/tr>/g) ?? []).map((row) => row.match(/<t[dh][^>]*>[\s\S]*?<\/t[dh]>/g) ?? []);
    expect(rows.map((cells) => cells.length)).toEqual([4, 4, 4, 4]);
    expect(rows[2][0]).toBe(`<td>lr=0.01 | bs=32 \\ &quot;q&quot; &amp; &#39;s&#39;<br>second line</td>`);
  });

  it('writes failed cells with their error and says which did not run', () => {
    expect(markdown).toContain('**Failed:**\n\n```text\nBinder Error: column "x" <img src=x onerror=alert(1)>\nLINE 1: SELECT x\n```');
    expect(markdown).toContain('## later · Chart\n\n```yaml\ninput: broken\n```\n\n_Not run._\n');
  });

  it('writes charts as files beside it, linked by relative path, with unique stems', () => {
    expect(files.map((file) => file.path)).toEqual(['charts/val-loss-epoch.svg', 'charts/val-loss-epoch.png', 'charts/Val-loss-epoch-2.svg']);
    expect(files[0].bytes).toBe(PLOT_SVG);
    expect(files[1].bytes).toBe(PNG);
    expect(markdown).toContain('![val\\_loss by epoch](charts/val-loss-epoch.svg)\n\n[PNG](charts/val-loss-epoch.png)\n\n_one line per trial \\<img src=x onerror=alert(1)\\>_');
    expect(markdown).toContain('![Val loss](charts/Val-loss-epoch-2.svg)');
    // The chart with a script gets no file, only a note.
    expect(markdown).toContain('hostile _(chart left out: it contained active content)_');
    expect(files.some((file) => file.path.includes('passwd'))).toBe(false);
  });

  it('makes chart file names safe and unique ignoring case', () => {
    const chart = (fileStem: string): ReportChart => ({ title: fileStem, fileStem, svg: PLOT_SVG, width: 640, height: 400 });
    const stems = ['a b', 'a-b', 'A-B', '', 'con', 'Lösung/über', '../.hidden', 'x'.repeat(100), 'a-b-2'];
    const report: Report = { ...sampleReport(), cells: [{ ...sampleReport().cells[3], charts: stems.map(chart) }] };
    expect(markdownReport(report).files.map((file) => file.path)).toEqual([
      'charts/a-b.svg', 'charts/a-b-2.svg', 'charts/A-B-3.svg', 'charts/chart.svg', 'charts/_con.svg',
      'charts/Losung-uber.svg', 'charts/hidden.svg', `charts/${'x'.repeat(80)}.svg`, 'charts/a-b-2-2.svg',
    ]);
  });

  it('uses the PNG when the SVG is left out', () => {
    const report: Report = { ...sampleReport(), cells: [{ ...sampleReport().cells[3], charts: [{ title: 'p', fileStem: 'p', svg: '<svg onload="alert(1)"></svg>', png: PNG, width: 1, height: 1 }] }] };
    const { markdown, files } = markdownReport(report);
    expect(files.map((file) => file.path)).toEqual(['charts/p.png']);
    expect(markdown).toContain('![p](charts/p.png)');
  });
});

describe('markdownReportZip', () => {
  it('zips the report as <stem>.md with its charts folder', () => {
    const entries = readZip(markdownReportZip(sampleReport(), 'sweep report'));
    expect(entries.map((entry) => entry.name)).toEqual(['sweep-report.md', 'charts/val-loss-epoch.svg', 'charts/val-loss-epoch.png', 'charts/Val-loss-epoch-2.svg']);
    expect(new TextDecoder().decode(entries[0].data)).toBe(markdown);
    expect(new TextDecoder().decode(entries[1].data)).toBe(PLOT_SVG);
    expect(entries[2].data).toEqual(PNG);
  });
});
