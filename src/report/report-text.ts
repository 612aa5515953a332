import type { PlainValue } from '../result/values.ts';
import type { Report, ReportCell, ReportTable } from './report.ts';

// The words and value texts both report formats share, so an HTML and a Markdown report read alike.

export const MADE_WITH = 'Made with Trialbook';

export function reportTitle(report: Report): string {
  return report.title.trim() || 'Untitled notebook';
}

/** ISO 8601; an invalid date must not make the whole download fail. */
export function reportDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'unknown date' : date.toISOString();
}

export const KIND_LABELS: Record<ReportCell['kind'], string> = {
  markdown: 'Markdown',
  sql: 'SQL',
  query: 'Query',
  analysis: 'Analysis',
  chart: 'Chart',
};

/**
 * A value as a report shows it: numbers to six significant digits (integers whole, since ids
 * must stay exact), nested values as JSON, NULL spelled out.
 */
export function valueText(value: PlainValue | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Right-aligned when every value shown is a number or NULL, and there is at least one number. */
export function isNumericColumn(rows: PlainValue[][], column: number): boolean {
  const values = rows.map((row) => row[column] ?? null);
  return values.some((value) => typeof value === 'number') && values.every((value) => value === null || typeof value === 'number');
}

const count = new Intl.NumberFormat('en-US');

/** "first 200 of 1,234 rows" when the table was cut, "no rows" when empty, otherwise nothing to say. */
export function rowsNote(table: ReportTable): string | null {
  if (table.totalRows === 0 && table.rows.length === 0) return 'no rows';
  if (table.rows.length < table.totalRows) return `first ${count.format(table.rows.length)} of ${count.format(table.totalRows)} rows`;
  return null;
}
