import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Engine } from '../../../src/engine/engine.ts';
import { LoadCancelledError, loadSnapshot, modelFailure } from '../../../src/ingest/load.ts';
import { extractInProcess } from '../../../src/ingest/node-readers.ts';
import { SnapshotWriter } from '../../../src/sample/writer.ts';
import { extractParquetFiles, type ParquetModule } from '../../../src/ingest/parquet.ts';
import * as parquet from 'parquet-wasm/node';
import { sqliteToParquetTables } from '../../fixtures/parquet.ts';
import { createNodeEngine, load, scalar } from '../../fixtures/engine.ts';

const example = new Uint8Array(readFileSync(new URL('../../../../shared/fixtures/tracker-example.db', import.meta.url)));

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await load(engine, { name: 'tracker-example.db', bytes: example });
});
afterAll(() => engine.close());

/** The example snapshot must still be what is loaded after every failed attempt. */
async function expectExampleStillLoaded() {
  expect(await scalar(engine, 'SELECT count(*) FROM runs')).toBe(10);
  expect(await scalar(engine, 'SELECT title FROM experiments')).toBe('mnist_baseline');
  expect(await scalar(engine, 'SELECT count(*) FROM metrics')).toBe(130);
  expect(await scalar(engine, "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'staging_%'")).toBe(0);
}

async function foreignSqlite(): Promise<Uint8Array> {
  const writer = await SnapshotWriter.create();
  writer.exec('DROP TABLE TRIAL_RUN');
  writer.exec('CREATE TABLE notes (id INTEGER, body TEXT)');
  return writer.export();
}

