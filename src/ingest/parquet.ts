import { tableFromIPC, type Table } from 'apache-arrow';
import type { ChunkSink, ExtractProgress, ProgressListener } from './chunks.ts';
import { checkMetricValues } from './capacity.ts';
import { buildersFor, flushToIPC } from './columns.ts';
import { FLAT_COLUMNS, FLAT_REQUIRED, FLAT_TABLE } from './flat.ts';
import { readByRanges, type Hosted, type RangeStats } from './hosted.ts';
import { openHostedSource } from './hosted-source.ts';
import { LABEL_TABLE, LabelCollector, type LabelReport } from './labels.ts';
import { openBytesSource, type ParquetSource, type SourceOptions } from './parquet-source.ts';
import { checkSnapshotShape, findRawTable, RAW_TABLES, SnapshotError } from './tables.ts';

interface ReadOptions {
  batchSize?: number;
  columns?: string[];
  rowGroups?: number[];
}

interface IPCData {
  intoIPCStream(): Uint8Array;
}

/** The parts of parquet-wasm ingest uses; the Node and browser builds both provide them. */
export interface ParquetModule {
  readParquet(bytes: Uint8Array, options?: ReadOptions | null): IPCData;
  readSchema(bytes: Uint8Array): IPCData;
  ParquetFile: {
    fromFile(file: Blob): Promise<{ metadata(): { rowGroups(): { numRows(): number }[] }; schema(): IPCData; read(options?: ReadOptions | null): Promise<IPCData>; free(): void }>;
  };
}

export interface NamedFile {
  name: string;
  /** The file's bytes; for a file read by ranges from its host (`hosted.read === 'ranges'`), only its first ones. */
  bytes: Uint8Array;
  /** Set for a file opened from an address. */
  hosted?: Hosted;
}

export interface ParquetExtractReport {
  layout: 'tables' | 'flat';
  rows: Record<string, number>;
  labels: LabelReport;
  /** What each file read by ranges from its host cost. */
  ranged: RangeStats[];
}

/**
 * Rows read at a time, in whole row groups: a 10M-row file read at once needs more memory than
 * wasm has (parquet-wasm traps with "unreachable").
 */
const CHUNK_ROWS = 1 << 20;

export interface ParquetExtractOptions {
  /** At most this many rows per chunk, unless one row group holds more. */
  chunkRows?: number;
  /** Stops the requests of files read by ranges. */
  signal?: AbortSignal;
  /** Files with more metric values are refused before any row is read. */
  capacity?: number;
}

/**
 * Parquet comes in two layouts: one file per Experiment Manager table (named after it, several
 * dropped at once), or one flat metrics file. The layout is decided by file names and columns.
 */
export async function extractParquetFiles(
  parquet: ParquetModule,
  files: NamedFile[],
  sink: ChunkSink,
  onProgress: ProgressListener = () => {},
  options: ParquetExtractOptions = {},
): Promise<ParquetExtractReport> {
  const progress = progressWithBytes(onProgress);
  const sources: ParquetSource[] = [];
  try {
    for (const file of files) sources.push(await openParquetSource(parquet, file, { signal: options.signal, onProgress: progress.bytes }));
    checkCapacity(sources, options.capacity);
    const report = await extractSources(sources, sink, progress.rows, options.chunkRows);
    return { ...report, ranged: sources.flatMap((source) => source.stats() ?? []) };
  } finally {
    for (const source of sources) source.close();
  }
}

