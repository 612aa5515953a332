import { DataType, type Field, type Table } from 'apache-arrow';

/** A cell as plain JSON data: timestamps become ISO text, 64-bit integers numbers, lists arrays. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

export function plainValue(value: unknown, field: Field): PlainValue {
  if (value === null || value === undefined) return null;
  if (DataType.isTimestamp(field.type) || DataType.isDate(field.type)) return isoTimestamp(Number(value));
  return plain(value);
}

function plain(value: unknown): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value) || Array.isArray(value)) return Array.from(value as ArrayLike<unknown>, plain);
  // Struct rows have toArray too (their values, unnamed); toJSON keeps the field names.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return plain((value as { toJSON(): unknown }).toJSON());
  if (typeof (value as { toArray?: unknown }).toArray === 'function') return Array.from((value as { toArray(): ArrayLike<unknown> }).toArray(), plain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return String(value);
}

/** Milliseconds since the epoch (fraction = microseconds) as 'YYYY-MM-DDTHH:MM:SS[.ffffff]', UTC fields. */
export function isoTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const micros = Math.round(ms * 1000);
  const seconds = Math.floor(micros / 1e6);
  const fraction = micros - seconds * 1e6;
  const text = new Date(seconds * 1000).toISOString().slice(0, 19);
  return fraction ? `${text}.${String(fraction).padStart(6, '0')}` : text;
}

/** All rows as plain objects; for results, which are small by the time they reach JS. */
export function plainRows(table: Table): Record<string, PlainValue>[] {
  const fields = table.schema.fields;
  const columns = fields.map((field) => table.getChild(field.name));
  const rows: Record<string, PlainValue>[] = [];
  for (let row = 0; row < table.numRows; row++) {
    const record: Record<string, PlainValue> = {};
    fields.forEach((field, i) => (record[field.name] = plainValue(columns[i]?.get(row), field)));
    rows.push(record);
  }
  return rows;
}

/** The columns of plain rows: every key any row has, in the order they first appear. */
export function rowColumnNames(rows: readonly Record<string, PlainValue>[]): string[] {
  return [...new Set(rows.flatMap((row) => Object.keys(row)))];
}
