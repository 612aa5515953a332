import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as parquet from 'parquet-wasm/node';
import { fetchSnapshot } from '../../../src/app/fetch-snapshot.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import type { RangeStats } from '../../../src/ingest/hosted.ts';
import { LoadCancelledError, loadSnapshot, type LoadReport } from '../../../src/ingest/load.ts';
import { extractInProcess } from '../../../src/ingest/node-readers.ts';
import { extractParquetFiles, type NamedFile, type ParquetModule } from '../../../src/ingest/parquet.ts';
import { createNodeEngine, load, rows } from '../../fixtures/engine.ts';
import { sqliteToParquetTables } from '../../fixtures/parquet.ts';
import { buildTrapSnapshot } from '../../fixtures/trap-snapshot.ts';
import { flatParquetWithNotes, serveFile, type FileServer, type RangeMode } from '../../fixtures/hosted-parquet.ts';

const CONTENT_SQL = [
  'SELECT run_id, trial_id, experiment_id, level, epoch, batch, metric, value FROM metrics ORDER BY ALL',
  'SELECT run_id, trial_id, experiment_id, status FROM runs ORDER BY ALL',
  'SELECT trial_id, experiment_id, trial FROM trials ORDER BY ALL',
];

const bytes = flatParquetWithNotes();
let reference: Engine;
let engine: Engine;
let server: FileServer | undefined;
beforeAll(async () => {
  reference = await createNodeEngine();
  engine = await createNodeEngine();
  await load(reference, { name: 'flat.parquet', bytes });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  await reference.close();
  await engine.close();
});

async function hosted(mode: RangeMode, options: { base?: string; delayMs?: number } = {}): Promise<NamedFile> {
  server = await serveFile(bytes, { mode, delayMs: options.delayMs });
  const url = server.url('flat.parquet');
  return fetchSnapshot(url, () => {}, options.base ?? url);
}

const loadHosted = (file: NamedFile, signal?: AbortSignal): Promise<LoadReport> => loadSnapshot(engine, [file], extractInProcess, undefined, signal);

async function expectSameTables() {
  for (const sql of CONTENT_SQL) expect(await rows(engine, sql)).toEqual(await rows(reference, sql));
}

describe('a hosted flat Parquet file on a server with range requests', () => {
  it('reads only the footer and the known columns, and gives the same tables as the whole file', async () => {
    const file = await hosted('ranges');
    expect(file.hosted).toEqual({ url: server!.url('flat.parquet'), size: bytes.length, read: 'ranges' });
    expect(file.bytes.length).toBe(8);
    const report = await loadHosted(file);
    await expectSameTables();
    expect(report.layout).toBe('parquet-flat');
    expect(report.bytes).toBe(bytes.length);
    // The notes column is nearly all of the file; its chunks are never asked for.
    const served = server!.bytesServed();
    expect(served).toBeLessThan(bytes.length / 4);
    expect(server!.requests.every((request) => request.method === 'GET' && request.range)).toBe(true);
    // Read by the worker: everything but the probe's 8 bytes, in every request but the probe.
    expect(report.hosted).toEqual([{ file: 'flat.parquet', size: bytes.length, read: 'ranges', bytesRead: served - 8, bytesNeeded: served - 8, requests: server!.requests.length - 1 }]);
  });

  it('fetches each chunk of row groups in its turn, with progress in bytes', async () => {
    const file = await hosted('ranges');
    const chunks: number[] = [];
    const progress: RangeStats[] = [];
    await loadSnapshot(engine, [file], (files, sink, onProgress) =>
      extractParquetFiles(parquet as unknown as ParquetModule, files, (chunk) => (chunk.table === 'FLAT' && chunks.push(chunk.rows), sink(chunk)), (step) => {
        if (step.ranged) progress.push(step.ranged);
        onProgress(step);
      }, { chunkRows: 20_000 }).then((report) => ({ ...report, layout: 'parquet-flat' as const })));
    await expectSameTables();
    expect(chunks).toEqual([20_000, 20_000]);
    const needed = progress[0].bytesNeeded;
    expect(progress.every((step) => step.bytesNeeded === needed && step.size === bytes.length)).toBe(true);
    expect(progress.at(-1)!.bytesRead).toBe(needed);
    expect(progress.map((step) => step.bytesRead)).toEqual([...progress.map((step) => step.bytesRead)].sort((a, b) => a - b));
    // The probe, the footer, and per chunk of two row groups three ranges: the columns before
    // notes, the columns after it joined to the next group's first ones, the next group's last ones.
    expect(server!.requests.length).toBe(1 + 1 + 2 * 3);
  });

  it('stops its requests when the load is cancelled', async () => {
    const file = await hosted('ranges', { delayMs: 200 });
    const stop = new AbortController();
    const loading = loadHosted(file, stop.signal);
    // Once the footer is read, while the column chunks are asked for (each answer waits 200 ms).
    const footerRead = () => server!.requests.length > 2;
    while (!footerRead()) await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    await expect(loading).rejects.toBeInstanceOf(LoadCancelledError);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const chunkRequests = server!.requests.slice(2);
    expect(chunkRequests.length).toBeGreaterThan(0);
    expect(chunkRequests.every((request) => request.aborted && request.bytes === 0)).toBe(true);
  });
});

