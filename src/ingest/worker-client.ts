import { SnapshotError } from './tables.ts';
import { LoadCancelledError, type Extractor } from './load.ts';
import type { FromIngestWorker, ToIngestWorker } from './worker-protocol.ts';

const startWorker = () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

/**
 * The worker the next load uses, started ahead: it compiles sql.js while the user picks a file,
 * which a fresh worker at drop time would make them wait for (about a second in a first load).
 */
let next: Worker | null = null;

/** Starts the next load's reader now; the page calls it once the engine is up. */
export function prepareIngestWorker(): void {
  next ??= startWorker();
}

/** The browser's Extractor: an ingest worker per load (the prepared one), ended when the load ends. */
export const extractInWorker: Extractor = (files, sink, onProgress, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LoadCancelledError());
    const worker = next ?? startWorker();
    next = null;
    const send = (message: ToIngestWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
    const finish = (settle: () => void) => {
      worker.terminate();
      // A reader holds what it read until it ends; each load gets a clean one, started now.
      prepareIngestWorker();
      settle();
    };
    let storing = Promise.resolve();
    worker.onmessage = ({ data }: MessageEvent<FromIngestWorker>) => {
      if (data.type === 'chunk') {
        storing = storing.then(async () => {
          await sink(data.chunk);
          send({ type: 'ack' });
        });
        storing.catch((error) => finish(() => reject(error)));
      } else if (data.type === 'progress') onProgress(data.progress);
      else if (data.type === 'done') storing.then(() => finish(() => resolve(data.summary)), () => {});
      else finish(() => reject(data.name === 'SnapshotError' ? new SnapshotError(data.message) : new Error(data.message)));
    };
    worker.onerror = (event) => finish(() => reject(new Error(`the file reader stopped: ${event.message}`)));
    // Ending the worker frees what it read at once; DuckDB's staging tables go with the load's cleanup.
    signal?.addEventListener('abort', () => finish(() => reject(new LoadCancelledError())), { once: true });
    send({ type: 'extract', files }, files.map((file) => file.bytes.buffer as ArrayBuffer));
  });
