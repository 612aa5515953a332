import type { RangeStats } from './hosted.ts';

/**
 * Raw tables leave the readers as Arrow IPC chunks; the loader stores them in DuckDB as they come
 * (a table's first chunk creates it, so every table sends at least one, possibly empty).
 */
export interface RawChunk {
  table: string;
  ipc: Uint8Array;
  rows: number;
}

export type ChunkSink = (chunk: RawChunk) => void | Promise<void>;

export interface ExtractProgress {
  table: string;
  rowsDone: number;
  rowsTotal: number;
  /** While a hosted file is read by range requests: its bytes so far. */
  ranged?: RangeStats;
}

export type ProgressListener = (progress: ExtractProgress) => void;
