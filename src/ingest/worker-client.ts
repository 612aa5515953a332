import type { ChunkSink, ProgressListener } from './chunks.ts';
import { detectFormat } from './detect.ts';
import { mergeSummaries, type ExtractSummary } from './extract.ts';
import type { Extractor } from './load.ts';
import type { NamedFile } from './parquet.ts';
import { SQLITE_SHARES, type SqliteShare } from './sqlite.ts';
import { SnapshotError } from './tables.ts';
import type { FromIngestWorker, ToIngestWorker } from './worker-protocol.ts';

/**
 * The browser's Extractor. A SQLite file is read by two workers at once (METRIC, and the
 * rest), each with its own sql.js over its own copy of the bytes; anything else by one.
 * Workers end with the load; when one fails, the others are stopped.
 */
export const extractInWorker: Extractor = async (files, sink, onProgress) => {
  const shares: SqliteShare[] = files.length === 1 && isSqlite(files[0]) ? SQLITE_SHARES : ['all'];
  const readers = shares.map((share, i) => startReader(i === shares.length - 1 ? files : copies(files), share, sink, onProgress));
  try {
    return mergeSummaries(await Promise.all(readers.map((reader) => reader.done)));
  } finally {
    for (const reader of readers) reader.worker.terminate();
  }
};

function isSqlite(file: NamedFile): boolean {
  try {
    return detectFormat(file.bytes, file.name) === 'sqlite';
  } catch {
    return false;
  }
}

/** Each worker gets its bytes by transfer, so every worker but the last needs its own copy. */
function copies(files: NamedFile[]): NamedFile[] {
  return files.map((file) => ({ name: file.name, bytes: file.bytes.slice() }));
}

function startReader(files: NamedFile[], share: SqliteShare, sink: ChunkSink, onProgress: ProgressListener) {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const done = new Promise<ExtractSummary>((resolve, reject) => {
    const send = (message: ToIngestWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
    let storing = Promise.resolve();
    worker.onmessage = ({ data }: MessageEvent<FromIngestWorker>) => {
      if (data.type === 'chunk') {
        storing = storing.then(async () => {
          await sink(data.chunk);
          send({ type: 'ack' });
        });
        storing.catch(reject);
      } else if (data.type === 'progress') onProgress(data.progress);
      else if (data.type === 'done') storing.then(() => resolve(data.summary), () => {});
      else reject(data.name === 'SnapshotError' ? new SnapshotError(data.message) : new Error(data.message));
    };
    worker.onerror = (event) => reject(new Error(`the file reader stopped: ${event.message}`));
    send({ type: 'extract', files, share }, files.map((file) => file.bytes.buffer as ArrayBuffer));
  });
  return { worker, done };
}
