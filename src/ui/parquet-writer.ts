import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetWriterModule } from '../result/export/parquet.ts';

let writer: Promise<ParquetWriterModule> | null = null;

/**
 * parquet-wasm on the page, started by the first Parquet download: its 5 MB of wasm is not worth
 * fetching for sessions that never write Parquet. A failed start is forgotten so a retry can work.
 */
export function parquetWriter(): Promise<ParquetWriterModule> {
  writer ??= startWriter().catch((error: unknown) => {
    writer = null;
    throw error;
  });
  return writer;
}

async function startWriter(): Promise<ParquetWriterModule> {
  const parquet = await import('parquet-wasm/esm');
  await parquet.default({ module_or_path: parquetWasmUrl });
  return parquet as unknown as ParquetWriterModule;
}
