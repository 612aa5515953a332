import { DataType, util, type Table } from 'apache-arrow';
import { rowColumnNames, type PlainValue } from '../../result/values.ts';

export type GridColumnType = 'number' | 'integer' | 'text' | 'boolean' | 'date' | 'other';

export interface GridColumn {
  name: string;
  type: GridColumnType;
}

/**
 * What the result grid reads: cells on demand by position, so a 100k-row result is never turned
 * into 100k row objects. A value is null (missing), a number, a bigint (a 64-bit integer a number
 * cannot hold exactly), a string, a boolean, a Date, or something nested (lists, structs).
 */
export interface GridData {
  columns: GridColumn[];
  rowCount: number;
  value(row: number, column: number): unknown;
}

/** An Arrow result, read column by column with `Vector.get`. */
export function gridFromArrow(table: Table): GridData {
  const fields = table.schema.fields;
  const vectors = fields.map((_, index) => table.getChildAt(index));
  const readers = fields.map((field) => reader(field.type));
  return {
    columns: fields.map((field) => ({ name: field.name, type: columnType(field.type) })),
    rowCount: table.numRows,
    value(row, column) {
      const value: unknown = vectors[column]?.get(row);
      return value === null || value === undefined ? null : readers[column](value);
    },
  };
}

function columnType(type: DataType): GridColumnType {
  // DuckDB enums, and strings from tableFromArrays, arrive dictionary-encoded.
  if (DataType.isDictionary(type)) return columnType(type.dictionary);
  if (DataType.isInt(type)) return 'integer';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'text';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return 'date';
  return 'other';
}

/** How one column's non-null Arrow values become grid values. */
function reader(type: DataType): (value: unknown) => unknown {
  if (DataType.isDictionary(type)) return reader(type.dictionary);
  // A decimal comes as its unscaled 128-bit integer; DuckDB makes literals like 1.5 decimals.
  if (DataType.isDecimal(type)) return (value) => util.bigNumToNumber(value as Parameters<typeof util.bigNumToNumber>[0], type.scale);
  // Arrow gives dates and timestamps as epoch milliseconds (microseconds as the fraction, which a Date drops).
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return (value) => new Date(Math.floor(Number(value)));
  return (value) => (typeof value === 'bigint' ? exactNumber(value) : value);
}

/** A bigint as a number when that loses nothing; ids past 2^53 stay bigints so they stay distinct. */
function exactNumber(value: bigint): number | bigint {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

/**
 * A processor's plain rows. Columns are every key seen, in first-seen order; a column's type is
 * its values' common JS type ("other" when they differ or are all null).
 */
export function gridFromRows(rows: Record<string, PlainValue>[]): GridData {
  const columns = rowColumnNames(rows).map((name) => ({ name, type: plainType(rows.map((row) => row[name])) }));
  return {
    columns,
    rowCount: rows.length,
    value: (row, column) => rows[row][columns[column].name] ?? null,
  };
}

function plainType(values: (PlainValue | undefined)[]): GridColumnType {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return 'other';
  if (present.every((value) => typeof value === 'number')) return present.every(Number.isInteger) ? 'integer' : 'number';
  if (present.every((value) => typeof value === 'string')) return 'text';
  if (present.every((value) => typeof value === 'boolean')) return 'boolean';
  return 'other';
}
