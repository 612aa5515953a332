import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import singleWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import singleWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import threadedWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import threadedWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import threadedPthreadUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';
import { createEngine, QUERY_CONFIG, QueryCancelledError, type Engine } from './engine.ts';

/** Which DuckDB-WASM build runs the page's engine, and with how many threads. */
export interface EngineInfo {
  build: 'threaded' | 'single';
  threads: number;
  /** DuckDB's own version, as `SELECT version()` says it (`v1.4.3`). */
  version: string;
}

export interface BrowserEngine extends Engine {
  readonly info: EngineInfo;
}

interface Bundle {
  build: EngineInfo['build'];
  wasm: string;
  worker: string;
  pthreadWorker?: string;
}

/** Every current browser has wasm exceptions, so the mvp bundle would only add 39 MB. */
const SINGLE: Bundle = { build: 'single', wasm: singleWasmUrl, worker: singleWorkerUrl };
const THREADED: Bundle = { build: 'threaded', wasm: threadedWasmUrl, worker: threadedWorkerUrl, pthreadWorker: threadedPthreadUrl };

/**
 * Past this many threads DuckDB-WASM gains little (the page, the reader and the browser want
 * cores too) while each thread holds its own worker and buffers inside the 4 GiB wasm memory.
 */
const MAX_THREADS = 8;

/**
 * A threaded start that has neither worked nor failed by then is given up: the coi bundle's
 * thread workers can fail in ways its worker never reports (the start would wait forever). It is
 * generous because a slow start is not a failure: on two busy cores, starting the four thread
 * workers alone took 15 s, and the whole start up to 45 s (the single-threaded build, 9–14 s).
 */
const THREADED_START_TIMEOUT_MS = 120_000;

/**
 * DuckDB-WASM in its own worker, from a bundle this build ships (no CDN): the single-threaded eh
 * build, or, when the address asks for it with `?engine=threaded` on a cross-origin isolated page
 * (COOP/COEP headers), the threaded coi build with one DuckDB thread per core. A threaded build
 * that does not start gives way to the single-threaded one.
 *
 * Threads are not the default because DuckDB-WASM 1.32 cannot interrupt a statement: cancelling
 * one stops polling it, which is enough on one thread, but the other threads run it to its end
 * (a cancelled cross join kept the engine busy for minutes), and every later statement waits.
 */
export async function createBrowserEngine(): Promise<BrowserEngine> {
  const threads = threadsAvailable();
  if (threads > 1) {
    try {
      return await startEngine(THREADED, threads, THREADED_START_TIMEOUT_MS);
    } catch (error) {
      // Threads are a speed-up, never a condition for the app: the single-threaded build follows.
      console.warn('Trialbook: the threaded DuckDB build did not start; using the single-threaded one.', error);
    }
  }
  return startEngine(SINGLE, 1);
}

/** The threads DuckDB gets: 1 unless asked for more, on a cross-origin isolated page (SharedArrayBuffer exists). */
function threadsAvailable(): number {
  if (new URLSearchParams(location.search).get('engine') !== 'threaded') return 1;
  if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer === 'undefined') return 1;
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_THREADS));
}

/** Starts one bundle; a failure (or no answer within timeoutMs) ends its worker and rejects. */
async function startEngine(bundle: Bundle, threads: number, timeoutMs?: number): Promise<BrowserEngine> {
  const worker = new Worker(bundle.worker);
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // AsyncDuckDB drops its pending requests when its worker fails, without rejecting them.
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(`the DuckDB worker failed: ${event.message || 'no message'}`)), { once: true });
    if (timeoutMs !== undefined) timer = setTimeout(() => reject(new Error(`the DuckDB worker did not start in ${timeoutMs / 1000} s`)), timeoutMs);
  });
  // Only the start waits on it; a worker that fails later is the queries' business.
  failed.catch(() => undefined);
  try {
    const engine = await Promise.race([failed, open(db, bundle, threads)]);
    const [row] = (await Promise.race([failed, engine.query("SELECT version() AS version, current_setting('threads') AS threads")])).toArray();
    const info: EngineInfo = { build: bundle.build, threads: Number(row.threads), version: String(row.version) };
    return Object.assign(engine, { info });
  } catch (error) {
    // Ends the thread workers too: they are the DuckDB worker's own.
    worker.terminate();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function open(db: AsyncDuckDB, bundle: Bundle, threads: number): Promise<Engine> {
  if (bundle.pthreadWorker) await expectWorkerScript(bundle.pthreadWorker);
  await db.instantiate(bundle.wasm, bundle.pthreadWorker ?? null);
  await db.open({ query: QUERY_CONFIG, maximumThreads: threads });
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

/**
 * The coi bundle starts its thread workers before it needs them, and one whose script cannot be
 * loaded is never reported: the start waits forever. That happens when the script is missing, and
 * when it comes without COEP (an isolated page's workers must be isolated too). Asking for the
 * script first turns both into an error at once (and leaves it in the HTTP cache for the workers).
 */
async function expectWorkerScript(url: string): Promise<void> {
  const response = await fetch(url);
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const policy = response.headers.get('Cross-Origin-Embedder-Policy');
  if (policy !== 'require-corp' && policy !== 'credentialless') throw new Error(`${url} is served without Cross-Origin-Embedder-Policy, so no thread can start from it`);
}
