// What the SQLite reader does with each row of a table: copy it (most tables), index it
// (METRIC), or turn it into metric values (the link tables).
import type { ChunkSink } from './chunks.ts';
import { buildersFor, flushToIPC, IntColumn, NumberColumn, type TextColumn } from './columns.ts';
import { LABEL_TABLE, type LabelCollector } from './labels.ts';
import { MetricValueColumns, metricValueTable, type Link, type MetricIndex } from './metric-values.ts';
import type { SqliteModule } from './sqlite-module.ts';
import { SnapshotError, type RawTable } from './tables.ts';

const SQLITE_NULL = 5;

/** What a row of a table turns into; flush is called every chunkRows rows and once at the end. */
export interface RowConsumer {
  /** Columns to select, in order (absent ones are selected as NULL). */
  columns: string[];
  orderBy?: string;
  row(cells: Cells): void;
  flush(final: boolean): Promise<void>;
}

/** A table stored as it is. */
export function copyConsumer(table: RawTable, sink: ChunkSink): RowConsumer {
  const columns = Object.keys(table.columns);
  const builders = buildersFor(table.columns);
  const pushers = columns.map((name, column) => {
    const builder = builders[name];
    if (builder instanceof IntColumn) return (cells: Cells) => builder.push(cells.int(column, name));
    if (builder instanceof NumberColumn) return (cells: Cells) => builder.push(cells.number(column));
    return (cells: Cells) => cells.text(column, builder as TextColumn);
  });
  return {
    columns,
    row(cells) {
      for (let i = 0; i < pushers.length; i++) pushers[i](cells);
    },
    async flush(final) {
      const rows = builders[columns[0]].length;
      if (rows > 0 || final) await sink({ table: table.name, ipc: flushToIPC(builders), rows });
    },
  };
}

/** METRIC into the index (and its per-label JSON into label rows), ordered by id for lookups. */
export function metricConsumer(metrics: MetricIndex, labels: LabelCollector, chunkRows: number, sink: ChunkSink): RowConsumer {
  return {
    columns: ['id', 'type', 'total_val', 'per_label_val'],
    orderBy: 'id',
    row(cells) {
      const id = cells.int(0, 'id');
      if (id === null) return;
      metrics.add(id, cells.bytes(1) ?? EMPTY, cells.number(2));
      const perLabel = cells.string(3);
      if (perLabel !== null) labels.add(id, perLabel);
    },
    async flush(final) {
      if (final || labels.length >= chunkRows) await sink({ table: LABEL_TABLE, rows: labels.length, ipc: labels.flush() });
    },
  };
}

const EMPTY = new Uint8Array(0);

export function linkConsumer(link: Link, metrics: MetricIndex, sink: ChunkSink, orphan: () => void): RowConsumer {
  const values = new MetricValueColumns(link.level);
  const { run, epoch, batch } = link;
  return {
    columns: ['metric_id', run, epoch ?? 'NULL', batch ?? 'NULL'],
    row(cells) {
      const position = metrics.find(cells.int(0, 'metric_id') ?? -1);
      if (position < 0) return orphan();
      values.runId.push(cells.int(1, run));
      if (epoch) values.epoch.push(cells.int(2, epoch));
      if (batch) values.batch.push(cells.int(3, batch));
      metrics.emit(position, values);
    },
    flush: async (final) => {
      if (final || values.length > 0) await sink({ table: metricValueTable(link.level), rows: values.length, ipc: values.flush() });
    },
  };
}

/** The current row of a statement, read from wasm memory without making JS values where none are needed. */
export class Cells {
  private heap: Uint8Array;
  constructor(
    private module: SqliteModule,
    private statement: number,
    private fileLabel: string,
    private table: string,
  ) {
    this.heap = new Uint8Array(module.memory.buffer);
  }

  int(column: number, name: string): number | null {
    const { raw } = this.module;
    if (raw._sqlite3_column_type(this.statement, column) === SQLITE_NULL) return null;
    const value = raw._sqlite3_column_double(this.statement, column);
    if (value !== (value | 0)) throw notAnId(this.fileLabel, this.table, name, value);
    return value;
  }

  number(column: number): number | null {
    const { raw } = this.module;
    return raw._sqlite3_column_type(this.statement, column) === SQLITE_NULL ? null : raw._sqlite3_column_double(this.statement, column);
  }

  /** The UTF-8 bytes of a text cell, as a view valid until the next step. */
  bytes(column: number): Uint8Array | null {
    const { raw, memory } = this.module;
    const pointer = raw._sqlite3_column_text(this.statement, column);
    if (pointer === 0) return null;
    const size = raw._sqlite3_column_bytes(this.statement, column);
    if (this.heap.buffer !== memory.buffer) this.heap = new Uint8Array(memory.buffer);
    return this.heap.subarray(pointer, pointer + size);
  }

  text(column: number, into: TextColumn) {
    const bytes = this.bytes(column);
    if (bytes === null) into.pushBytes(null, 0, 0);
    else into.pushBytes(bytes, 0, bytes.length);
  }

  string(column: number): string | null {
    const pointer = this.module.raw._sqlite3_column_text(this.statement, column);
    return pointer === 0 ? null : this.module.raw.UTF8ToString(pointer);
  }
}

function notAnId(fileLabel: string, table: string, column: string, value: number): SnapshotError {
  return new SnapshotError(`${fileLabel}: ${table}.${column} holds ${value}, which is not an id or index (a whole number below 2^31). The file was edited or damaged.`);
}
