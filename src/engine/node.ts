import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createEngine, QUERY_CONFIG, type Engine } from './engine.ts';

const require = createRequire(import.meta.url);

/**
 * DuckDB-WASM's blocking Node bundle: the same engine as the browser, without a worker. It is
 * loaded through require because the bundle is CommonJS; results cross as IPC bytes so the
 * bundle's own (CommonJS) Arrow copy never meets ours.
 */
export async function createNodeEngine(): Promise<Engine> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking') as typeof import('@duckdb/duckdb-wasm/blocking');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking'));
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open({ query: QUERY_CONFIG });
  const conn = db.connect();
  return createEngine({
    runQuery: (sql) => conn.useUnsafe((bindings, id) => bindings.runQuery(id, sql)),
    startStream: async (sql) =>
      conn.useUnsafe((bindings, id) => {
        // A long query answers null until it has its first rows, even in the blocking bindings.
        let header = bindings.startPendingQuery(id, sql, true);
        while (!header) header = bindings.pollPendingQuery(id);
        return header;
      }),
    nextBatch: async () => conn.useUnsafe((bindings, id) => bindings.fetchQueryResults(id)),
    insertArrowFromIPCStream: (ipc, options) => conn.insertArrowFromIPCStream(ipc, options),
    async close() {
      conn.close();
      db.reset();
    },
  });
}