describe('hosted per-table Parquet files on a server with range requests', () => {
  it('are read by ranges, every column, into the same tables as the files in memory', async () => {
    const files = await sqliteToParquetTables(await buildTrapSnapshot());
    const other = await createNodeEngine();
    try {
      await load(other, files);
      server = await serveFile(Object.fromEntries(files.map((file) => [file.name, file.bytes])));
      const opened = await Promise.all(files.map((file) => fetchSnapshot(server!.url(`export/${file.name}`), () => {}, server!.origin)));
      expect(opened.every((file) => file.hosted?.read === 'ranges')).toBe(true);
      const report = await loadSnapshot(engine, opened, extractInProcess);
      expect(report.layout).toBe('parquet-tables');
      expect(report.hosted.map((hosted) => hosted.file).sort()).toEqual(files.map((file) => file.name).sort());
      for (const sql of [...CONTENT_SQL, 'SELECT run_id, level, metric, label, value FROM label_metrics ORDER BY ALL']) expect(await rows(engine, sql)).toEqual(await rows(other, sql));
    } finally {
      await other.close();
    }
  });
});

describe('a hosted flat Parquet file without usable range requests', () => {
  it('is downloaded whole when the server ignores ranges, in one request, and says why', async () => {
    const file = await hosted('whole');
    expect(server!.requests).toHaveLength(1);
    expect(Buffer.from(file.bytes).equals(bytes)).toBe(true);
    const report = await loadHosted(file);
    await expectSameTables();
    expect(report.hosted).toEqual([{ file: 'flat.parquet', size: bytes.length, read: 'whole', because: 'The server does not support range requests' }]);
  });

  it('is downloaded whole when the answer does not say which bytes it holds', async () => {
    const file = await hosted('no-content-range', { base: 'http://127.0.0.1:1/' });
    expect(file.hosted).toMatchObject({ read: 'whole', because: expect.stringMatching(/does not let this page read the Content-Range header/) });
    await loadHosted(file);
    await expectSameTables();
  });
});

describe('a server that answers ranges wrongly', () => {
  it('fails the load with what was wrong when an answer is cut short, and the reader still works after', async () => {
    const error = await loadHosted(await hosted('truncated')).catch((e: Error) => e);
    expect(String(error)).toMatch(/^SnapshotError: flat\.parquet: asked for bytes \d+–\d+, the server at 127\.0\.0\.1:\d+ stopped sending after \d+ of \d+ bytes .*It does not serve byte ranges correctly/);
    await loadHosted(await hosted('ranges'));
    await expectSameTables();
  });

  it('fails the load when the bytes sent are not the ones asked for', async () => {
    const error = await loadHosted(await hosted('shifted')).catch((e: Error) => e);
    expect(String(error)).toMatch(/asked for bytes (\d+)–\d+, the server at .* sent bytes \d+–\d+\. It does not serve byte ranges correctly/);
  });
});
