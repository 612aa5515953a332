import type { Answer } from './workloads.ts';

/** Peers sum in different orders: equal means equal to 1e-9 relative (or 1e-12 absolute near 0). */
const RELATIVE = 1e-9;
const ABSOLUTE = 1e-12;

/** Where two answers differ, in words; null when they agree. */
export function answerDifference(expected: Answer, actual: Answer): string | null {
  if (expected.columns.join() !== actual.columns.join()) return `columns ${actual.columns.join(', ')} instead of ${expected.columns.join(', ')}`;
  if (expected.rows.length !== actual.rows.length) return `${actual.rows.length} rows instead of ${expected.rows.length}`;
  for (let r = 0; r < expected.rows.length; r++) {
    for (let c = 0; c < expected.columns.length; c++) {
      const a = expected.rows[r][c];
      const b = actual.rows[r][c];
      if (!same(a, b)) return `row ${r + 1}, ${expected.columns[c]}: ${b} instead of ${a}`;
    }
  }
  return null;
}

function same(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return a === b || Math.abs(a - b) <= Math.max(ABSOLUTE, RELATIVE * Math.max(Math.abs(a), Math.abs(b)));
}

/** Sorts rows by their first `keys` columns, ascending. */
export function sortRows(rows: number[][], keys: number): number[][] {
  return rows.sort((x, y) => {
    for (let k = 0; k < keys; k++) if (x[k] !== y[k]) return x[k] - y[k];
    return 0;
  });
}
