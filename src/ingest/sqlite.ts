import type { Database } from 'sql.js';
import type { ChunkSink, ProgressListener } from './chunks.ts';
import { buildersFor, flushToIPC, IntColumn, NumberColumn, type TextColumn } from './columns.ts';
import { LABEL_TABLE, LabelCollector, type LabelReport } from './labels.ts';
import type { SqliteModule } from './sqlite-module.ts';
import { checkSnapshotShape, RAW_TABLES, SnapshotError, type RawTable } from './tables.ts';

export interface SqliteExtractOptions {
  sink: ChunkSink;
  onProgress?: ProgressListener;
  /** Rows per Arrow chunk: bounds memory and sets how often progress is reported. */
  chunkRows?: number;
  fileLabel?: string;
}

export interface SqliteExtractReport {
  tables: string[];
  rows: Record<string, number>;
  labels: LabelReport;
  /** The file was written in WAL mode: whatever was still in its -wal file is not in these bytes. */
  walMode: boolean;
}

/** Offsets 18 and 19 of the header hold 2 for a database in WAL mode. */
const isWalMode = (bytes: Uint8Array) => bytes[18] === 2 && bytes[19] === 2;

const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
const SQLITE_NULL = 5;

/**
 * Reads the Experiment Manager tables of a SQLite file into Arrow chunks. Values are read with
 * sql.js's raw exports and copied from wasm memory into typed arrays: no JS value per cell
 * except for per_label_val, whose JSON has to be parsed anyway.
 */
export async function extractSqliteSnapshot(module: SqliteModule, bytes: Uint8Array, options: SqliteExtractOptions): Promise<SqliteExtractReport> {
  const { sink, onProgress = () => {}, chunkRows = 200_000, fileLabel = 'this file' } = options;
  let db: Database;
  try {
    db = new module.sql.Database(bytes);
  } catch (error) {
    throw damaged(fileLabel, error);
  }
  try {
    const found = listTables(db, fileLabel);
    checkSnapshotShape(fileLabel, 'SQLite', new Map([...found].map(([name, info]) => [name, info.columns])));
    const rows: Record<string, number> = {};
    const labels = new LabelCollector();
    for (const table of RAW_TABLES) {
      const info = found.get(table.name);
      const total = info ? countRows(db, info.actualName, fileLabel) : 0;
      rows[table.name] = await readTable(module, db, table, info, total, labels, { sink, onProgress, chunkRows, fileLabel });
    }
    await sink({ table: LABEL_TABLE, rows: labels.length, ipc: labels.flush() });
    return { tables: [...found.keys()], rows, labels: labels.report, walMode: isWalMode(bytes) };
  } finally {
    db.close();
  }
}

interface FoundTable {
  actualName: string;
  columns: string[];
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
    const columns = (db.exec(`PRAGMA table_info(${quoteSqlite(actualName)})`)[0]?.values ?? []).map((row) => String(row[1]));
    found.set(actualName.toUpperCase(), { actualName, columns });
  }
  return found;
}

function countRows(db: Database, table: string, fileLabel: string): number {
  try {
    return Number(db.exec(`SELECT count(*) FROM ${quoteSqlite(table)}`)[0].values[0][0]);
  } catch (error) {
    throw damaged(fileLabel, error, table);
  }
}

