import type { Table } from 'apache-arrow';
import { createBrowserEngine, type EngineInfo } from '../engine/browser.ts';
import type { Engine } from '../engine/engine.ts';
import { loadSnapshot, type LoadProgress, type LoadReport } from '../ingest/load.ts';
import type { NamedFile } from '../ingest/parquet.ts';
import { extractInWorker, prepareIngestWorker } from '../ingest/worker-client.ts';
import type { AnalyticsConfig } from '../config/analytics-config.ts';
import { readCatalog, type Catalog } from '../query/catalog.ts';
import { compileQuery } from '../query/compile.ts';
import { runQuery, specWithDefaults } from '../query/run.ts';
import type { QuerySpec } from '../query/spec.ts';
import { resolveQuery } from '../query/validate.ts';
import type { AnalyticsResult } from '../result/analytics-result.ts';
import { readOverview, type Overview } from '../snapshot/overview.ts';
import { CELL_SCHEMA, withSignal } from '../engine/engine.ts';
import { literal, qualified } from '../ingest/sql.ts';
import type { Cell } from '../notebook/document.ts';
import type { CellOutput, CurveSource } from '../notebook/outputs.ts';
import { compileCurvePoints } from '../query/m4.ts';
import type { CellInputs } from '../notebook/runner.ts';
import { plainRows } from '../result/values.ts';
import { runCell } from './run-cell.ts';

export interface Loaded {
  report: LoadReport;
  overview: Overview;
}

/** What the editors complete: every table SQL can read with its columns, and the snapshot's names. */
export interface SchemaNames {
  tables: Record<string, string[]>;
  catalog: Catalog;
}


/**
 * The page's one engine and what it holds. Loads are queued, never interleaved: two drops in a
 * row must not mix their raw tables.
 */
export class Session {
  private queue: Promise<unknown> = Promise.resolve();
  /** The loaded snapshot's names, read once per load; specs are validated against them. */
  private catalog: Catalog | null = null;
  private constructor(
    readonly engine: Engine,
    /** Which DuckDB build runs (threaded when the page is cross-origin isolated), for the page to show. */
    readonly engineInfo: EngineInfo,
  ) {}

  static async open(): Promise<Session> {
    const engine = await createBrowserEngine();
    // After the engine, so the two wasm compilations do not compete for the first seconds.
    prepareIngestWorker();
    return new Session(engine, engine.info);
  }

  /** Loads a snapshot; aborting the signal stops it (the reader ends, its staging tables go). */
  load(files: NamedFile[], onProgress: (progress: LoadProgress) => void, signal?: AbortSignal): Promise<Loaded> {
    return this.enqueue(async () => {
      const report = await loadSnapshot(this.engine, files, extractInWorker, onProgress, signal);
      this.catalog = null;
      return { report, overview: await readOverview(this.engine) };
    });
  }


  /**
   * Validates, compiles and runs a query spec with its analyses; a bad spec throws QuerySpecError
   * with every problem. `config` (analytics_config.yaml) supplies the processors' defaults.
   */
  runQuery(spec: QuerySpec, config?: AnalyticsConfig): Promise<AnalyticsResult> {
    return this.enqueue(async () => runQuery(this.engine, spec, { catalog: await this.names(), config }));
  }

  /** The SQL a spec compiles to, without running it. */
  compileQuery(spec: QuerySpec, config?: AnalyticsConfig): Promise<string> {
    return this.enqueue(async () => compileQuery(resolveQuery(specWithDefaults(spec, config), await this.names())).sql);
  }

  /** Runs a notebook cell; the signal cancels its statements inside DuckDB. */
  runCell(cell: Cell, inputs: CellInputs<CellOutput>, signal: AbortSignal, config?: AnalyticsConfig): Promise<CellOutput | null> {
    return this.enqueue(async () => runCell(cell, { engine: withSignal(this.engine, signal), catalog: await this.names(), config, inputs }));
  }

  /** A renamed or deleted cell's table goes, so no SQL reads a result nobody shows any more. */
  dropCellTable(name: string): Promise<void> {
    return this.enqueue(async () => {
      await this.engine.query(`DROP TABLE IF EXISTS ${qualified(CELL_SCHEMA, name)}`);
    });
  }

  /** Every row of a SQL or query cell's stored table, for a download (the grid shows only the first DISPLAY_ROWS). */
  cellTable(name: string): Promise<Table> {
    return this.enqueue(() => this.engine.query(`SELECT * FROM ${qualified(CELL_SCHEMA, name)}`));
  }

  /** A per-run curve chart's points at this many pixel columns (M4 in DuckDB), optionally over a zoomed epoch range. */
  curvePoints(source: CurveSource, options: { width: number; x0?: number; x1?: number }): Promise<Table> {
    return this.enqueue(() => this.engine.query(compileCurvePoints(source.query, { metric: source.metric, ...options }, source.extent)));
  }

  schemaNames(): Promise<SchemaNames> {
    return this.enqueue(async () => {
      const columns = plainRows(await this.engine.query(`SELECT table_name, list(column_name ORDER BY ordinal_position) AS columns FROM information_schema.columns WHERE table_schema IN ('main', ${literal(CELL_SCHEMA)}) GROUP BY table_name ORDER BY table_name`));
      const tables = Object.fromEntries(columns.map((row) => [row.table_name as string, row.columns as string[]]));
      return { tables, catalog: await this.names() };
    });
  }

  private async names(): Promise<Catalog> {
    this.catalog ??= await readCatalog(this.engine);
    return this.catalog;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
