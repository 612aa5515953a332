import { SnapshotError } from './tables.ts';
import type { Extractor } from './load.ts';
import type { FromIngestWorker, ToIngestWorker } from './worker-protocol.ts';

/** The browser's Extractor: a fresh ingest worker per load, ended when the load ends. */
export const extractInWorker: Extractor = (files, sink, onProgress) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    const send = (message: ToIngestWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
    const finish = (settle: () => void) => {
      worker.terminate();
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
    send({ type: 'extract', files }, files.map((file) => file.bytes.buffer as ArrayBuffer));
  });