async function readTable(
  module: SqliteModule,
  db: Database,
  table: RawTable,
  info: FoundTable | undefined,
  total: number,
  labels: LabelCollector,
  options: Required<SqliteExtractOptions>,
): Promise<number> {
  const names = Object.keys(table.columns);
  const withLabels = table.name === 'METRIC';
  const stored = withLabels ? names.filter((name) => name !== 'per_label_val') : names;
  const builders = buildersFor(Object.fromEntries(stored.map((name) => [name, table.columns[name]])));
  const flush = async (rows: number) => {
    await options.sink({ table: table.name, ipc: flushToIPC(builders), rows });
    if (labels.length >= options.chunkRows) await options.sink({ table: LABEL_TABLE, rows: labels.length, ipc: labels.flush() });
  };
  if (!info) {
    await flush(0);
    return 0;
  }
  const present = new Map(info.columns.map((column) => [column.toLowerCase(), column]));
  const select = names.map((name) => (present.has(name) ? quoteSqlite(present.get(name)!) : 'NULL')).join(', ');
  const statement = prepare(module, db, `SELECT ${select} FROM ${quoteSqlite(info.actualName)}`, options.fileLabel);
  const { raw, memory } = module;
  const readers = stored.map((name, column) => {
    const builder = builders[name];
    if (builder instanceof IntColumn) {
      return () => {
        if (raw._sqlite3_column_type(statement, column) === SQLITE_NULL) return builder.push(null);
        const value = raw._sqlite3_column_double(statement, column);
        if (value !== (value | 0)) throw notAnId(options.fileLabel, table.name, name, value);
        builder.push(value);
      };
    }
    if (builder instanceof NumberColumn) {
      return () => builder.push(raw._sqlite3_column_type(statement, column) === SQLITE_NULL ? null : raw._sqlite3_column_double(statement, column));
    }
    const text = builder as TextColumn;
    return () => {
      const pointer = raw._sqlite3_column_text(statement, column);
      if (pointer === 0) return text.pushBytes(null, 0, 0);
      const size = raw._sqlite3_column_bytes(statement, column);
      if (heap.buffer !== memory.buffer) heap = new Uint8Array(memory.buffer);
      text.pushBytes(heap, pointer, size);
    };
  });
  const labelColumn = names.indexOf('per_label_val');
  let heap = new Uint8Array(memory.buffer);
  let done = 0;
  let inChunk = 0;
  try {
    let code: number;
    while ((code = raw._sqlite3_step(statement)) === SQLITE_ROW) {
      for (let i = 0; i < readers.length; i++) readers[i]();
      if (withLabels) {
        const pointer = raw._sqlite3_column_text(statement, labelColumn);
        if (pointer !== 0) labels.add(raw._sqlite3_column_double(statement, 0), raw.UTF8ToString(pointer));
      }
      if (++inChunk === options.chunkRows) {
        done += inChunk;
        await flush(inChunk);
        inChunk = 0;
        options.onProgress({ table: table.name, rowsDone: done, rowsTotal: total });
      }
    }
    if (code !== SQLITE_DONE) throw damaged(options.fileLabel, raw.UTF8ToString(raw._sqlite3_errmsg(dbPointer(db))), info.actualName);
  } finally {
    raw._sqlite3_finalize(statement);
  }
  if (inChunk > 0 || done === 0) await flush(inChunk);
  done += inChunk;
  options.onProgress({ table: table.name, rowsDone: done, rowsTotal: total });
  return done;
}

function prepare(module: SqliteModule, db: Database, sql: string, fileLabel: string): number {
  const { raw, memory } = module;
  const text = raw.stringToNewUTF8(sql);
  const out = raw._malloc(4);
  try {
    const code = raw._sqlite3_prepare_v2(dbPointer(db), text, -1, out, 0);
    if (code !== 0) throw damaged(fileLabel, raw.UTF8ToString(raw._sqlite3_errmsg(dbPointer(db))));
    return new Int32Array(memory.buffer, out, 1)[0];
  } finally {
    raw._free(text);
    raw._free(out);
  }
}

/** sql.js keeps the sqlite3* handle in `db.db`; it is not in the type declarations. */
function dbPointer(db: Database): number {
  return (db as unknown as { db: number }).db;
}

export function quoteSqlite(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function notAnId(fileLabel: string, table: string, column: string, value: number): SnapshotError {
  return new SnapshotError(`${fileLabel}: ${table}.${column} holds ${value}, which is not an id or index (a whole number below 2^31). The file was edited or damaged.`);
}

function damaged(fileLabel: string, error: unknown, table?: string): SnapshotError {
  const reason = error instanceof Error ? error.message : String(error);
  const where = table ? ` while reading table ${table}` : '';
  return new SnapshotError(
    `${fileLabel} could not be read as SQLite${where}: ${reason}. The file is damaged or was cut short (an interrupted copy or download?); copy it again from the experiment workspace.`,
  );
}
