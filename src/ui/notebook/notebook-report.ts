import type { Table } from 'apache-arrow';
import type { Cell } from '../../notebook/document.ts';
import type { CellOutput, ChartOutput } from '../../notebook/outputs.ts';
import type { CellState } from '../../notebook/runner.ts';
import type { Report, ReportCell, ReportChart, ReportTable } from '../../report/report.ts';
import { plainRows, rowColumnNames, type PlainValue } from '../../result/values.ts';
import { chartSvgText } from '../chart/chart-image.ts';
import { curveRows } from '../chart/curve-rows.ts';
import { plotChart } from '../chart/plot-chart.ts';
import { chartFileStem } from '../downloads/file-names.ts';
import { errorText } from '../errors.ts';
import { formatMilliseconds, plural } from '../format.ts';
import { renderMarkdown } from '../markdown.ts';
import type { CellData } from './cell-data.ts';

/** Rows a report shows of each table: enough to read, few enough that the file stays small. */
export const REPORT_ROWS = 1000;
/** Charts are drawn at this width in a report, whatever the window's width. */
const REPORT_WIDTH = 760;

export interface ReportSource {
  title: string;
  snapshot: string | null;
  cells: Cell[];
  state: (id: string) => CellState<CellOutput>;
  curvePoints: CellData['curvePoints'];
}

/** The open notebook as a report: every cell's text, its last result (tables cut at REPORT_ROWS) and its charts as SVG. */
export async function gatherReport(source: ReportSource): Promise<Report> {
  const cells: ReportCell[] = [];
  for (const cell of source.cells) cells.push(await reportCell(cell, source.state(cell.id), source));
  return { title: source.title, snapshot: source.snapshot, createdAt: new Date(), cells };
}

async function reportCell(cell: Cell, state: CellState<CellOutput>, source: ReportSource): Promise<ReportCell> {
  const base: ReportCell = { name: cell.name, kind: cell.kind, source: cell.source, status: 'not run', findings: [], notes: [], tables: [], charts: [] };
  if (cell.kind === 'markdown') return { ...base, status: 'done', markdownHtml: renderMarkdown(cell.source) };
  if (state.status === 'error') base.error = errorText(state.error);
  const output = state.output;
  if (!output) return { ...base, status: state.status === 'error' ? 'failed' : 'not run' };
  const status = state.status === 'done' ? 'done' : state.status === 'error' ? 'failed' : 'not run';
  const ran = { ...base, status } satisfies ReportCell;
  switch (output.kind) {
    case 'sql':
      return { ...ran, summary: `${plural(output.rowCount, 'row')} in ${formatMilliseconds(output.ms)}`, tables: output.table.numCols ? [arrowTable(cell.name, output.table, output.rowCount)] : [] };
    case 'query': {
      const { rows, excluded, meta } = output.result;
      const tables = [arrowTable(meta.title ?? cell.name, rows, rows.numRows)];
      if (excluded.length) tables.push(rowsTable('Runs left out by the outlier rule', excluded as unknown as Record<string, PlainValue>[]));
      return { ...ran, summary: `${plural(rows.numRows, 'row')} in ${formatMilliseconds(output.ms)}`, notes: meta.notes, tables };
    }
    case 'analysis': {
      const { analysis } = output;
      return { ...ran, summary: `${analysis.title}, over the runs of ${output.input}`, findings: analysis.findings, notes: analysis.notes, tables: analysis.tables.map((table) => rowsTable(table.name, table.rows)) };
    }
    case 'chart':
      return { ...ran, findings: output.findings, charts: [await reportChart(cell, output, source)] };
  }
}

async function reportChart(cell: Cell, output: ChartOutput, source: ReportSource): Promise<ReportChart> {
  let rows = output.rows;
  let caption = `${plural(output.rows.length, 'row')}`;
  if (output.curves) {
    const width = REPORT_WIDTH - 80;
    rows = curveRows(await source.curvePoints(output.curves, { width }), output.curves.runs);
    caption = `${plural(output.curves.runs.length, 'run')}; ${rows.length.toLocaleString('en-US')} of ${output.curves.points.toLocaleString('en-US')} points (M4 at ${width} pixel columns)`;
  }
  if (output.excluded.length) caption += `; ✕ marks ${plural(output.excluded.length, 'run')} the outlier rule excluded`;
  const chart = plotChart({ spec: output.spec, rows, excluded: output.excluded, width: REPORT_WIDTH, dark: false });
  // Computed colours need the chart in the document; it is drawn off screen and taken out again.
  const stage = document.createElement('div');
  stage.style.cssText = `position:fixed;left:-${REPORT_WIDTH * 2}px;top:0;width:${REPORT_WIDTH}px;color:#1f2328;background:#ffffff`;
  stage.append(chart);
  document.body.append(stage);
  try {
    const { svg, width, height } = chartSvgText(chart);
    return { title: output.spec.title ?? cell.name, fileStem: chartFileStem(cell.name, output.spec), svg, width, height, caption };
  } finally {
    stage.remove();
  }
}

function arrowTable(title: string, table: Table, totalRows: number): ReportTable {
  const columns = table.schema.fields.map((field) => field.name);
  const rows = plainRows(table.slice(0, REPORT_ROWS));
  return { title, columns, rows: rows.map((row) => columns.map((name) => row[name] ?? null)), totalRows };
}

function rowsTable(title: string, rows: Record<string, PlainValue>[]): ReportTable {
  const columns = rowColumnNames(rows);
  return { title, columns, rows: rows.slice(0, REPORT_ROWS).map((row) => columns.map((name) => row[name] ?? null)), totalRows: rows.length };
}
