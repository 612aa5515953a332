import { tableFromIPC, type Table } from 'apache-arrow';
import { withDoubles } from './doubles.ts';
import { explainLockdown } from './lockdown-errors.ts';

/** The one narrow interface the rest of Trialbook has over DuckDB. */
export interface Engine {
  /**
   * Runs SQL (one or more statements); resolves to the last statement's result. With a signal,
   * the SQL must be one statement: aborting cancels it inside DuckDB and rejects with
   * QueryCancelledError.
   */
  query(sql: string, options?: QueryOptions): Promise<Table>;
  /**
   * Runs one statement and yields its result a batch at a time (at least one, maybe empty): for
   * results too big to cross as one buffer (10M rows of a flat export need more than the 1 GB
   * wasm can allocate at once).
   */
  stream(sql: string): AsyncIterable<Table>;
  /** Creates (or, with append, extends) `schema.name` from Arrow IPC stream bytes. */
  insertArrow(target: ArrowTarget, ipc: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface QueryOptions {
  signal?: AbortSignal;
}

export interface ArrowTarget {
  name: string;
  schema?: string;
  append?: boolean;
}

/** What a binding must supply: results leave DuckDB as IPC so that Arrow's JS copy is ours. */
export interface EngineBinding {
  runQuery(sql: string): Uint8Array | Promise<Uint8Array>;
  /**
   * The result's schema message, then one record batch message per call; null or empty at the
   * end. An aborted signal cancels the statement while it runs (where the binding can).
   */
  startStream(sql: string, signal?: AbortSignal): Promise<Uint8Array>;
  nextBatch(): Promise<Uint8Array | null>;
  insertArrowFromIPCStream(ipc: Uint8Array, options: { name: string; schema?: string; create: boolean }): void | Promise<void>;
  close(): Promise<void>;
}

/**
 * SQL that every engine runs before any user data arrives. Extensions would be fetched from the
 * network (and hang in Node), and user SQL must touch no file or URL: all data enters as Arrow.
 */
export const CELL_SCHEMA = 'cells';

export const LOCKDOWN_SQL = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
  'SET enable_external_access = false',
  // Notebook cells' results live in their own schema, found by name: `FROM per_trial`.
  `CREATE SCHEMA ${CELL_SCHEMA}`,
  `SET search_path = 'main,${CELL_SCHEMA}'`,
  'SET lock_configuration = true',
];

/** Query settings shared by both bindings. No casts here: withDoubles does them, also when nested. */
export const QUERY_CONFIG = { castBigIntToDouble: false, castDecimalToDouble: false };

/** A statement stopped because its caller gave up on it (a cancelled notebook cell). */
export class QueryCancelledError extends Error {
  override name = 'QueryCancelledError';
  constructor() {
    super('The query was cancelled.');
  }
}

export class EngineError extends Error {
  override name = 'EngineError';
  constructor(message: string, readonly sql?: string) {
    super(message);
  }
}

export async function createEngine(binding: EngineBinding): Promise<Engine> {
  const engine: Engine = {
    async query(sql, options = {}) {
      if (options.signal) return collect(sql, options.signal);
      try {
        return withDoubles(tableFromIPC(await binding.runQuery(sql)));
      } catch (error) {
        throw new EngineError(describeDuckDBError(error), sql);
      }
    },
    async *stream(sql) {
      let header: Uint8Array;
      try {
        header = await binding.startStream(sql);
      } catch (error) {
        throw engineError(error, sql);
      }
      let yielded = false;
      for (;;) {
        let batch: Uint8Array | null;
        try {
          batch = await binding.nextBatch();
        } catch (error) {
          throw new EngineError(describeDuckDBError(error), sql);
        }
        if (!batch?.length) {
          // An empty result still has its columns: callers writing a file need them.
          if (!yielded) yield withDoubles(tableFromIPC(header));
          return;
        }
        yielded = true;
        const message = new Uint8Array(header.length + batch.length);
        message.set(header);
        message.set(batch, header.length);
        yield withDoubles(tableFromIPC(message));
      }
    },
    async insertArrow({ name, schema, append = false }, ipc) {
      try {
        await binding.insertArrowFromIPCStream(ipc, { name, schema, create: !append });
      } catch (error) {
        throw new EngineError(`could not store table ${name}: ${describeDuckDBError(error)}`);
      }
    },
    close: () => binding.close(),
  };
  /** The cancellable form of query: one statement, polled, its batches joined into one table. */
  async function collect(sql: string, signal: AbortSignal): Promise<Table> {
    if (signal.aborted) throw new QueryCancelledError();
    const messages: Uint8Array[] = [];
    try {
      messages.push(await binding.startStream(sql, signal));
      for (let batch = await binding.nextBatch(); batch?.length; batch = await binding.nextBatch()) {
        if (signal.aborted) throw new QueryCancelledError();
        messages.push(batch);
      }
    } catch (error) {
      throw engineError(error, sql);
    }
    const bytes = new Uint8Array(messages.reduce((sum, message) => sum + message.length, 0));
    let offset = 0;
    for (const message of messages) {
      bytes.set(message, offset);
      offset += message.length;
    }
    return withDoubles(tableFromIPC(bytes));
  }

  for (const statement of LOCKDOWN_SQL) await engine.query(statement);
  return engine;
}

function engineError(error: unknown, sql: string): Error {
  return error instanceof QueryCancelledError ? error : new EngineError(describeDuckDBError(error), sql);
}

/** The engine as one caller sees it: every statement it runs stops when the signal aborts. */
export function withSignal(engine: Engine, signal: AbortSignal): Engine {
  return {
    query: (sql) => engine.query(sql, { signal }),
    async *stream(sql) {
      for await (const batch of engine.stream(sql)) {
        if (signal.aborted) throw new QueryCancelledError();
        yield batch;
      }
    },
    insertArrow(target, ipc) {
      if (signal.aborted) return Promise.reject(new QueryCancelledError());
      return engine.insertArrow(target, ipc);
    },
    close: () => engine.close(),
  };
}

/** DuckDB's messages carry a type prefix and sometimes a JSON envelope; keep the human part. */
export function describeDuckDBError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const locked = explainLockdown(raw);
  if (locked) return locked;
  const json = raw.match(/^\s*\{.*\}\s*$/s);
  if (json) {
    try {
      const parsed = JSON.parse(raw) as { exception_message?: string; exception_type?: string };
      if (parsed.exception_message) return `${parsed.exception_type ?? 'Error'} Error: ${parsed.exception_message}`;
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  return raw.trim();
}
