// Runs one peer on one snapshot size in a process of its own, so that its peak memory is its
// own, and prints a PeerRun as JSON on stdout. Started by main.ts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Table } from 'apache-arrow';
import { createNodeEngine } from '../src/engine/node.ts';
import type { Engine } from '../src/engine/engine.ts';
import { loadSnapshot } from '../src/ingest/load.ts';
import { extractInProcess, nodeReaderModules } from '../src/ingest/node-readers.ts';
import { readParquetChunks } from '../src/ingest/parquet.ts';
import { readCatalog } from '../src/query/catalog.ts';
import { writeQueryAsParquet } from '../src/cli/write-parquet.ts';
import { peakRss, time, type Timing } from './measure.ts';
import { nativePeer } from './peers/native.ts';
import type { Peer } from './peers/peer.ts';
import { plainJsPeer, type CanonicalTables } from './peers/plain-js.ts';
import { sqljsPeer } from './peers/sqljs.ts';
import { trialbookPeer, trialIds } from './peers/trialbook.ts';
import { CANONICAL_TABLES, dataFiles, isSizeLabel, type SizeLabel } from './sizes.ts';
import { workloadStatements } from './statements.ts';
import { WORKLOAD_IDS, type Answer, type WorkloadId } from './workloads.ts';

export const PEERS = ['trialbook', 'native-1', 'native-all', 'sqljs', 'plain-js'] as const;
export type PeerId = (typeof PEERS)[number];

export interface LoadFigure {
  /** What was loaded: the SQLite file, the flat Parquet file, or (peers) the canonical tables. */
  input: string;
  /** Metric rows made available, and (SQLite) rows read from the file's tables. */
  metricRows: number;
  fileRows?: number;
  /** Absent when the load failed: then `error` says why (a result in itself). */
  timing?: Timing;
  error?: string;
}

/** Answers travel as JSON: NaN as null. */
export interface WireAnswer {
  columns: string[];
  rows: (number | null)[][];
}

export interface PeerRun {
  peer: PeerId;
  name: string;
  size: SizeLabel;
  loads: LoadFigure[];
  workloads: Partial<Record<WorkloadId, { timing: Timing; answer: WireAnswer }>>;
  peakRssBytes: number;
}

async function main() {
  const [peer, size, runsText] = process.argv.slice(2);
  if (!(PEERS as readonly string[]).includes(peer) || !isSizeLabel(size)) throw new Error(`usage: child.ts <${PEERS.join('|')}> <size> <runs>`);
  const runs = Number(runsText);
  const { subject, loads, finish } = await open(peer as PeerId, size, runs);
  const workloads: PeerRun['workloads'] = {};
  for (const id of WORKLOAD_IDS) {
    const { timing, last } = await time(runs, () => subject.answer(id));
    workloads[id] = { timing, answer: toWire(last) };
    process.stderr.write('.');
  }
  await finish?.();
  subject.close();
  const result: PeerRun = { peer: peer as PeerId, name: subject.name, size, loads, workloads, peakRssBytes: peakRss() };
  process.stdout.write(JSON.stringify(result));
}

interface Opened {
  subject: Peer;
  loads: LoadFigure[];
  /** Work after the timed part (Trialbook writes the other peers' inputs). */
  finish?: () => Promise<void>;
}

