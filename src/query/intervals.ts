import { Table, type Vector } from 'apache-arrow';
import { numberVector } from '../result/arrow-vectors.ts';
import { studentTQuantile } from '../stats/t-distribution.ts';
import type { CompiledQuery } from './compile.ts';

/**
 * The result table in its documented column order, with each t-interval computed from the n,
 * mean and s DuckDB returned: mean ± t(1 − α/2, n − 1)·s/√n. Fewer than 2 values give null,
 * and the count of such rows comes back so the caller can say why.
 */
export function finishResult(table: Table, compiled: CompiledQuery): { rows: Table; emptyIntervals: Map<string, number> } {
  const emptyIntervals = new Map<string, number>();
  if (!compiled.intervals.length) return { rows: table.select(compiled.columns), emptyIntervals };
  const columns: Record<string, Vector> = {};
  for (const column of compiled.columns) {
    const interval = compiled.intervals.find((i) => column === `${i.column}_low` || column === `${i.column}_high`);
    if (!interval) {
      columns[column] = table.getChild(column)!;
      continue;
    }
    const n = table.getChild(interval.n)!;
    const mean = table.getChild(interval.mean)!;
    const sd = table.getChild(interval.sd)!;
    const sign = column.endsWith('_low') ? -1 : 1;
    let empty = 0;
    const values = Array.from({ length: table.numRows }, (_, row) => {
      const count = Number(n.get(row));
      const s = sd.get(row) as number | null;
      if (!(count >= 2) || s === null) {
        empty++;
        return null;
      }
      const t = studentTQuantile(1 - (1 - interval.confidence) / 2, count - 1);
      return (mean.get(row) as number) + (sign * t * s) / Math.sqrt(count);
    });
    if (sign < 0) emptyIntervals.set(interval.column, empty);
    columns[column] = numberVector(values);
  }
  return { rows: new Table(columns), emptyIntervals };
}
