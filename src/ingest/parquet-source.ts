import { tableFromIPC } from 'apache-arrow';
import type { RangeStats } from './hosted.ts';
import type { NamedFile, ParquetModule } from './parquet.ts';
import { readingAs, readingAsync } from './parquet-errors.ts';

/** A Parquet file as the extractor reads it, wherever its bytes are. */
export interface ParquetSource {
  readonly name: string;
  /** Column names, as Arrow reads them. */
  readonly columns: string[];
  readonly rowGroupRows: number[];
  /**
   * Arrow IPC for each chunk of row groups (undefined: all of them), in order, of these columns
   * (undefined: all). Given every chunk at once, a hosted file plans its requests up front.
   */
  readChunks(chunks: (number[] | undefined)[], columns?: string[]): AsyncGenerator<Uint8Array>;
  /** What a hosted file has cost to read so far; undefined for bytes in memory. */
  stats(): RangeStats | undefined;
  close(): void;
}

export interface SourceOptions {
  signal?: AbortSignal;
  /** Called as a hosted file's bytes arrive, once it knows how many it needs. */
  onProgress?: (stats: RangeStats) => void;
}

export const BATCH_ROWS = 65_536;

/** A file whose bytes are all in memory. */
export async function openBytesSource(parquet: ParquetModule, file: NamedFile): Promise<ParquetSource> {
  const columns = readingAs(file.name, () => tableFromIPC(parquet.readSchema(file.bytes).intoIPCStream()).schema.fields.map((field) => field.name));
  const rowGroupRows = await readingAsync(file.name, async () => {
    const handle = await parquet.ParquetFile.fromFile(new Blob([file.bytes as Uint8Array<ArrayBuffer>]));
    try {
      return handle.metadata().rowGroups().map((group) => group.numRows());
    } finally {
      handle.free();
    }
  });
  return {
    name: file.name,
    columns,
    rowGroupRows,
    async *readChunks(chunks, selected) {
      for (const rowGroups of chunks) {
        yield readingAs(file.name, () => parquet.readParquet(file.bytes, { batchSize: BATCH_ROWS, ...(selected ? { columns: selected } : {}), ...(rowGroups ? { rowGroups } : {}) }).intoIPCStream());
      }
    },
    stats: () => undefined,
    close: () => {},
  };
}