async function extractSources(sources: ParquetSource[], sink: ChunkSink, onProgress: ProgressListener, chunkRows?: number): Promise<Omit<ParquetExtractReport, 'ranged'>> {
  const read = (source: ParquetSource, columns?: string[]) => sourceChunks(source, chunkRows, columns);
  const tables = sources.filter((source) => findRawTable(baseName(source.name)));
  const flat = sources.filter((source) => !findRawTable(baseName(source.name)));
  if (tables.length && flat.length) {
    throw new SnapshotError(
      `${flat.map((f) => f.name).join(', ')} ${flat.length > 1 ? 'are' : 'is'} not named after an Experiment Manager table, but ${tables.map((f) => f.name).join(', ')} ${tables.length > 1 ? 'are' : 'is'}: drop either the per-table files of one export or a single flat metrics file.`,
    );
  }
  const labels = new LabelCollector();
  if (tables.length) return extractTables(read, tables, labels, sink, onProgress);
  if (flat.length > 1) {
    throw new SnapshotError(`${flat.map((f) => f.name).join(', ')}: several flat metrics files were given; open one at a time, or name per-table files after their tables (EXPERIMENT.parquet, TRIAL.parquet, …).`);
  }
  return extractFlat(read, flat[0], labels, sink, onProgress);
}

/** The metric values the files hold, by their footers: the flat file's rows, or METRIC's. */
function checkCapacity(sources: ParquetSource[], capacity?: number) {
  const metric = sources.find((source) => findRawTable(baseName(source.name))?.name === 'METRIC');
  const flat = sources.filter((source) => !findRawTable(baseName(source.name)));
  const counted = metric ? [metric] : flat;
  checkMetricValues(counted.map((source) => source.name).join(', '), counted.reduce((sum, source) => sum + sourceRows(source), 0), capacity);
}

/**
 * Row progress, with the byte progress of a file read by ranges beside it: its bytes arrive
 * between chunks, and the page shows them rather than rows while they do.
 */
function progressWithBytes(onProgress: ProgressListener) {
  let last: ExtractProgress = { table: '', rowsDone: 0, rowsTotal: 0 };
  let ranged: RangeStats | undefined;
  return {
    rows(progress: ExtractProgress) {
      last = progress;
      onProgress(ranged ? { ...progress, ranged } : progress);
    },
    bytes(stats: RangeStats) {
      ranged = stats;
      onProgress({ ...last, ranged });
    },
  };
}

type ChunkReader = (source: ParquetSource, columns?: string[]) => AsyncGenerator<Chunk>;

async function extractTables(
  read: ChunkReader,
  files: ParquetSource[],
  labels: LabelCollector,
  sink: ChunkSink,
  onProgress: ProgressListener,
): Promise<Omit<ParquetExtractReport, 'ranged'>> {
  const byTable = new Map(files.map((file) => [findRawTable(baseName(file.name))!.name, file]));
  checkSnapshotShape(files.map((f) => f.name).join(', '), 'Parquet tables', new Map([...byTable].map(([name, file]) => [name, file.columns])));
  const rows: Record<string, number> = {};
  for (const table of RAW_TABLES) {
    const file = byTable.get(table.name);
    if (!file) {
      await sink({ table: table.name, ipc: flushToIPC(buildersFor(table.columns)), rows: 0 });
      rows[table.name] = 0;
      continue;
    }
    rows[table.name] = 0;
    for await (const chunk of read(file)) {
      if (table.name === 'METRIC') collectLabels(labels, chunk.rows, file.name, { idColumn: 'id' });
      await sink({ table: table.name, ipc: chunk.ipc, rows: chunk.rows.numRows });
      rows[table.name] += chunk.rows.numRows;
      onProgress({ table: table.name, rowsDone: rows[table.name], rowsTotal: chunk.total });
    }
  }
  await sink({ table: LABEL_TABLE, rows: labels.length, ipc: labels.flush() });
  return { layout: 'tables', rows, labels: labels.report };
}

