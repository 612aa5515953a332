import { join } from 'node:path';
import { studentTQuantile } from '../../src/stats/t-distribution.ts';
import { sortRows } from '../answers.ts';
import { CANONICAL_TABLES } from '../sizes.ts';
import { WORKLOADS, type Answer, type WorkloadId } from '../workloads.ts';
import { welchRows, type Peer } from './peer.ts';

type Row = Record<string, unknown>;

/**
 * Installed by `npm run bench` into bench/node_modules, not by the app's `npm ci` (its bindings
 * exist per platform only), so the type check cannot see it: the part used is typed here.
 */
const NODE_API = '@duckdb/node-api';
interface NodeApi {
  DuckDBInstance: {
    create(path: string, options: Record<string, string>): Promise<{ connect(): Promise<Connection>; closeSync(): void }>;
  };
}
interface Connection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Row[] }>;
  closeSync(): void;
}

export interface NativeOptions {
  /** Folder of the canonical tables as Parquet, written by the Trialbook run. */
  canonical: string;
  /** The statements Trialbook ran, per workload (statements.ts). */
  statements: Record<WorkloadId, string[]>;
  threads: number;
  /** Trial ids by experiment and trial name (answers identify trials by id). */
  trialId: (row: Row) => number;
}

/**
 * Native DuckDB (@duckdb/node-api, the same DuckDB version as the wasm build) running exactly
 * Trialbook's SQL over the same canonical tables. What JS does after the SQL is done the same way
 * too: t-intervals from n, mean and s; Welch's test from the per-run values.
 */
export async function nativePeer(options: NativeOptions): Promise<Peer & { loadTables(): Promise<number> }> {
  const { DuckDBInstance } = (await import(NODE_API)) as NodeApi;
  const instance = await DuckDBInstance.create(':memory:', { threads: String(options.threads) });
  const connection = await instance.connect();
  const rowsOf = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
  const run = async (id: WorkloadId) => {
    const results: Row[][] = [];
    for (const sql of options.statements[id]) results.push(await rowsOf(sql));
    return results;
  };
  return {
    name: `native DuckDB, ${options.threads} thread${options.threads === 1 ? '' : 's'}`,
    async loadTables() {
      for (const table of CANONICAL_TABLES) {
        const path = join(options.canonical, `${table}.parquet`).replaceAll("'", "''");
        await connection.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_parquet('${path}')`);
      }
      // Catalog reads in Trialbook's SQL name the params table; the workloads use none.
      await connection.run('CREATE OR REPLACE TABLE params (trial_id INTEGER, run_id INTEGER, key VARCHAR, value VARCHAR, value_num DOUBLE, source VARCHAR)');
      return Number((await rowsOf('SELECT count(*) AS n FROM metrics'))[0].n);
    },
    async answer(id) {
      const [main, , values] = await run(id);
      const columns = WORKLOADS.find((w) => w.id === id)!.columns;
      if (id === 'best-epoch' || id === 'm4') return { columns, rows: sortRows(main.map((r) => [num(r.run_id), num(r.epoch), num(r.value)]), id === 'm4' ? 2 : 1) };
      if (id === 'welch') return welch(values, columns, options.trialId);
      const n = id === 'curves-ci' ? 'runs' : 'count';
      const rows = main.map((r) => {
        const [low, high] = tInterval(num(r[n]), num(r.mean), num(r.std));
        const keys = id === 'curves-ci' ? [options.trialId(r), num(r.epoch)] : [options.trialId(r)];
        return [...keys, num(r[n]), num(r.mean), num(r.std), low, high];
      });
      return { columns, rows: sortRows(rows, id === 'curves-ci' ? 2 : 1) };
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function tInterval(n: number, mean: number, sd: number): [number, number] {
  if (!(n >= 2) || Number.isNaN(sd)) return [NaN, NaN];
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return [mean - half, mean + half];
}

function welch(values: Row[], columns: string[], trialId: (row: Row) => number): Answer {
  const groups = new Map<number, number[]>();
  for (const row of values) {
    const id = trialId(row);
    if (!groups.has(id)) groups.set(id, []);
    if (row.value !== null && Number.isFinite(Number(row.value))) groups.get(id)!.push(Number(row.value));
  }
  const trials = [...groups].sort(([a], [b]) => a - b).map(([trial, values]) => ({ trial, values }));
  return { columns, rows: welchRows(trials) };
}

const num = (value: unknown): number => (value === null || value === undefined ? NaN : Number(value));
