import type { ExtractProgress, RawChunk } from './chunks.ts';
import type { ExtractSummary } from './extract.ts';
import type { NamedFile } from './parquet.ts';

/** Messages between the page and the ingest worker. */
export type ToIngestWorker = { type: 'extract'; files: NamedFile[] } | { type: 'ack' };

export type FromIngestWorker =
  | { type: 'chunk'; chunk: RawChunk }
  | { type: 'progress'; progress: ExtractProgress }
  | { type: 'done'; summary: ExtractSummary }
  | { type: 'error'; name: string; message: string };

/** Chunks the worker may have in flight before it waits for the page to store them. */
export const CHUNKS_IN_FLIGHT = 2;
