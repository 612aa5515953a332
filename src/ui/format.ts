import { DataType, Null, type Table } from 'apache-arrow';
import { isoTimestamp, type PlainValue } from '../result/values.ts';

/** One rendered cell: the short text shown, and the full value for the title attribute. */
export interface Cell {
  text: string;
  title: string;
  isNull: boolean;
}

export interface DisplayColumn {
  name: string;
  type: string;
  numeric: boolean;
}

export interface DisplayTable {
  columns: DisplayColumn[];
  rows: Cell[][];
  totalRows: number;
}

const NULL_CELL: Cell = { text: 'NULL', title: 'NULL', isNull: true };

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 120000 → "120,000": counts in prose and overview tables. */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** "1 run", "3 runs". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Milliseconds since the epoch → "YYYY-MM-DD HH:MM:SS" from the UTC fields (DuckDB timestamps carry no zone). */
export function formatTimestamp(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  return `${formatDate(ms)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

export function formatDate(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  const year = date.getUTCFullYear();
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * A data value at sensible precision: integers as they are (ids must not get thousands
 * separators), other numbers to six significant digits (two decimals from 100,000 up), very
 * large or small ones in exponent form.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e15)) {
    const [mantissa, exponent] = value.toExponential(4).split('e');
    return `${trimZeros(mantissa)}e${exponent}`;
  }
  // Six significant digits, but never exponent form for values a fixed notation shows well.
  return trimZeros(magnitude >= 1e5 ? value.toFixed(2) : value.toPrecision(6));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Bytes as "1.2 MB" (decimal units, as file managers and download bars show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** Seconds as "0.84 s" / "12.3 s"; a query's milliseconds as "12 ms". */
export function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(2)} s` : `${seconds.toFixed(1)} s`;
}

export function formatMilliseconds(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return formatSeconds(ms / 1000);
}

function jsonReplacer(_key: string, value: unknown) {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Lists, structs and maps arrive as Arrow vectors / row proxies; show them as JSON. */
function formatNested(value: unknown): string {
  const plain = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  try {
    return JSON.stringify(plain, jsonReplacer) ?? String(value);
  } catch {
    return String(value);
  }
}

/** How a value of a given Arrow type reads in a result table. */
export function formatCell(value: unknown, type: DataType): Cell {
  if (value === null || value === undefined) return NULL_CELL;
  let text: string;
  let title: string | undefined;
  if (DataType.isTimestamp(type) && typeof value === 'number') {
    text = formatTimestamp(value);
    // The full value, with the fractional seconds the shortened text hides.
    title = isoTimestamp(value).replace('T', ' ');
  } else if (DataType.isDate(type) && typeof value === 'number') {
    text = formatDate(value);
  } else if (typeof value === 'number') {
    text = formatNumber(value);
    title = String(value);
  } else if (typeof value === 'bigint') {
    text = value.toString();
  } else if (typeof value === 'boolean' || typeof value === 'string') {
    text = String(value);
  } else if (value instanceof Uint8Array) {
    text = `${value.length} bytes`;
    title = [...value.subarray(0, 64)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  } else {
    text = formatNested(value);
  }
  return { text, title: title ?? text, isNull: false };
}

function isNumericType(type: DataType): boolean {
  return DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type);
}

/** A short, readable type name for a column header ("timestamp", "double", "varchar"). */
export function describeType(type: DataType): string {
  if (DataType.isTimestamp(type)) return 'timestamp';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isInt(type)) return type.bitWidth === 64 ? 'bigint' : 'integer';
  if (DataType.isFloat(type)) return 'double';
  if (DataType.isDecimal(type)) return 'decimal';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'varchar';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isList(type)) return 'list';
  if (DataType.isStruct(type)) return 'struct';
  if (DataType.isMap(type)) return 'map';
  return String(type).toLowerCase();
}

/** The first `limit` rows of a result, formatted once (rendering reads strings only). */
export function toDisplayTable(table: Table, limit: number): DisplayTable {
  const fields = table.schema.fields;
  const count = Math.min(limit, table.numRows);
  const vectors = fields.map((_, index) => table.getChildAt(index));
  const rows: Cell[][] = [];
  for (let row = 0; row < count; row++) {
    rows.push(fields.map((field, index) => formatCell(vectors[index]?.get(row), field.type)));
  }
  return {
    columns: fields.map((field) => ({ name: field.name, type: describeType(field.type), numeric: isNumericType(field.type) })),
    rows,
    totalRows: table.numRows,
  };
}

// Plain values carry no Arrow type, and their timestamps are ISO text already: a non-temporal
// type makes formatCell go by each value's own JS type.
const UNTYPED = new Null();

/**
 * A processor's plain rows as a display table, formatted as query results are. A column's type
 * is the JS type of its values: "null" when it has none, "mixed" when they differ.
 */
export function plainDisplayTable(rows: Record<string, PlainValue>[], limit: number): DisplayTable {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns = names.map((name) => {
    const kinds = new Set(rows.flatMap((row) => (row[name] === null || row[name] === undefined ? [] : [typeof row[name]])));
    const type = kinds.size === 0 ? 'null' : kinds.size === 1 ? [...kinds][0] : 'mixed';
    return { name, type, numeric: type === 'number' };
  });
  return {
    columns,
    rows: rows.slice(0, limit).map((row) => names.map((name) => formatCell(row[name], UNTYPED))),
    totalRows: rows.length,
  };
}
