import type { Report, ReportCell, ReportChart, ReportTable } from './report.ts';
import { KIND_LABELS, MADE_WITH, isNumericColumn, reportDate, reportTitle, rowsNote, valueText } from './report-text.ts';
import { UNSAFE_CHART_NOTE, safeSvg } from './safe-svg.ts';
import { zipFiles, type ZipFile } from './zip.ts';

/** The report text, and the chart files it links to by relative path (charts/…). */
export interface MarkdownReport {
  markdown: string;
  files: ZipFile[];
}

/**
 * The notebook as GitHub-flavoured Markdown. Markdown cells keep their source; everything else
 * from the notebook or the snapshot is escaped, so a trial named `<img src=x onerror=…>` or
 * `[x](javascript:…)` stays text in whatever renders the file. Charts become files beside it.
 */
export function markdownReport(report: Report): MarkdownReport {
  const files: ZipFile[] = [];
  const stems = new Set<string>();
  const chartBlock = (chart: ReportChart) => {
    const stem = uniqueStem(fileStem(chart.fileStem, 'chart'), stems);
    const svg = safeSvg(chart.svg);
    if (svg) files.push({ path: `charts/${stem}.svg`, bytes: svg });
    if (chart.png) files.push({ path: `charts/${stem}.png`, bytes: chart.png });
    const alt = markdownText(chart.title || stem);
    const lines = [svg ? `![${alt}](charts/${stem}.svg)` : chart.png ? `![${alt}](charts/${stem}.png)` : `${alt} _${UNSAFE_CHART_NOTE}_`];
    if (svg && chart.png) lines.push(`[PNG](charts/${stem}.png)`);
    if (chart.caption) lines.push(`_${markdownText(chart.caption)}_`);
    return lines.join('\n\n');
  };
  const snapshot = report.snapshot ? `Snapshot **${markdownText(report.snapshot)}**` : 'No snapshot';
  const blocks = [`# ${markdownText(reportTitle(report))}`, `${snapshot} · ${reportDate(report.createdAt)} · ${MADE_WITH}`];
  for (const cell of report.cells) blocks.push(...cellBlocks(cell, chartBlock));
  return { markdown: `${blocks.filter(Boolean).join('\n\n')}\n`, files };
}

/** A zip holding `<stem>.md` and the charts/ it links to: one download that renders offline. */
export function markdownReportZip(report: Report, stem: string): Uint8Array {
  const { markdown, files } = markdownReport(report);
  return zipFiles([{ path: `${fileStem(stem, 'report')}.md`, bytes: markdown }, ...files], report.createdAt);
}

function cellBlocks(cell: ReportCell, chartBlock: (chart: ReportChart) => string): string[] {
  const blocks = [`## ${markdownText(cell.name)} · ${KIND_LABELS[cell.kind]}`];
  if (cell.kind === 'markdown') {
    blocks.push(cell.source.replace(/^\n+/, '').trimEnd());
  } else {
    blocks.push(fenced(cell.source, cell.kind === 'sql' ? 'sql' : 'yaml'));
    if (cell.status === 'failed') blocks.push('**Failed:**', fenced(cell.error ?? 'no message', 'text'));
    if (cell.status === 'not run') blocks.push('_Not run._');
  }
  if (cell.summary) blocks.push(markdownText(cell.summary));
  // Labelled, because two lists in a row would run together into one.
  if (cell.findings.length) blocks.push('**Findings**', bullets(cell.findings));
  if (cell.notes.length) blocks.push('**Notes**', bullets(cell.notes));
  blocks.push(...cell.tables.map(pipeTable), ...cell.charts.map(chartBlock));
  return blocks;
}

function bullets(items: string[]): string {
  return items.map((item) => `- ${markdownText(item)}`).join('\n');
}

/** A fence longer than any backtick run in the text, so nothing inside can close it. */
function fenced(text: string, language: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.trimEnd()}\n${fence}`;
}

function pipeTable(table: ReportTable): string {
  const blocks = table.title ? [`**${markdownText(table.title)}**`] : [];
  if (table.columns.length) {
    const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const numeric = table.columns.map((_, column) => isNumericColumn(table.rows, column));
    const lines = [row(table.columns.map(markdownCell)), row(numeric.map((right) => (right ? '---:' : '---')))];
    for (const values of table.rows) lines.push(row(table.columns.map((_, column) => markdownCell(valueText(values[column])))));
    blocks.push(lines.join('\n'));
  }
  const note = rowsNote(table);
  if (note) blocks.push(`_${note}_`);
  return blocks.join('\n\n');
}

// Every character that gives Markdown (with GFM's tables, strikethrough and GitHub's math) a
// meaning within a line; a backslash makes each literal. `(` and `!` need none: with `[` and `]`
// escaped they cannot form a link or an image.
const SIGNIFICANT = /[\\`*_[\]<>#|~&$]/g;

function escapeInline(text: string): string {
  return text.replace(SIGNIFICANT, '\\$&');
}

/** Snapshot-derived text as one literal paragraph line: also no list, ordered list or heading marker at its start. */
function markdownText(text: string): string {
  return escapeInline(text.replace(/\s+/g, ' ').trim()).replace(/^[-+=]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A table cell: a line break would end the row, so it becomes <br>; cells hold no blocks, so line starts need nothing. */
function markdownCell(text: string): string {
  return text.split(/\r\n|\r|\n/).map((line) => escapeInline(line.trim())).join('<br>');
}

/** A name every file system takes: ASCII letters, digits, _ - . only, no leading dot, no Windows device name. */
function fileStem(name: string, fallback: string): string {
  // An accented letter keeps its base letter (über → uber) rather than becoming a dash.
  const stem = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 80).replace(/^[-.]+|[-.]+$/g, '');
  if (!stem) return fallback;
  return /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(stem) ? `_${stem}` : stem;
}

/** Unique ignoring case, since macOS and Windows file systems ignore it too. */
function uniqueStem(stem: string, taken: Set<string>): string {
  let candidate = stem;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
