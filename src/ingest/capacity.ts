import { SnapshotError } from './tables.ts';

/**
 * The most metric values a snapshot may hold to be opened. DuckDB-WASM has 3.1 GiB of memory, in
 * a tab and in Node alike: a flat Parquet file of 15M values loads (1.2 GB staged, 1.3 GB of
 * tables), 20M runs out of memory once all were read. Parquet says how many rows it holds before
 * any is read, so a file past this is refused at once rather than after a minute of reading.
 */
export const METRIC_VALUE_CAPACITY = 20_000_000;

/** Refuses metric values past the capacity, in words; `what` names the file(s) they are in. */
export function checkMetricValues(what: string, values: number, capacity = METRIC_VALUE_CAPACITY): void {
  if (values < capacity) return;
  const count = (n: number) => n.toLocaleString('en-US');
  throw new SnapshotError(
    `${what} holds ${count(values)} metric values; Trialbook opens snapshots of up to about ${count(capacity)} (its engine has 3.1 GiB of memory, a browser limit for WebAssembly). ` +
      'Nothing was loaded. Export fewer experiments, or leave out batch metrics (often most of the rows), and open that.',
  );
}
