// Writes one benchmark snapshot as Experiment Manager SQLite and as the flat Parquet file that
// `trialbook convert` writes. Run by main.ts in its own process (10M rows take ~2 GB and minutes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeQueryAsParquet } from '../src/cli/write-parquet.ts';
import { createNodeEngine } from '../src/engine/node.ts';
import { loadSnapshot } from '../src/ingest/load.ts';
import { extractInProcess } from '../src/ingest/node-readers.ts';
import { generateSnapshot } from '../src/sample/generate.ts';
import { FLAT_EXPORT_SQL } from '../src/snapshot/flat-export.ts';
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
const { rows: metricRows } = await writeQueryAsParquet(engine, FLAT_EXPORT_SQL, files.parquet);
await engine.close();
writeFileSync(files.key, generatorKey(label));
console.error(`  generated ${label}: ${(bytes.length / 1e6).toFixed(0)} MB SQLite, ${metricRows.toLocaleString('en-US')} metric rows, in ${((performance.now() - started) / 1000).toFixed(0)} s`);
