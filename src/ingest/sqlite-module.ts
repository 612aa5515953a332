import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic } from 'sql.js';

/** sql.js plus the raw exports and memory it does not make public; ingest reads values straight from them. */
export interface SqliteModule {
  sql: SqlJsStatic;
  memory: WebAssembly.Memory;
  raw: RawSqliteExports;
}

export interface RawSqliteExports {
  _sqlite3_prepare_v2(db: number, sql: number, bytes: number, statementOut: number, tail: number): number;
  _sqlite3_step(statement: number): number;
  _sqlite3_finalize(statement: number): number;
  _sqlite3_column_type(statement: number, column: number): number;
  _sqlite3_column_double(statement: number, column: number): number;
  _sqlite3_column_text(statement: number, column: number): number;
  _sqlite3_column_bytes(statement: number, column: number): number;
  _sqlite3_errmsg(db: number): number;
  _malloc(size: number): number;
  _free(pointer: number): void;
  stringToNewUTF8(text: string): number;
  UTF8ToString(pointer: number, maxBytes?: number): string;
}

let loading: Promise<SqliteModule> | undefined;

/**
 * sql.js keeps one module per JS realm, so every user of sql.js in Trialbook must come through
 * here: the wasm is instantiated by us to get hold of its memory.
 */
export function loadSqliteModule(wasmBinary: () => Promise<BufferSource>): Promise<SqliteModule> {
  loading ??= (async () => {
    const binary = await wasmBinary();
    let memory: WebAssembly.Memory | undefined;
    const sql = await initSqlJs({
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        WebAssembly.instantiate(binary, imports).then(({ instance, module }) => {
          memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory) as WebAssembly.Memory;
          receive(instance, module);
        });
        return {};
      },
    } as Parameters<typeof initSqlJs>[0]);
    if (!memory) throw new Error('sql.js was initialised before Trialbook could reach its memory');
    return { sql, memory, raw: sql as unknown as RawSqliteExports };
  })();
  return loading;
}

/**
 * Opens a database over the caller's bytes without copying them. sql.js puts the bytes in its
 * in-memory file system with `slice()`, a copy that costs ~0.3 s for 100 MB (fresh memory is
 * slow to touch); this view answers that slice with itself, so the file system reads from the
 * bytes given. Ingest only reads, so SQLite never writes to them.
 */
export function openDatabase(module: SqliteModule, bytes: Uint8Array): Database {
  return new module.sql.Database(new AdoptedBytes(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length));
}

class AdoptedBytes extends Uint8Array<ArrayBuffer> {
  override slice(start?: number, end?: number): Uint8Array<ArrayBuffer> {
    return start === 0 && end === this.length ? this : super.slice(start, end);
  }
}
