import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import duckdbWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { createEngine, QUERY_CONFIG, QueryCancelledError, type Engine } from './engine.ts';

/**
 * DuckDB-WASM in its own worker, from the eh bundle this build ships (no CDN: every current
 * browser has wasm exceptions, so the mvp bundle would only add 39 MB).
 */
export async function createBrowserEngine(): Promise<Engine> {
  const worker = new Worker(duckdbWorkerUrl);
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(duckdbWasmUrl);
  await db.open({ query: QUERY_CONFIG });
  const conn = await db.connect();
  return createEngine({
    runQuery: (sql) => conn.useUnsafe((bindings, id) => bindings.runQuery(id, sql)),
    startStream: (sql, signal) =>
      conn.useUnsafe(async (bindings, id) => {
        // The worker answers null while the query runs; poll until the schema arrives. Between
        // polls the worker is free to take the cancel.
        let header = await bindings.startPendingQuery(id, sql, true);
        while (!header) {
          if (signal?.aborted) {
            await bindings.cancelPendingQuery(id);
            throw new QueryCancelledError();
          }
          header = await bindings.pollPendingQuery(id);
        }
        return header;
      }),
    nextBatch: () => conn.useUnsafe((bindings, id) => bindings.fetchQueryResults(id)),
    insertArrowFromIPCStream: (ipc, options) => conn.insertArrowFromIPCStream(ipc, options),
    async close() {
      await conn.close();
      await db.terminate();
    },
  });
}
