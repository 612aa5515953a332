import type { Table } from 'apache-arrow';
import { plainRows, type PlainValue } from '../values.ts';

/** An aligned text table for a terminal, numbers right-aligned; long results are cut with a note. */
export function tableToText(table: Table, maxRows = 100): string {
  return rowsToText(table.schema.fields.map((field) => field.name), plainRows(table.slice(0, maxRows)), table.numRows);
}

/** The same for plain rows (a processor's tables); the columns are the first row's keys. */
export function plainRowsToText(rows: Record<string, PlainValue>[], maxRows = 100): string {
  return rowsToText(Object.keys(rows[0] ?? {}), rows.slice(0, maxRows), rows.length);
}

function rowsToText(names: string[], shown: Record<string, PlainValue>[], total: number): string {
  const cells = shown.map((row) => names.map((name) => cellText(row[name] ?? null)));
  const numeric = names.map((name) => shown.length > 0 && shown.every((row) => row[name] === null || typeof row[name] === 'number'));
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i].length)));
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const lines = [names.map(pad).join('  ').trimEnd(), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map((row) => row.map(pad).join('  ').trimEnd())];
  const more = total - shown.length;
  lines.push(more > 0 ? `(${total} rows, first ${shown.length} shown)` : `(${total} ${total === 1 ? 'row' : 'rows'})`);
  return lines.join('\n');
}

function cellText(value: PlainValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return typeof value === 'object' ? JSON.stringify(value) : String(value).replace(/\s+/g, ' ');
}
