/// <reference lib="webworker" />
import sqlWasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ChunkSink } from './chunks.ts';
import { extractSnapshot, type ReaderModules } from './extract.ts';
import type { ParquetModule } from './parquet.ts';
import { loadSqliteModule } from './sqlite-module.ts';
import { CHUNKS_IN_FLIGHT, type FromIngestWorker, type ToIngestWorker } from './worker-protocol.ts';

/**
 * Reads SQLite and Parquet off the page's thread. Chunks go to the page as transferred buffers;
 * the worker keeps at most CHUNKS_IN_FLIGHT unstored so a big file does not pile up in memory,
 * while reading the next chunk overlaps DuckDB storing the last one.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromIngestWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

const modules: ReaderModules = {
  sqlite: () => loadSqliteModule(async () => (await fetch(sqlWasmUrl)).arrayBuffer()),
  async parquet() {
    const parquet = await import('parquet-wasm/esm');
    await parquet.default({ module_or_path: parquetWasmUrl });
    return parquet as unknown as ParquetModule;
  },
};

// Compiled as soon as the worker starts: the page starts it before any file is chosen.
void modules.sqlite().catch(() => {
  // reported by the load that needs it
});

let inFlight = 0;
let wake: (() => void) | undefined;

const sink: ChunkSink = async (chunk) => {
  while (inFlight >= CHUNKS_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
  inFlight++;
  post({ type: 'chunk', chunk }, [chunk.ipc.buffer]);
};

scope.onmessage = async ({ data }: MessageEvent<ToIngestWorker>) => {
  if (data.type === 'ack') {
    inFlight--;
    wake?.();
    wake = undefined;
    return;
  }
  try {
    const summary = await extractSnapshot(data.files, modules, sink, (progress) => post({ type: 'progress', progress }));
    post({ type: 'done', summary });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', name, message });
  }
};
