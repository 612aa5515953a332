// Writes one benchmark snapshot as Experiment Manager SQLite and as the flat Parquet file that
// `trialbook convert` writes. Run by main.ts in its own process (10M rows take ~2 GB and minutes).
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createNodeEngine } from '../src/engine/node.ts';
import { loadSnapshot } from '../src/ingest/load.ts';
import { extractInProcess } from '../src/ingest/node-readers.ts';
import { batchesToParquet } from '../src/result/export/parquet.ts';
import { generateSnapshot } from '../src/sample/generate.ts';
import { flatExportBatches } from '../src/snapshot/flat-export.ts';
import { dataFiles, generateOptions, generatorKey, isSizeLabel } from './sizes.ts';

const label = process.argv[2];
if (!isSizeLabel(label)) throw new Error(`unknown size ${label}`);
const files = dataFiles(label);
mkdirSync(files.dir, { recursive: true });
const started = performance.now();
const bytes = await generateSnapshot(generateOptions(label));
writeFileSync(files.sqlite, bytes);
const engine = await createNodeEngine();
await loadSnapshot(engine, [{ name: 'tracker.db', bytes }], extractInProcess);
// Streamed: at 10M rows the export does not fit in one wasm buffer.
await pipeline(Readable.fromWeb((await batchesToParquet(flatExportBatches(engine), await import('parquet-wasm/node'))) as never), createWriteStream(files.parquet));
const metricRows = Number((await engine.query('SELECT count(*) AS n FROM metrics')).get(0)!.n);
await engine.close();
writeFileSync(files.key, generatorKey(label));
console.error(`  generated ${label}: ${(bytes.length / 1e6).toFixed(0)} MB SQLite, ${metricRows.toLocaleString('en-US')} metric rows, in ${((performance.now() - started) / 1000).toFixed(0)} s`);
