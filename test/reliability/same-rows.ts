import type { Row } from './reference-query.ts';

/** Numbers agree to 1e-9 relative; exact zeros and nulls must match exactly. */
export function sameCell(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

function sameRow(a: Row, b: Row, columns: string[]): boolean {
  return columns.every((c) => sameCell(a[c], b[c]));
}

/**
 * '' when each actual row matches a distinct expected row (a sub-multiset: with a limit some
 * expected rows are cut); else the rows that matched nothing and the expected ones left over.
 */
export function unmatched(actual: Row[], expected: Row[], columns: string[]): string {
  const left = [...expected];
  const extra: Row[] = [];
  for (const row of actual) {
    const i = left.findIndex((e) => sameRow(row, e, columns));
    if (i < 0) extra.push(row);
    else left.splice(i, 1);
  }
  return extra.length ? JSON.stringify({ unexpected: extra, missing: left }) : '';
}

/** Order column values as ORDER BY … NULLS LAST would give them. */
export function sortedColumn(rows: Row[], column: string, descending: boolean): (number | null)[] {
  const values = rows.map((r) => r[column] as number | null);
  return values.sort((a, b) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : descending ? b - a : a - b));
}
