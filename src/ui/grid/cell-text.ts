import { Null } from 'apache-arrow';
import { isoTimestamp } from '../../result/values.ts';
import { formatCell, formatNumber, formatTimestamp } from '../format.ts';
import type { GridColumnType, GridData } from './grid-data.ts';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const significant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

// No Arrow type at hand: formatCell then goes by the value's own JS type.
const UNTYPED = new Null();

// Past this a cell shows only the start; the title and a copy still give all of it.
const MAX_TEXT = 256;

// Ids, epochs and ranks are labels, not amounts: 32137, never 32,137.
const LABEL_COLUMN = /(^|_)(id|idx)$|^(epoch|batch|rank|best_epoch|epochs_reached)$/i;

/**
 * What a cell shows: numbers at a readable precision, timestamps to the second, '—' for null.
 * `column` is the column's name, which tells an id from an amount.
 */
export function shortText(value: unknown, type: GridColumnType, column = ''): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && Number.isInteger(value) && LABEL_COLUMN.test(column)) return String(value);
  if (typeof value === 'number') return shortNumber(value, type);
  if (typeof value === 'bigint') return grouped.format(value);
  if (value instanceof Date) return formatTimestamp(value.getTime());
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value === 'boolean') return String(value);
  return formatCell(value, UNTYPED).text;
}

/**
 * A measurement to six significant digits with thousands separators; two decimals from 100,000
 * up (six digits there would round away the fraction and pass for an exact integer); exponent
 * form where fixed notation would be all zeros. Integer columns show every digit instead.
 */
function shortNumber(value: number, type: GridColumnType): string {
  // Also -0, which Intl would show as "-0".
  if (value === 0) return '0';
  if (type === 'integer' && Number.isInteger(value)) return grouped.format(value);
  const magnitude = Math.abs(value);
  if (!Number.isFinite(value) || magnitude < 1e-4 || magnitude >= 1e15) return formatNumber(value);
  return (magnitude >= 1e5 || Number.isInteger(value) ? grouped : significant).format(value);
}

/** The exact value, for the title and for copying: all digits, the ISO timestamp, the whole text. */
export function fullText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoTimestamp(value.getTime());
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return formatCell(value, UNTYPED).title;
}

const HEAD_ROWS = 100;
const SAMPLE_ROWS = 100;

/**
 * A column's width in `ch`, from its name and the widest short text among the first rows and
 * rows sampled across the rest: fixed, so that columns stay put while rows scroll in and out.
 */
export function columnWidth(data: GridData, column: number): number {
  const { name, type } = data.columns[column];
  // The name shares its cell with a sort arrow.
  let widest = name.length + 2;
  const step = Math.max(1, Math.floor(data.rowCount / SAMPLE_ROWS));
  for (let row = 0; row < data.rowCount; row += row < HEAD_ROWS ? 1 : step) {
    widest = Math.max(widest, shortText(data.value(row, column), type, name).length);
  }
  return Math.min(40, Math.max(5, widest));
}
