import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import type { Engine } from '../../../src/engine/engine.ts';
import { loadSnapshot, type LoadReport } from '../../../src/ingest/load.ts';
import { extractParquetFiles, type ParquetModule } from '../../../src/ingest/parquet.ts';
import { FLAT_EXPORT_SQL } from '../../../src/snapshot/flat-export.ts';
import { batchesToParquet } from '../../../src/result/export/parquet.ts';
import { readOverview } from '../../../src/snapshot/overview.ts';
import { createNodeEngine, load, rows, scalar } from '../../fixtures/engine.ts';
import { sqliteToParquetTables, writeParquetTable } from '../../fixtures/parquet.ts';
import { buildTrapSnapshot } from '../../fixtures/trap-snapshot.ts';

const example = new Uint8Array(readFileSync(new URL('../../../../shared/fixtures/tracker-example.db', import.meta.url)));
const CONTENT_SQL = {
  metrics: 'SELECT run_id, trial_id, experiment_id, level, epoch, batch, metric, value, time FROM metrics ORDER BY ALL',
  labels: 'SELECT run_id, level, epoch, batch, metric, label, value FROM label_metrics ORDER BY ALL',
  runs: 'SELECT run_id, trial_id, experiment_id, status, status_raw, start_time, end_time, epochs, has_results FROM runs ORDER BY run_id',
};

let reference: Engine;
let referenceReport: LoadReport;
let engine: Engine;
beforeAll(async () => {
  reference = await createNodeEngine();
  engine = await createNodeEngine();
  referenceReport = await load(reference, { name: 'traps.db', bytes: await buildTrapSnapshot() });
});
afterAll(async () => {
  await reference.close();
  await engine.close();
});

async function expectSameContent(expectedRuns = true) {
  expect(await rows(engine, CONTENT_SQL.metrics)).toEqual(await rows(reference, CONTENT_SQL.metrics));
  expect(await rows(engine, CONTENT_SQL.labels)).toEqual(await rows(reference, CONTENT_SQL.labels));
  if (expectedRuns) expect(await rows(engine, CONTENT_SQL.runs)).toEqual(await rows(reference, CONTENT_SQL.runs));
}

describe('Parquet per-table export', () => {
  it('loads the same model as the SQLite file it came from', async () => {
    const files = await sqliteToParquetTables(await buildTrapSnapshot());
    const report = await load(engine, files);
    expect(report.layout).toBe('parquet-tables');
    expect(report.warnings).toEqual(referenceReport.warnings);
    await expectSameContent();
    expect(await rows(engine, 'SELECT * FROM artifacts ORDER BY ALL')).toEqual(await rows(reference, 'SELECT * FROM artifacts ORDER BY ALL'));
  });

  it('does without optional tables and columns', async () => {
    const files = await sqliteToParquetTables(example, ['ARTIFACT', 'BATCH', 'BATCH_METRIC', 'SCHEMA_VERSION']);
    await load(engine, files);
    expect(await scalar(engine, 'SELECT count(*) FROM runs')).toBe(10);
    expect(await scalar(engine, 'SELECT count(*) FROM artifacts')).toBe(0);
  });

  it('names the missing hierarchy table', async () => {
    const files = (await sqliteToParquetTables(example)).filter((file) => file.name !== 'TRIAL.parquet');
    await expect(load(engine, files)).rejects.toThrow(/^no TRIAL table: .* is not an Experiment Manager snapshot \(Parquet tables\); found tables: .*EXPERIMENT/);
  });
});

