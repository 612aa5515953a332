import type { Database } from 'sql.js';
import type { ChunkSink, ProgressListener } from './chunks.ts';
import { LabelCollector, type LabelReport } from './labels.ts';
import { LINKS, METRIC_NAME_TABLE, MetricIndex } from './metric-values.ts';
import { openDatabase, type SqliteModule } from './sqlite-module.ts';
import { ident } from './sql.ts';
import { Cells, copyConsumer, linkConsumer, metricConsumer, type RowConsumer } from './sqlite-rows.ts';
import { checkSnapshotShape, findRawTable, RAW_TABLES, SnapshotError, type RawTable } from './tables.ts';

export interface SqliteExtractOptions {
  sink: ChunkSink;
  onProgress?: ProgressListener;
  /** Rows per Arrow chunk: bounds memory and sets how often progress is reported. */
  chunkRows?: number;
  fileLabel?: string;
}

export interface SqliteExtractReport {
  rows: Record<string, number>;
  labels: LabelReport;
  /** The file was written in WAL mode: whatever was still in its -wal file is not in these bytes. */
  walMode: boolean;
  metricLinks: MetricLinkReport;
}

/** METRIC rows no link points to, and link rows that point to no METRIC row. */
export interface MetricLinkReport {
  unlinked: number;
  orphans: number;
}

/** Offsets 18 and 19 of the header hold 2 for a database in WAL mode. */
const isWalMode = (bytes: Uint8Array) => bytes[18] === 2 && bytes[19] === 2;

const SQLITE_DONE = 101;

/**
 * Reads the Experiment Manager tables of a SQLite file into Arrow chunks. Values are read with
 * sql.js's raw exports and copied from wasm memory into typed arrays: no JS value per cell
 * except for per_label_val, whose JSON has to be parsed anyway. METRIC is held in JS and
 * emitted through its link tables as per-level value rows (see metric-values.ts).
 */
export async function extractSqliteSnapshot(module: SqliteModule, bytes: Uint8Array, options: SqliteExtractOptions): Promise<SqliteExtractReport> {
  const { sink, onProgress = () => {}, chunkRows = 200_000, fileLabel = 'this file' } = options;
  let db: Database;
  try {
    db = openDatabase(module, bytes);
  } catch (error) {
    throw damaged(fileLabel, error);
  }
  try {
    const found = listTables(db, fileLabel);
    checkSnapshotShape(fileLabel, 'SQLite', new Map([...found].map(([name, info]) => [name, info.columns])));
    const rows: Record<string, number> = {};
    const labels = new LabelCollector();
    const metrics = new MetricIndex(found.get('METRIC')?.rows ?? 0);
    let orphanLinks = 0;
    for (const table of RAW_TABLES) {
      const info = found.get(table.name);
      const read = (consumer: RowConsumer) => readTable(module, db, table, info, consumer, { onProgress, chunkRows, fileLabel });
      const link = LINKS[table.name];
      if (table.name === 'METRIC') rows[table.name] = await read(metricConsumer(metrics, labels, chunkRows, sink));
      else if (link) rows[table.name] = await read(linkConsumer(link, metrics, sink, () => orphanLinks++));
      else rows[table.name] = await read(copyConsumer(table, sink));
    }
    await sink({ table: METRIC_NAME_TABLE, rows: 0, ipc: metrics.flushNames() });
    return {
      rows,
      labels: labels.report,
      walMode: isWalMode(bytes),
      metricLinks: { unlinked: metrics.unlinked(), orphans: orphanLinks },
    };
  } finally {
    db.close();
  }
}

interface FoundTable {
  actualName: string;
  columns: string[];
  /** Counted for the Experiment Manager tables only: sizes METRIC's index and every progress total. */
  rows: number;
}

function listTables(db: Database, fileLabel: string): Map<string, FoundTable> {
  let names: string[];
  try {
    names = (db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]?.values ?? []).map((row) => String(row[0]));
  } catch (error) {
    throw damaged(fileLabel, error);
  }
  const found = new Map<string, FoundTable>();
  for (const actualName of names) {
    if (actualName.startsWith('sqlite_')) continue;
    const columns = (db.exec(`PRAGMA table_info(${ident(actualName)})`)[0]?.values ?? []).map((row) => String(row[1]));
    const rows = findRawTable(actualName) ? countRows(db, actualName, fileLabel) : 0;
    found.set(actualName.toUpperCase(), { actualName, columns, rows });
  }
  return found;
}

function countRows(db: Database, table: string, fileLabel: string): number {
  try {
    return Number(db.exec(`SELECT count(*) FROM ${ident(table)}`)[0].values[0][0]);
  } catch (error) {
    throw damaged(fileLabel, error, table);
  }
}

async function readTable(
  module: SqliteModule,
  db: Database,
  table: RawTable,
  info: FoundTable | undefined,
  consumer: RowConsumer,
  options: { onProgress: ProgressListener; chunkRows: number; fileLabel: string },
): Promise<number> {
  if (!info) {
    await consumer.flush(true);
    return 0;
  }
  const total = info.rows;
  const present = new Map(info.columns.map((column) => [column.toLowerCase(), column]));
  const select = consumer.columns.map((name) => (present.has(name) ? ident(present.get(name)!) : 'NULL')).join(', ');
  const order = consumer.orderBy && present.has(consumer.orderBy) ? ` ORDER BY ${ident(present.get(consumer.orderBy)!)}` : '';
  const statement = prepare(module, db, `SELECT ${select} FROM ${ident(info.actualName)}${order}`, options.fileLabel);
  const cells = new Cells(module, statement, options.fileLabel, table.name);
  let done = 0;
  try {
    for (;;) {
      const rows = consumer.rows(cells, options.chunkRows);
      done += rows;
      if (cells.ended) break;
      await consumer.flush(false);
      options.onProgress({ table: table.name, rowsDone: done, rowsTotal: total });
    }
    if (cells.ended !== SQLITE_DONE) throw damaged(options.fileLabel, lastError(module, db), info.actualName);
  } finally {
    module.raw._sqlite3_finalize(statement);
  }
  await consumer.flush(true);
  options.onProgress({ table: table.name, rowsDone: done, rowsTotal: total });
  return done;
}

function prepare(module: SqliteModule, db: Database, sql: string, fileLabel: string): number {
  const { raw, memory } = module;
  const text = raw.stringToNewUTF8(sql);
  const out = raw._malloc(4);
  try {
    const code = raw._sqlite3_prepare_v2(dbPointer(db), text, -1, out, 0);
    if (code !== 0) throw damaged(fileLabel, lastError(module, db));
    return new Int32Array(memory.buffer, out, 1)[0];
  } finally {
    raw._free(text);
    raw._free(out);
  }
}

function lastError({ raw }: SqliteModule, db: Database): string {
  return raw.UTF8ToString(raw._sqlite3_errmsg(dbPointer(db)));
}

/** sql.js keeps the sqlite3* handle in `db.db`; it is not in the type declarations. */
function dbPointer(db: Database): number {
  return (db as unknown as { db: number }).db;
}

function damaged(fileLabel: string, error: unknown, table?: string): SnapshotError {
  const reason = error instanceof Error ? error.message : String(error);
  const where = table ? ` while reading table ${table}` : '';
  return new SnapshotError(
    `${fileLabel} could not be read as SQLite${where}: ${reason}. The file is damaged or was cut short (an interrupted copy or download?); copy it again from the experiment workspace.`,
  );
}
