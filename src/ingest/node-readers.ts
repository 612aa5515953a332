import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ChunkSink, ProgressListener } from './chunks.ts';
import { extractSnapshot, type ExtractSummary, type ReaderModules } from './extract.ts';
import type { NamedFile, ParquetModule } from './parquet.ts';
import { loadSqliteModule } from './sqlite-module.ts';

const require = createRequire(import.meta.url);

/** Node gets the wasm readers from node_modules; it reads them in-process (no worker needed). */
export const nodeReaderModules: ReaderModules = {
  sqlite: () => loadSqliteModule(() => readFile(require.resolve('sql.js/dist/sql-wasm.wasm'))),
  parquet: async () => (await import('parquet-wasm/node')) as unknown as ParquetModule,
};

export function extractInProcess(files: NamedFile[], sink: ChunkSink, onProgress: ProgressListener, signal?: AbortSignal): Promise<ExtractSummary> {
  return extractSnapshot(files, nodeReaderModules, sink, onProgress, signal);
}
