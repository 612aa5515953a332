import { Table, tableToIPC } from 'apache-arrow';

/** The parts of parquet-wasm writing uses; `parquet-wasm/node` and the initialised esm build both fit. */
export interface ParquetWriterModule {
  writeParquet(table: unknown, properties?: unknown): Uint8Array;
  transformParquetStream(batches: ReadableStream, properties?: unknown): Promise<ReadableStream<Uint8Array>>;
  Table: { fromIPCStream(ipc: Uint8Array): { recordBatches(): unknown[] } };
  WriterPropertiesBuilder: new () => { setCompression(compression: unknown): { build(): unknown } };
  Compression: { ZSTD: unknown };
}

const properties = (parquet: ParquetWriterModule) => new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();

/** A ZSTD-compressed Parquet file, written by parquet-wasm from the table's Arrow IPC stream. */
export function tableToParquet(table: Table, parquet: ParquetWriterModule): Uint8Array {
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), properties(parquet));
}

/** Rows handed to parquet-wasm at a time: DuckDB's batches are 2,048 rows, too small to cross one by one. */
const ROWS_PER_HANDOFF = 131_072;

/**
 * The same file from batches as they arrive (Engine.stream, which yields at least one): neither
 * the result nor the file is ever whole in memory, so a 10M-row export fits where one buffer
 * would not.
 */
export async function batchesToParquet(batches: AsyncIterable<Table>, parquet: ParquetWriterModule): Promise<ReadableStream<Uint8Array>> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error('a result without columns cannot be written as Parquet');
  if (first.value.numRows === 0) {
    const bytes = tableToParquet(first.value, parquet);
    return new ReadableStream({ start: (controller) => (controller.enqueue(bytes), controller.close()) });
  }
  let carried: Table | null = first.value;
  const wasmBatches = new ReadableStream({
    async pull(controller) {
      const pending = carried ? [carried] : [];
      carried = null;
      let size = pending[0]?.numRows ?? 0;
      let done = false;
      while (size < ROWS_PER_HANDOFF) {
        const next = await iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        pending.push(next.value);
        size += next.value.numRows;
      }
      if (size > 0) for (const batch of parquet.Table.fromIPCStream(tableToIPC(new Table(pending.flatMap((t) => t.batches)), 'stream')).recordBatches()) controller.enqueue(batch);
      if (done) controller.close();
    },
  });
  return parquet.transformParquetStream(wasmBatches, properties(parquet));
}
