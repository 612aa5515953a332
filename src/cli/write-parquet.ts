import { open } from 'node:fs/promises';
import type { Engine } from '../engine/engine.ts';
import { batchesToParquet } from '../result/export/parquet.ts';

/**
 * Runs `sql` and writes its result to `path` as Parquet a batch at a time, so a result of any
 * size fits (10M rows do not fit in one wasm buffer). Resolves to the rows and bytes written.
 */
export async function writeQueryAsParquet(engine: Engine, sql: string, path: string): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  const counted = async function* () {
    for await (const batch of engine.stream(sql)) {
      rows += batch.numRows;
      yield batch;
    }
  };
  const reader = (await batchesToParquet(counted(), await import('parquet-wasm/node'))).getReader();
  const file = await open(path, 'w');
  let bytes = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      await file.write(chunk.value);
      bytes += chunk.value.length;
    }
  } finally {
    await file.close();
  }
  return { rows, bytes };
}
