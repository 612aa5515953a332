import type { PlainValue } from '../result/values.ts';
import type { Report, ReportCell, ReportChart, ReportTable } from './report.ts';
import { KIND_LABELS, MADE_WITH, isNumericColumn, reportDate, reportTitle, rowsNote, valueText } from './report-text.ts';
import { UNSAFE_CHART_NOTE, safeSvg } from './safe-svg.ts';

// The file is opened later, anywhere, maybe from a mail: whatever slipped into it may load and run nothing.
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#656d76;--line:#d0d7de;--box:#f6f8fa;--bad:#cf222e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8d96a0;--line:#30363d;--box:#161b22;--bad:#ff7b72}}
body{max-width:72rem;margin:0 auto;padding:1.5rem;font:15px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{border-bottom:1px solid var(--line);margin-bottom:1.5rem}
h1{margin:0 0 .25rem}
h2{font-size:1.15rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
.kind,.muted,.null,.notes,figcaption,.meta{color:var(--muted)}
.kind{font-size:.8em;font-weight:normal}
pre,code{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--box);padding:.75rem;border-radius:6px;overflow-x:auto}
summary{cursor:pointer;color:var(--muted)}
.error{color:var(--bad);white-space:pre-wrap}
.plain{white-space:pre-wrap}
.table{overflow-x:auto;margin:1rem 0 .25rem}
table{border-collapse:collapse;font-size:13px}
caption{text-align:left;font-weight:600;padding-bottom:.25rem}
th,td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:var(--box)}
.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}
figure svg{max-width:100%;height:auto;--plot-background:var(--bg)}
@media print{body{max-width:none;padding:0;font-size:10pt}.table{overflow:visible}tr,figure{break-inside:avoid}h2{break-after:avoid}details::details-content{content-visibility:visible}}
`;

/** Text and attribute values from the notebook or the snapshot, made inert. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The notebook as one self-contained HTML5 file: no script, nothing fetched, CSS inline, so it
 * reads the same with JavaScript off, offline, years later. Every string from the notebook or
 * the snapshot is escaped; markdown cells use the HTML the caller sanitised; chart SVG is
 * inlined only when safeSvg accepts it.
 */
export function htmlReport(report: Report): string {
  const title = escapeHtml(reportTitle(report));
  const date = escapeHtml(reportDate(report.createdAt));
  const snapshot = report.snapshot ? `Snapshot <strong>${escapeHtml(report.snapshot)}</strong>` : 'No snapshot';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="meta">${snapshot} · <time datetime="${date}">${date}</time> · ${MADE_WITH}</p>
</header>
<main>
${report.cells.map(cellHtml).join('\n')}
</main>
</body>
</html>
`;
}

function cellHtml(cell: ReportCell): string {
  const parts = [`<h2>${escapeHtml(cell.name)} <span class="kind">${KIND_LABELS[cell.kind]}</span></h2>`];
  if (cell.kind === 'markdown') {
    parts.push(cell.markdownHtml ?? `<div class="plain">${escapeHtml(cell.source)}</div>`);
  } else {
    // SQL is the point of a SQL cell; a YAML spec is detail, one click away (<details> needs no script).
    parts.push(`<details${cell.kind === 'sql' ? ' open' : ''}><summary>${KIND_LABELS[cell.kind]} source</summary><pre><code>${escapeHtml(cell.source)}</code></pre></details>`);
    if (cell.status === 'failed') parts.push(`<p class="error"><strong>Failed:</strong> ${escapeHtml(cell.error ?? 'no message')}</p>`);
    if (cell.status === 'not run') parts.push('<p class="muted">Not run.</p>');
  }
  if (cell.summary) parts.push(`<p class="summary">${escapeHtml(cell.summary)}</p>`);
  parts.push(listHtml(cell.findings, 'findings'), listHtml(cell.notes, 'notes'));
  parts.push(...cell.tables.map(tableHtml), ...cell.charts.map(chartHtml));
  return `<section>\n${parts.filter(Boolean).join('\n')}\n</section>`;
}

function listHtml(items: string[], className: string): string {
  return items.length ? `<ul class="${className}">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` : '';
}

function tableHtml(table: ReportTable): string {
  const numeric = table.columns.map((_, column) => isNumericColumn(table.rows, column));
  const caption = table.title ? `<caption>${escapeHtml(table.title)}</caption>` : '';
  const head = table.columns.map((name, column) => `<th scope="col"${numeric[column] ? ' class="num"' : ''}>${escapeHtml(name)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${table.columns.map((_, column) => valueHtml(row[column])).join('')}</tr>`).join('\n');
  const note = rowsNote(table);
  return `<div class="table"><table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${note ? `<p class="muted">${note}</p>` : ''}`;
}

function valueHtml(value: PlainValue | undefined): string {
  if (value === null || value === undefined) return '<td class="null">NULL</td>';
  // The shortened number is for reading; the title keeps the full value for whoever needs it.
  if (typeof value === 'number') return `<td class="num" title="${escapeHtml(String(value))}">${escapeHtml(valueText(value))}</td>`;
  return `<td>${escapeHtml(valueText(value))}</td>`;
}

function chartHtml(chart: ReportChart): string {
  const svg = safeSvg(withoutNamespaces(chart.svg));
  const caption = [chart.title && `<strong>${escapeHtml(chart.title)}</strong>`, chart.caption && escapeHtml(chart.caption)].filter(Boolean).join(' ');
  return `<figure>${svg ?? `<p class="muted">${escapeHtml(UNSAFE_CHART_NOTE)}</p>`}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

/**
 * The HTML parser puts inline <svg> in the SVG namespace by itself, so xmlns declarations on
 * <svg> tags say nothing; dropping them leaves no URL in the file. Done before safeSvg so what
 * is checked is what is inlined.
 */
function withoutNamespaces(svg: string): string {
  return svg.replace(/<svg\b[^>]*>/gi, (tag) => tag.replace(/\s+xmlns(?::[\w-]+)?\s*=\s*(?:"[^"]*"|'[^']*')/g, ''));
}
