import { tableFromIPC, type Table } from 'apache-arrow';
import { withDoubles } from './doubles.ts';

/** The one narrow interface the rest of Trialbook has over DuckDB. */
export interface Engine {
  /** Runs SQL (one or more statements); resolves to the last statement's result. */
  query(sql: string): Promise<Table>;
  /** Creates (or, with append, extends) `schema.name` from Arrow IPC stream bytes. */
  insertArrow(target: ArrowTarget, ipc: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface ArrowTarget {
  name: string;
  schema?: string;
  append?: boolean;
}

/** What a binding must supply: results leave DuckDB as IPC so that Arrow's JS copy is ours. */
export interface EngineBinding {
  runQuery(sql: string): Uint8Array | Promise<Uint8Array>;
  insertArrowFromIPCStream(ipc: Uint8Array, options: { name: string; schema?: string; create: boolean }): void | Promise<void>;
  close(): Promise<void>;
}

/**
 * SQL that every engine runs before any user data arrives. Extensions would be fetched from the
 * network (and hang in Node), and user SQL must touch no file or URL: all data enters as Arrow.
 */
export const LOCKDOWN_SQL = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
  'SET enable_external_access = false',
  'SET lock_configuration = true',
];

/** Query settings shared by both bindings. No casts here: withDoubles does them, also when nested. */
export const QUERY_CONFIG = { castBigIntToDouble: false, castDecimalToDouble: false };

export class EngineError extends Error {
  override name = 'EngineError';
  constructor(message: string, readonly sql?: string) {
    super(message);
  }
}

export async function createEngine(binding: EngineBinding): Promise<Engine> {
  const engine: Engine = {
    async query(sql) {
      try {
        return withDoubles(tableFromIPC(await binding.runQuery(sql)));
      } catch (error) {
        throw new EngineError(describeDuckDBError(error), sql);
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
  for (const statement of LOCKDOWN_SQL) await engine.query(statement);
  return engine;
}

/** DuckDB's messages carry a type prefix and sometimes a JSON envelope; keep the human part. */
export function describeDuckDBError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
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