describe('bad input is explained and loses nothing', () => {
  it('rejects a SQLite file that is not an Experiment Manager snapshot, naming what is missing and what was found', async () => {
    const error = await load(engine, { name: 'other.db', bytes: await foreignSqlite() }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^no TRIAL_RUN table: other\.db is not an Experiment Manager snapshot \(SQLite\); found tables: .*EXPERIMENT.*NOTES/);
    await expectExampleStillLoaded();
  });

  it('rejects a truncated SQLite file', async () => {
    const truncated = example.slice(0, Math.floor(example.length / 3));
    await expect(load(engine, { name: 'cut.db', bytes: truncated })).rejects.toThrow(/cut\.db could not be read as SQLite.*damaged or was cut short/);
    await expectExampleStillLoaded();
  });

  it('rejects a SQLite file whose pages are garbage', async () => {
    const garbage = example.slice();
    for (let i = 100; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff;
    await expect(load(engine, { name: 'garbage.db', bytes: garbage })).rejects.toThrow(/garbage\.db could not be read as SQLite/);
    await expectExampleStillLoaded();
  });

  it('rejects random bytes and says what they are not', async () => {
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    await expect(load(engine, { name: 'random.bin', bytes: random })).rejects.toThrow('random.bin is neither a SQLite database nor a Parquet file');
    await expectExampleStillLoaded();
  });

  it('rejects a table that lacks a needed column', async () => {
    const writer = await SnapshotWriter.create();
    writer.exec('ALTER TABLE TRIAL_RUN RENAME COLUMN trial_id TO trial');
    await expect(load(engine, { name: 'renamed.db', bytes: writer.export() })).rejects.toThrow(/renamed\.db looks like an Experiment Manager snapshot but TRIAL_RUN lacks trial_id/);
    await expectExampleStillLoaded();
  });

  it('replaces the loaded snapshot only when the new one loads', async () => {
    const writer = await SnapshotWriter.create();
    const experiment = writer.experiment({ title: 'second', start_time: '2026-01-01T00:00:00' });
    writer.run(writer.trial(experiment, { name: 't', start_time: '2026-01-01T00:00:00' }), { start_time: '2026-01-01T00:00:00' });
    const second = await createNodeEngine();
    try {
      await load(second, { name: 'tracker-example.db', bytes: example });
      await load(second, { name: 'second.db', bytes: writer.export() });
      expect(await scalar(second, 'SELECT title FROM experiments')).toBe('second');
      expect(await scalar(second, 'SELECT count(*) FROM runs')).toBe(1);
      expect(await scalar(second, 'SELECT count(*) FROM metrics')).toBe(0);
    } finally {
      await second.close();
    }
  });
});

describe('a cancelled load', () => {
  it('stops at the next chunk, drops what it stored and replaces nothing', async () => {
    const stop = new AbortController();
    const big = await SnapshotWriter.create();
    const start = '2026-01-01T00:00:00';
    const experiment = big.experiment({ title: 'big', start_time: start });
    const trial = big.trial(experiment, { name: 'a', start_time: start });
    for (let run = 0; run < 40; run++) {
      const id = big.run(trial, { start_time: start });
      for (let epoch = 0; epoch < 50; epoch++) {
        big.epoch(id, epoch, start);
        big.epochMetric(id, epoch, 'val_loss', epoch / 50);
      }
    }
    let progressed = 0;
    const loading = loadSnapshot(engine, [{ name: 'big.db', bytes: big.export() }], extractInProcess, (progress) => {
      // Stopped once reading is under way, as a user pressing Cancel loading would.
      if (progress.phase === 'extracting' && ++progressed === 1) stop.abort();
    }, stop.signal);
    await expect(loading).rejects.toBeInstanceOf(LoadCancelledError);
    await expectExampleStillLoaded();
  });

  it('stops while the tables are being built, and nothing is replaced', async () => {
    const stop = new AbortController();
    const loading = loadSnapshot(engine, [{ name: 'tracker-copy.db', bytes: example }], extractInProcess, (progress) => {
      if (progress.phase === 'building') stop.abort();
    }, stop.signal);
    await expect(loading).rejects.toBeInstanceOf(LoadCancelledError);
    await expectExampleStillLoaded();
    expect(await scalar(engine, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'loading_%'")).toBe(0);
  });
});

describe('a snapshot copied while the tracker used WAL mode', () => {
  it('loads, with a warning that changes still in the -wal file are missing', async () => {
    const wal = example.slice();
    wal[18] = 2;
    wal[19] = 2;
    const other = await createNodeEngine();
    try {
      const report = await load(other, { name: 'wal.db', bytes: wal });
      expect(await scalar(other, 'SELECT count(*) FROM runs')).toBe(10);
      expect(report.warnings.join(' ')).toMatch(/in WAL mode: changes the tracker had not yet written back from tracker\.db-wal are not included/);
    } finally {
      await other.close();
    }
  });
});

describe('a model the engine has no memory for', () => {
  // DuckDB-WASM stops at 3.1 GiB (seen with a 10M-row flat Parquet file before it was folded per run): the words must say what to do.
  it('says that nothing was replaced, and what to open instead', () => {
    const message = modelFailure('Out of Memory Error: failed to allocate data of size 256.0 MiB (3.1 GiB/3.1 GiB used)');
    expect(message).toMatch(/^the snapshot's tables could not be combined into Trialbook's model: Out of Memory Error: .*Nothing was replaced; the snapshot loaded before is still open\./);
    expect(message).toMatch(/open an export of fewer experiments, or one without batch metrics/);
    expect(modelFailure('Conversion Error: bad date')).not.toMatch(/fewer experiments/);
  });
});

describe('a Parquet snapshot with more metric values than the engine can hold', () => {
  // The real limit is 20M (a file that size takes a minute to write); the counting is the same.
  const extract = (capacity: number, files: { name: string; bytes: Uint8Array }[]) => {
    const sunk: string[] = [];
    return { sunk, done: extractParquetFiles(parquet as unknown as ParquetModule, files, (chunk) => void sunk.push(chunk.table), () => {}, { capacity }) };
  };

  it('is refused from its footer, before any row is read, with the count and what to do', async () => {
    const tables = await sqliteToParquetTables(example);
    const metrics = await scalar(engine, 'SELECT count(*) FROM metrics');
    const refused = extract(Number(metrics), tables);
    await expect(refused.done).rejects.toThrow(`METRIC.parquet holds ${Number(metrics).toLocaleString('en-US')} metric values; Trialbook opens snapshots of up to about ${Number(metrics).toLocaleString('en-US')}`);
    await expect(refused.done).rejects.toThrow(/Nothing was loaded\. Export fewer experiments, or leave out batch metrics/);
    expect(refused.sunk).toEqual([]);
    const fits = extract(Number(metrics) + 1, tables);
    await fits.done;
    expect(fits.sunk).toContain('METRIC');
  });
});
