import { DataType } from 'apache-arrow';
import { isoTimestamp } from '../result/values.ts';

/** One rendered cell: the short text shown, and the full value for the title attribute. */
export interface Cell {
  text: string;
  title: string;
  isNull: boolean;
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
