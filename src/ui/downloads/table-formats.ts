import type { Table } from 'apache-arrow';
import { tableToArrowFile } from '../../result/export/arrow.ts';
import { tableToCSV } from '../../result/export/csv.ts';
import { tableToJSON } from '../../result/export/json.ts';
import { tableToParquet } from '../../result/export/parquet.ts';
import { plainRowsToArrow } from '../../result/export/plain-rows.ts';
import type { PlainValue } from '../../result/values.ts';
import { parquetWriter } from '../parquet-writer.ts';

/** One button's file: its label (the button's name), what it holds, and how to write it. */
export interface FileDownload {
  label: string;
  /** The button's title: what the file holds and in what form. */
  description: string;
  name: string;
  type: string;
  write(): Promise<Uint8Array | string>;
}

/** A table to download: `rows` reads it (every row, perhaps from the engine) when a file is asked for. */
export interface TableSource {
  /** The file name without its extension. */
  stem: string;
  /** What the rows are, for the buttons' titles: "every row of per_trial". */
  what: string;
  rows(): Promise<Table>;
  /** A JSON form of its own (a query's `{rows, excluded, meta}`) and what it holds; else the rows as an array of objects. */
  json?: { what: string; write(): Promise<string> };
}

export type TableFormat = 'CSV' | 'JSON' | 'Parquet' | 'Arrow';

const TABLE_FORMATS: readonly TableFormat[] = ['CSV', 'JSON', 'Parquet', 'Arrow'];

const FORMATS: Record<TableFormat, { extension: string; type: string; form: string; what?(source: TableSource): string; write(source: TableSource): Promise<Uint8Array | string> }> = {
  CSV: { extension: 'csv', type: 'text/csv;charset=utf-8', form: 'CSV', write: async (source) => tableToCSV(await source.rows()) },
  JSON: {
    extension: 'json',
    type: 'application/json',
    form: 'JSON',
    what: (source) => source.json?.what ?? source.what,
    write: async (source) => (source.json ? source.json.write() : tableToJSON(await source.rows(), 2)),
  },
  Parquet: {
    extension: 'parquet',
    type: 'application/vnd.apache.parquet',
    form: 'Parquet',
    write: async (source) => {
      const [rows, writer] = await Promise.all([source.rows(), parquetWriter()]);
      return tableToParquet(rows, writer);
    },
  },
  Arrow: { extension: 'arrow', type: 'application/vnd.apache.arrow.file', form: 'an Arrow IPC file', write: async (source) => tableToArrowFile(await source.rows()) },
};

/** The table's files, one per format asked for, in that order. */
export function tableDownloads(source: TableSource, formats: readonly TableFormat[] = TABLE_FORMATS): FileDownload[] {
  return formats.map((label) => {
    const format = FORMATS[label];
    return {
      label,
      description: `Download ${format.what?.(source) ?? source.what} as ${format.form}`,
      name: `${source.stem}.${format.extension}`,
      type: format.type,
      write: () => format.write(source),
    };
  });
}

/**
 * Plain rows (an analysis table, a chart's rows) as a table source: Arrow typed by plainRowsToArrow
 * for CSV, Parquet and Arrow; JSON of the rows as they are, nested values kept nested.
 */
export function plainRowsSource(stem: string, what: string, rows: Record<string, PlainValue>[]): TableSource {
  return {
    stem,
    what,
    rows: async () => plainRowsToArrow(rows),
    json: { what, write: async () => JSON.stringify(rows, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2) },
  };
}
