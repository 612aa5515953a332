import { tableToIPC, type Table } from 'apache-arrow';

/** An Arrow IPC file (.arrow), the form pyarrow.ipc.open_file and DuckDB read. */
export function tableToArrowFile(table: Table): Uint8Array {
  return tableToIPC(table, 'file');
}