async function open(peer: PeerId, size: SizeLabel, runs: number): Promise<Opened> {
  const files = dataFiles(size);
  if (peer === 'trialbook') {
    // Each load goes into a fresh engine, as in a fresh tab: replacing an open 10M-row snapshot
    // holds both in memory until the new one is complete, which wasm's 4 GB cannot.
    let engine = await createNodeEngine();
    const load = async (input: string, name: string, path: string): Promise<LoadFigure> => {
      const bytes = readFileSync(path);
      try {
        const { timing, last } = await time(runs, async () => {
          await engine.close();
          engine = await createNodeEngine();
          const started = performance.now();
          const report = await loadSnapshot(engine, [{ name, bytes }], extractInProcess);
          return { report, ms: performance.now() - started };
        }, (result) => result.ms);
        const fileRows = last.report.layout === 'sqlite' ? { fileRows: Object.values(last.report.rawRows).reduce((a, b) => a + b, 0) } : {};
        return { input, metricRows: last.report.metricRows, timing, ...fileRows };
      } catch (error) {
        return { input, metricRows: 0, error: error instanceof Error ? error.message : String(error) };
      }
    };
    // SQLite last, so the tables the workloads and the peers read come from the tracker's own file.
    const parquet = await load('flat Parquet', 'metrics.parquet', files.parquet);
    const sqlite = await load('SQLite', 'tracker.db', files.sqlite);
    if (sqlite.error) throw new Error(`the SQLite snapshot did not load: ${sqlite.error}`);
    return { subject: await trialbookPeer(engine), loads: [sqlite, parquet], finish: () => writePeerInputs(engine, files) };
  }
  if (peer === 'sqljs') {
    const bytes = readFileSync(files.sqlite);
    const { sql } = await nodeReaderModules.sqlite();
    // What a sql.js tool does before its first query: hand the bytes to SQLite.
    const { timing } = await time(runs, () => new sql.Database(bytes).close());
    // Counted outside the timed part, which used to include this query.
    const db = new sql.Database(bytes);
    const metricRows = Number(db.exec('SELECT (SELECT count(*) FROM RESULTS_METRIC) + (SELECT count(*) FROM EPOCH_METRIC) + (SELECT count(*) FROM BATCH_METRIC)')[0].values[0][0]);
    db.close();
    return { subject: sqljsPeer(sql, bytes), loads: [{ input: 'SQLite (open)', metricRows, timing }] };
  }
  if (peer === 'plain-js') {
    const parquet = await nodeReaderModules.parquet();
    // In chunks, as ingest reads: parquet-wasm cannot hold 10M rows' decoded columns at once.
    const read = async (table: string): Promise<Table> => {
      const parts: Table[] = [];
      for await (const chunk of readParquetChunks(parquet, { name: table, bytes: readFileSync(join(files.canonical, `${table}.parquet`)) })) parts.push(chunk.rows);
      return new Table(parts.flatMap((part) => part.batches));
    };
    const { timing, last } = await time(runs, async () => {
      const tables: Record<string, Table> = {};
      for (const name of CANONICAL_TABLES) tables[name] = await read(name);
      return tables as unknown as CanonicalTables;
    });
    return { subject: plainJsPeer(last), loads: [{ input: 'canonical tables (Parquet → Arrow)', metricRows: last.metrics.numRows, timing }] };
  }
  const catalog = JSON.parse(readFileSync(join(files.canonical, 'catalog.json'), 'utf8'));
  const native = await nativePeer({
    canonical: files.canonical,
    statements: JSON.parse(readFileSync(files.statements, 'utf8')) as Record<WorkloadId, string[]>,
    threads: peer === 'native-1' ? 1 : availableParallelism(),
    trialId: trialIds(catalog),
  });
  const { timing, last } = await time(runs, () => native.loadTables());
  return { subject: native, loads: [{ input: 'canonical tables (Parquet)', metricRows: last, timing }] };
}

/** The canonical tables as Parquet, the catalog and the SQL ran: what the other peers read. */
async function writePeerInputs(engine: Engine, files: ReturnType<typeof dataFiles>) {
  mkdirSync(files.canonical, { recursive: true });
  for (const table of CANONICAL_TABLES) await writeQueryAsParquet(engine, `SELECT * FROM ${table}`, join(files.canonical, `${table}.parquet`));
  const catalog = await readCatalog(engine);
  writeFileSync(join(files.canonical, 'catalog.json'), JSON.stringify(catalog));
  writeFileSync(files.statements, JSON.stringify(workloadStatements(catalog)));
}

const toWire = (answer: Answer): WireAnswer => ({ columns: answer.columns, rows: answer.rows.map((row) => row.map((v) => (Number.isNaN(v) ? null : v))) });

export const fromWire = (answer: WireAnswer): Answer => ({ columns: answer.columns, rows: answer.rows.map((row) => row.map((v) => (v === null ? NaN : v))) });

if (process.argv[1] === import.meta.filename) await main();
