import type { Engine } from '../engine/engine.ts';
import { ident, qualified } from './sql.ts';
import { SnapshotError } from './tables.ts';

/**
 * The keys the model joins on. The tracker's primary keys make them unique, but an edited file
 * (or a Parquet export) may repeat one, and every join on it would then count rows twice.
 */
const KEYS: [table: string, columns: string[]][] = [
  ['EXPERIMENT', ['id']],
  ['TRIAL', ['id']],
  ['TRIAL_RUN', ['id']],
  ['RESULTS', ['trial_run_id']],
  ['EPOCH', ['trial_run_id', 'idx']],
  ['BATCH', ['trial_run_id', 'epoch_idx', 'idx']],
];

/** Refuses a snapshot whose raw tables repeat a key, naming the first one found. */
export async function refuseDuplicateKeys(engine: Engine, staging: string, fileLabel: string): Promise<void> {
  const firsts = KEYS.map(([table, columns]) => {
    const key = columns.map((column) => `${ident(column)}::VARCHAR`).join(` || ', ' || `);
    return `(SELECT '${table}' AS tbl, '${columns.join(', ')}' AS cols, ${key} AS val, count(*) AS n
      FROM ${qualified(staging, table)} WHERE ${columns.map((column) => `${ident(column)} IS NOT NULL`).join(' AND ')} GROUP BY ALL HAVING count(*) > 1 LIMIT 1)`;
  });
  const found = (await engine.query(firsts.join(' UNION ALL '))).get(0)?.toJSON();
  if (!found) return;
  const { tbl, cols, val, n } = found as { tbl: string; cols: string; val: string; n: bigint };
  const key = cols.includes(',') ? `(${cols}) = (${val})` : `${cols} ${val}`;
  throw new SnapshotError(
    `${fileLabel}: ${tbl}.${key} is used by ${n} rows, where it must be unique (every metric joined to it would count ${n} times). The file was edited or damaged.`,
  );
}
