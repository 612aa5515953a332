import { Table, type Vector } from 'apache-arrow';
import { boolVector, numberVector, textVector } from '../arrow-vectors.ts';
import { rowColumnNames, type PlainValue } from '../values.ts';

/**
 * Plain rows (a processor's tables, a chart's rows) as an Arrow table, so they can be written
 * like any result. The columns are every key in first-seen order; a row without a key is NULL
 * there. A column of numbers is Float64 (NaN stays NaN), of booleans Bool, of text Utf8; a
 * column that mixes kinds is text, nested values are JSON text, and a column that is NULL
 * throughout is Utf8, which every reader accepts.
 */
export function plainRowsToArrow(rows: Record<string, PlainValue>[]): Table {
  const names = rowColumnNames(rows);
  const columns: Record<string, Vector> = {};
  for (const name of names) columns[name] = plainColumn(rows.map((row) => row[name] ?? null));
  return new Table(columns);
}

function plainColumn(values: PlainValue[]): Vector {
  const kinds = new Set(values.filter((value) => value !== null).map((value) => typeof value));
  const only = kinds.size === 1 ? [...kinds][0] : null;
  if (only === 'number') return numberVector(values as (number | null)[]);
  if (only === 'boolean') return boolVector(values as (boolean | null)[]);
  return textVector(values.map(plainText));
}

function plainText(value: PlainValue): string | null {
  if (value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
