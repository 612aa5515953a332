// What the SQLite reader does with the rows of a table: copy them (most tables), index them
// (METRIC), or turn them into metric values (the link tables). Each kind steps the statement in
// its own loop, so every loop sees one kind of row and V8 can inline the cell reads into it.
import type { ChunkSink } from './chunks.ts';
import { buildersFor, flushToIPC, IntColumn, NumberColumn, TextColumn } from './columns.ts';
import { LABEL_TABLE, type LabelCollector } from './labels.ts';
import { MetricValueColumns, metricValueTable, type Link, type MetricIndex } from './metric-values.ts';
import type { SqliteModule } from './sqlite-module.ts';
import { SnapshotError, type RawTable } from './tables.ts';

const SQLITE_ROW = 100;
const SQLITE_TEXT = 3;
const SQLITE_NULL = 5;

/** What the rows of a table turn into; flush is called after every chunk of rows and once at the end. */
export interface RowConsumer {
  /** Columns to select, in order (absent ones are selected as NULL). */
  columns: string[];
  orderBy?: string;
  /** Steps through up to `limit` rows and returns how many; cells.ended is set when the rows ran out (or reading failed). */
  rows(cells: Cells, limit: number): number;
  flush(final: boolean): Promise<void>;
}

/** A table stored as it is. */
export function copyConsumer(table: RawTable, sink: ChunkSink): RowConsumer {
  const columns = Object.keys(table.columns);
  const builders = buildersFor(table.columns);
  const ints = columns.map((name) => builders[name]).map((builder) => (builder instanceof IntColumn ? builder : null));
  const numbers = columns.map((name) => builders[name]).map((builder) => (builder instanceof NumberColumn ? builder : null));
  const texts = columns.map((name) => builders[name]).map((builder) => (builder instanceof TextColumn ? builder : null));
  return {
    columns,
    rows(cells, limit) {
      let count = 0;
      while (count < limit && cells.step()) {
        for (let i = 0; i < columns.length; i++) {
          const int = ints[i];
          if (int) int.push(cells.int(i, columns[i]));
          else {
            const number = numbers[i];
            if (number) number.push(cells.number(i, columns[i]));
            else cells.text(i, texts[i]!);
          }
        }
        count++;
      }
      return count;
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
    rows(cells, limit) {
      let count = 0;
      while (count < limit && cells.step()) {
        count++;
        const id = cells.int(0, 'id');
        if (id === null) continue;
        const name = cells.textPointer(1);
        const value = cells.number(2, 'total_val');
        // A NULL type is stored as the empty name, as it always was.
        metrics.add(id, cells.heap(), name, name === 0 ? 0 : cells.textSize(1), value);
        if (!cells.isNull(3)) labels.add(id, cells.string(3)!);
      }
      return count;
    },
    async flush(final) {
      if (final || labels.length >= chunkRows) await sink({ table: LABEL_TABLE, rows: labels.length, ipc: labels.flush() });
    },
  };
}

export function linkConsumer(link: Link, metrics: MetricIndex, sink: ChunkSink, orphan: () => void): RowConsumer {
  const values = new MetricValueColumns(link.level);
  const { run, epoch, batch } = link;
  return {
    columns: ['metric_id', run, epoch ?? 'NULL', batch ?? 'NULL'],
    rows(cells, limit) {
      let count = 0;
      while (count < limit && cells.step()) {
        count++;
        const position = metrics.find(cells.int(0, 'metric_id') ?? -1);
        if (position < 0) {
          orphan();
          continue;
        }
        values.runId.push(cells.int(1, run));
        if (epoch) values.epoch.push(cells.int(2, epoch));
        if (batch) values.batch.push(cells.int(3, batch));
        metrics.emit(position, values);
      }
      return count;
    },
    flush: async (final) => {
      if (final || values.length > 0) await sink({ table: metricValueTable(link.level), rows: values.length, ipc: values.flush() });
    },
  };
}

/**
 * A statement and its current row, read from wasm memory without making JS values where none
 * are needed. The exports are held here: sql.js's module object is too big for fast lookups.
 */
export class Cells {
  /** The step code that ended the rows (SQLITE_DONE, or an error), once they have ended. */
  ended = 0;
  private memory: WebAssembly.Memory;
  private view: Uint8Array;
  private stepStatement: (statement: number) => number;
  private columnType: (statement: number, column: number) => number;
  private columnDouble: (statement: number, column: number) => number;
  private columnText: (statement: number, column: number) => number;
  private columnBytes: (statement: number, column: number) => number;
  private utf8ToString: (pointer: number) => string;

  constructor(
    module: SqliteModule,
    private statement: number,
    private fileLabel: string,
    private table: string,
  ) {
    const { raw } = module;
    this.memory = module.memory;
    this.view = new Uint8Array(module.memory.buffer);
    this.stepStatement = raw._sqlite3_step;
    this.columnType = raw._sqlite3_column_type;
    this.columnDouble = raw._sqlite3_column_double;
    this.columnText = raw._sqlite3_column_text;
    this.columnBytes = raw._sqlite3_column_bytes;
    this.utf8ToString = (pointer) => raw.UTF8ToString(pointer);
  }

  /** Moves to the next row; false (and `ended` set) when there is none or reading failed. */
  step(): boolean {
    const code = this.stepStatement(this.statement);
    if (code === SQLITE_ROW) return true;
    this.ended = code;
    return false;
  }

  isNull(column: number): boolean {
    return this.columnType(this.statement, column) === SQLITE_NULL;
  }

  int(column: number, name: string): number | null {
    const value = this.columnDouble(this.statement, column);
    // NULL and text that is not a number both read as 0: only then is the type worth asking for.
    if (value === 0) return this.zero(column, name);
    if (value !== (value | 0)) throw notAnId(this.fileLabel, this.table, name, value);
    return value;
  }

  number(column: number, name: string): number | null {
    const value = this.columnDouble(this.statement, column);
    return value === 0 ? this.zero(column, name) : value;
  }

  /**
   * A cell that reads as 0: NULL, a real 0, or text SQLite could not read as a number (its
   * columns take any type), which must not become a silent 0.
   */
  private zero(column: number, name: string): 0 | null {
    const type = this.columnType(this.statement, column);
    if (type === SQLITE_NULL) return null;
    if (type === SQLITE_TEXT) {
      const text = this.string(column)!;
      if (text.trim() === '' || Number(text) !== 0) throw notANumber(this.fileLabel, this.table, name, text);
    }
    return 0;
  }

  /** Where a text cell's UTF-8 bytes start in heap(), 0 for NULL; textSize must follow before the next cell is read. */
  textPointer(column: number): number {
    return this.columnText(this.statement, column);
  }

  textSize(column: number): number {
    return this.columnBytes(this.statement, column);
  }

  /** The wasm memory as bytes; a new view when the memory has grown (which detaches the old one). */
  heap(): Uint8Array {
    if (this.view.length === 0) this.view = new Uint8Array(this.memory.buffer);
    return this.view;
  }

  text(column: number, into: TextColumn) {
    const pointer = this.textPointer(column);
    if (pointer === 0) into.pushBytes(null, 0, 0);
    else into.pushBytes(this.heap(), pointer, this.textSize(column));
  }

  string(column: number): string | null {
    const pointer = this.textPointer(column);
    return pointer === 0 ? null : this.utf8ToString(pointer);
  }
}

function notANumber(fileLabel: string, table: string, column: string, text: string): SnapshotError {
  const flat = text.replace(/\s+/g, ' ');
  const shown = flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
  return new SnapshotError(`${fileLabel}: ${table}.${column} holds the text '${shown}', which is not a number. The file was edited or damaged.`);
}

function notAnId(fileLabel: string, table: string, column: string, value: number): SnapshotError {
  return new SnapshotError(`${fileLabel}: ${table}.${column} holds ${value}, which is not an id or index (a whole number below 2^31). The file was edited or damaged.`);
}