describe('flat metrics Parquet', () => {
  it('round-trips through the flat export (what trialbook convert writes)', async () => {
    const bytes = new Uint8Array(await new Response(await batchesToParquet(reference.stream(FLAT_EXPORT_SQL), parquet)).arrayBuffer());
    const report = await load(engine, { name: 'flat.parquet', bytes });
    expect(report.layout).toBe('parquet-flat');
    await expectSameContent(false);
    // The flat layout has a row per metric value, so an EPOCH row without metrics is not in it.
    const runsSql = CONTENT_SQL.runs.replace('epochs, ', '');
    expect(await rows(engine, runsSql)).toEqual(await rows(reference, runsSql));
    // Nor are experiments without runs, or artifacts.
    const expected = await readOverview(reference);
    expect(await readOverview(engine)).toEqual({ ...expected, experiments: expected.experiments.filter((e) => e.runs > 0), artifacts: 0 });
  });

  // A big file is folded chunk by chunk (names said once per run); a run whose rows straddle two
  // chunks must come out as one run with the same values, starts and ends.
  it('gives the same model when read in chunks that split runs', async () => {
    const whole = new Uint8Array(await new Response(await batchesToParquet(reference.stream(FLAT_EXPORT_SQL), parquet)).arrayBuffer());
    const model = async () => Object.fromEntries(await Promise.all(
      ['experiments', 'trials', 'runs', 'metrics', 'label_metrics'].map(async (table) => [table, await rows(engine, `SELECT * FROM ${table} ORDER BY ALL`)]),
    ));
    await load(engine, { name: 'flat.parquet', bytes: whole });
    const expected = await model();
    const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(parquet.readParquet(whole).intoIPCStream()), new parquet.WriterPropertiesBuilder().setMaxRowGroupSize(4).build());
    const chunks: number[] = [];
    await loadSnapshot(engine, [{ name: 'flat.parquet', bytes }], (files, sink, progress) =>
      extractParquetFiles(parquet as unknown as ParquetModule, files, (chunk) => (chunk.table === 'FLAT' && chunks.push(chunk.rows), sink(chunk)), progress, { chunkRows: 4 })
        .then((report) => ({ ...report, layout: 'parquet-flat' as const })));
    expect(chunks.length).toBeGreaterThan(3);
    expect(await scalar(engine, 'SELECT count(*) FROM (SELECT run_id FROM metrics GROUP BY run_id HAVING min(metric_id) // 4 < max(metric_id) // 4)')).toBeGreaterThan(0);
    expect(await model()).toEqual(expected);
  });

  it('needs only run_id, metric and value', async () => {
    const minimal = new Table({
      run_id: vectorFromArray([1, 1, 2, 2], new Int32()),
      metric: vectorFromArray(['acc', 'loss', 'acc', 'loss'], new Utf8()),
      value: vectorFromArray([0.9, 0.1, 0.8, null], new Float64()),
    });
    await load(engine, { name: 'minimal.parquet', bytes: writeParquetTable(minimal) });
    expect(await rows(engine, 'SELECT experiment_id, trial_id, run_id, status FROM runs ORDER BY run_id')).toEqual([
      { experiment_id: 1, trial_id: 1, run_id: 1, status: 'completed' },
      { experiment_id: 1, trial_id: 1, run_id: 2, status: 'completed' },
    ]);
    expect(await scalar(engine, "SELECT title FROM experiments")).toBe('default');
    expect(await scalar(engine, "SELECT count(*) FROM metrics WHERE level = 'results'")).toBe(4);
  });

  it('explains a Parquet file that is neither layout', async () => {
    const foreign = new Table({ city: vectorFromArray(['Oslo'], new Utf8()), population: vectorFromArray([700000], new Int32()) });
    await expect(load(engine, { name: 'cities.parquet', bytes: writeParquetTable(foreign) })).rejects.toThrow(
      'cities.parquet is a Parquet file but neither an Experiment Manager table (its name is not EXPERIMENT.parquet, TRIAL.parquet, …) nor a flat metrics file (it lacks run_id, metric, value); found columns: city, population.',
    );
  });

  it('refuses to mix per-table files with other Parquet files', async () => {
    const files = await sqliteToParquetTables(example);
    const stray = { name: 'notes.parquet', bytes: writeParquetTable(new Table({ a: vectorFromArray([1], new Int32()) })) };
    await expect(load(engine, [...files, stray])).rejects.toThrow(/notes\.parquet is not named after an Experiment Manager table/);
  });
});
