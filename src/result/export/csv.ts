import type { Table } from 'apache-arrow';
import { plainRows, type PlainValue } from '../values.ts';

/** RFC 4180 CSV with a header row; NULL is an empty field, nested values are JSON. */
export function tableToCSV(table: Table): string {
  const names = table.schema.fields.map((field) => field.name);
  const lines = [names.map(csvField).join(',')];
  for (const row of plainRows(table)) lines.push(names.map((name) => csvField(row[name])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function csvField(value: PlainValue): string {
  if (value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}
