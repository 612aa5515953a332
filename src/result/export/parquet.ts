import { tableToIPC, type Table } from 'apache-arrow';

/** The parts of parquet-wasm writing uses; `parquet-wasm/node` and the initialised esm build both fit. */
export interface ParquetWriterModule {
  writeParquet(table: unknown, properties?: unknown): Uint8Array;
  Table: { fromIPCStream(ipc: Uint8Array): unknown };
  WriterPropertiesBuilder: new () => { setCompression(compression: unknown): { build(): unknown } };
  Compression: { ZSTD: unknown };
}

/** A ZSTD-compressed Parquet file, written by parquet-wasm from the table's Arrow IPC stream. */
export function tableToParquet(table: Table, parquet: ParquetWriterModule): Uint8Array {
  const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), properties);
}
