import type { ChunkSink, ProgressListener } from './chunks.ts';
import { detectFormat } from './detect.ts';
import { readByRanges, type RangeStats } from './hosted.ts';
import type { LabelReport } from './labels.ts';
import { extractParquetFiles, type NamedFile, type ParquetModule } from './parquet.ts';
import { extractSqliteSnapshot, type MetricLinkReport } from './sqlite.ts';
import type { SqliteModule } from './sqlite-module.ts';
import { SnapshotError } from './tables.ts';

export type SnapshotLayout = 'sqlite' | 'parquet-tables' | 'parquet-flat';

export interface ExtractSummary {
  layout: SnapshotLayout;
  rows: Record<string, number>;
  labels: LabelReport;
  walMode?: boolean;
  /** Counted while reading SQLite; for per-table Parquet they are counted in SQL. */
  metricLinks?: MetricLinkReport;
  /** What each hosted file read by ranges cost. */
  ranged?: RangeStats[];
}

/** How the wasm readers are obtained differs between Node and the browser worker; nothing else does. */
export interface ReaderModules {
  sqlite(): Promise<SqliteModule>;
  parquet(): Promise<ParquetModule>;
}

/** Reads one snapshot (a SQLite file, or Parquet files) into raw Arrow chunks. */
export async function extractSnapshot(
  files: NamedFile[],
  modules: ReaderModules,
  sink: ChunkSink,
  onProgress: ProgressListener = () => {},
  signal?: AbortSignal,
): Promise<ExtractSummary> {
  if (files.length === 0) throw new SnapshotError('no file was given.');
  // Only Parquet is left on its host (its first bytes said so); its end is checked when its footer is read.
  const formats = files.map((file) => (readByRanges(file) ? 'parquet' : detectFormat(file.bytes, file.name)));
  if (formats.includes('sqlite')) {
    if (files.length > 1) {
      throw new SnapshotError(`${files.map((f) => f.name).join(', ')}: a SQLite snapshot is opened on its own; drop one tracker.db at a time.`);
    }
    const report = await extractSqliteSnapshot(await modules.sqlite(), files[0].bytes, { sink, onProgress, fileLabel: files[0].name });
    return { layout: 'sqlite', ...report };
  }
  const report = await extractParquetFiles(await modules.parquet(), files, sink, onProgress, { signal });
  return { ...report, layout: report.layout === 'flat' ? 'parquet-flat' : 'parquet-tables' };
}
