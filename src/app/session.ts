import type { Table } from 'apache-arrow';
import { createBrowserEngine } from '../engine/browser.ts';
import type { Engine } from '../engine/engine.ts';
import { loadSnapshot, type LoadProgress, type LoadReport } from '../ingest/load.ts';
import type { NamedFile } from '../ingest/parquet.ts';
import { extractInWorker } from '../ingest/worker-client.ts';
import { readOverview, type Overview } from '../snapshot/overview.ts';

export interface Loaded {
  report: LoadReport;
  overview: Overview;
}

export interface SqlResult {
  table: Table;
  ms: number;
}

/**
 * The page's one engine and what it holds. Loads are queued, never interleaved: two drops in a
 * row must not mix their raw tables.
 */
export class Session {
  private queue: Promise<unknown> = Promise.resolve();
  private constructor(readonly engine: Engine) {}

  static async open(): Promise<Session> {
    return new Session(await createBrowserEngine());
  }

  load(files: NamedFile[], onProgress: (progress: LoadProgress) => void): Promise<Loaded> {
    return this.enqueue(async () => {
      const report = await loadSnapshot(this.engine, files, extractInWorker, onProgress);
      return { report, overview: await readOverview(this.engine) };
    });
  }

  runSql(sql: string): Promise<SqlResult> {
    return this.enqueue(async () => {
      const started = performance.now();
      const table = await this.engine.query(sql);
      return { table, ms: performance.now() - started };
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
