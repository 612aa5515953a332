import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { loadSnapshot } from '../../../src/ingest/load.ts';
import { extractParquetFiles, type ParquetModule } from '../../../src/ingest/parquet.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine, load, rows } from '../../fixtures/engine.ts';
import { writeParquetTable } from '../../fixtures/parquet.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

// Per-label values are found by their validity bits, chunk by chunk: a row in a later record
// batch (they hold 65,536 rows) must still be keyed by its position in the whole file.
describe('per-label values in a flat Parquet file', () => {
  const count = 70_000;
  const labelled = new Map([
    [3, { metric: 'early', json: '{"cat": 0.5}' }],
    [65_536, { metric: 'boundary', json: '{"dog": 0.25}' }],
    [69_999, { metric: 'last', json: '{"a": {"b": 2}}' }],
  ]);
  const flat = () => new Table({
    run_id: vectorFromArray(Array.from({ length: count }, (_, i) => 1 + (i % 7)), new Int32()),
    metric: vectorFromArray(Array.from({ length: count }, (_, i) => labelled.get(i)?.metric ?? 'loss'), new Utf8()),
    value: vectorFromArray(Array.from({ length: count }, (_, i) => i), new Float64()),
    per_label_val: vectorFromArray(Array.from({ length: count }, (_, i) => labelled.get(i)?.json ?? null), new Utf8()),
  });
  const expected = [
    { metric: 'early', label: 'cat', value: 0.5, metric_value: 3 },
    { metric: 'boundary', label: 'dog', value: 0.25, metric_value: 65_536 },
    { metric: 'last', label: 'a/b', value: 2, metric_value: 69_999 },
  ];
  const LABELS_SQL = 'SELECT metric, label, l.value, m.value AS metric_value FROM label_metrics l JOIN metrics m USING (metric_id, metric) ORDER BY metric_value';

  // A big file is read a few row groups at a time (all at once it would not fit in wasm's memory).
  it('belong to their own rows when the file is read in chunks of row groups', async () => {
    const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(flat(), 'stream')), new parquet.WriterPropertiesBuilder().setMaxRowGroupSize(10_000).build());
    const chunks: number[] = [];
    const report = await loadSnapshot(engine, [{ name: 'labels.parquet', bytes }], (files, sink, progress) =>
      extractParquetFiles(parquet as unknown as ParquetModule, files, (chunk) => (chunk.table === 'FLAT' && chunks.push(chunk.rows), sink(chunk)), progress, { chunkRows: 25_000 }).then((r) => ({ ...r, layout: 'parquet-flat' as const })));
    expect(chunks).toEqual([20_000, 20_000, 20_000, 10_000]);
    expect(report.metricRows).toBe(count);
    expect(await rows(engine, LABELS_SQL)).toEqual(expected);
    expect(await rows(engine, 'SELECT min(value) AS lo, max(value) AS hi, count(DISTINCT metric_id) AS ids FROM metrics')).toEqual([{ lo: 0, hi: count - 1, ids: count }]);
  });

  it('belong to their own rows, in the first record batch and in later ones', async () => {
    const labelled = new Map([
      [3, { metric: 'early', json: '{"cat": 0.5}' }],
      [65_536, { metric: 'boundary', json: '{"dog": 0.25}' }],
      [69_999, { metric: 'last', json: '{"a": {"b": 2}}' }],
    ]);
    const flat = new Table({
      run_id: vectorFromArray(Array.from({ length: count }, (_, i) => 1 + (i % 7)), new Int32()),
      metric: vectorFromArray(Array.from({ length: count }, (_, i) => labelled.get(i)?.metric ?? 'loss'), new Utf8()),
      value: vectorFromArray(Array.from({ length: count }, (_, i) => i), new Float64()),
      per_label_val: vectorFromArray(Array.from({ length: count }, (_, i) => labelled.get(i)?.json ?? null), new Utf8()),
    });
    const report = await load(engine, { name: 'labels.parquet', bytes: writeParquetTable(flat) });
    expect(report.metricRows).toBe(count);
    expect(await rows(engine, LABELS_SQL)).toEqual(expected);
  });
});