async function extractFlat(
  read: ChunkReader,
  file: ParquetSource,
  labels: LabelCollector,
  sink: ChunkSink,
  onProgress: ProgressListener,
): Promise<Omit<ParquetExtractReport, 'ranged'>> {
  const missing = FLAT_REQUIRED.filter((column) => !file.columns.includes(column));
  if (missing.length) {
    throw new SnapshotError(
      `${file.name} is a Parquet file but neither an Experiment Manager table (its name is not EXPERIMENT.parquet, TRIAL.parquet, …) nor a flat metrics file (it lacks ${missing.join(', ')}); found columns: ${file.columns.join(', ') || 'none'}.`,
    );
  }
  const known = file.columns.filter((column) => column in FLAT_COLUMNS);
  let rows = 0;
  for await (const chunk of read(file, known)) {
    if (known.includes('per_label_val')) collectLabels(labels, chunk.rows, file.name, { firstRow: rows });
    await sink({ table: FLAT_TABLE, ipc: chunk.ipc, rows: chunk.rows.numRows });
    rows += chunk.rows.numRows;
    onProgress({ table: FLAT_TABLE, rowsDone: rows, rowsTotal: chunk.total });
  }
  await sink({ table: LABEL_TABLE, rows: labels.length, ipc: labels.flush() });
  return { layout: 'flat', rows: { [FLAT_TABLE]: rows }, labels: labels.report };
}

/**
 * per_label_val keyed by the metric id, or for the flat file by row position (DuckDB's rowid:
 * the chunk's first row is `firstRow` of the file).
 */
function collectLabels(labels: LabelCollector, table: Table, fileName: string, key: { idColumn: string } | { firstRow: number }) {
  const texts = table.getChild('per_label_val');
  if (!texts || texts.nullCount === texts.length) return;
  const idColumn = 'idColumn' in key ? key.idColumn : null;
  const firstRow = 'firstRow' in key ? key.firstRow : 0;
  const ids = idColumn ? table.getChild(idColumn) : null;
  if (idColumn && !ids) throw new SnapshotError(`${fileName} has per_label_val but no ${idColumn} column.`);
  let row = 0;
  for (const data of texts.data) {
    // Most rows have none: skipping them by their validity bits is ~50x faster than get() on each.
    const bits = data.nullCount > 0 ? data.nullBitmap : undefined;
    for (let i = 0; i < data.length; i++, row++) {
      const at = data.offset + i;
      if (bits && !(bits[at >> 3] & (1 << (at & 7)))) continue;
      const text = texts.get(row);
      if (text != null) labels.add(ids ? Number(ids.get(row)) : firstRow + row, String(text));
    }
  }
}

export interface Chunk {
  ipc: Uint8Array;
  rows: Table;
  /** Rows in the whole file. */
  total: number;
}

/** The file in chunks of whole row groups (at least one chunk, which may be empty). */
export async function* readParquetChunks(parquet: ParquetModule, file: NamedFile, chunkRows = CHUNK_ROWS, columns?: string[]): AsyncGenerator<Chunk> {
  const source = await openParquetSource(parquet, file);
  try {
    yield* sourceChunks(source, chunkRows, columns);
  } finally {
    source.close();
  }
}

async function* sourceChunks(source: ParquetSource, chunkRows = CHUNK_ROWS, columns?: string[]): AsyncGenerator<Chunk> {
  const sizes = source.rowGroupRows;
  const total = sourceRows(source);
  const chunks: number[][] = [];
  sizes.forEach((size, group) => {
    const last = chunks.at(-1);
    if (last && last.reduce((sum, g) => sum + sizes[g], 0) + size <= chunkRows) last.push(group);
    else chunks.push([group]);
  });
  for await (const ipc of source.readChunks(chunks.length ? chunks : [undefined], columns)) yield { ipc, rows: tableFromIPC(ipc), total };
}

/** Rows in the whole file, from its footer. */
const sourceRows = (source: ParquetSource) => source.rowGroupRows.reduce((sum, size) => sum + size, 0);

function openParquetSource(parquet: ParquetModule, file: NamedFile, options: SourceOptions = {}): Promise<ParquetSource> {
  return readByRanges(file) ? openHostedSource(parquet, file.name, file.hosted, options) : openBytesSource(parquet, file);
}

/** "exports/TRIAL_RUN.parquet" → "TRIAL_RUN". */
export function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}
