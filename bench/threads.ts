// DuckDB-WASM's threaded build beside its single-threaded one, in Chromium, in one run: the same
// built app (dist/) served with COOP/COEP (cross-origin isolated, as under `npm start`), opened at
// `?engine=threaded` (the threaded coi build) and without it (the single-threaded eh build, the
// default). Nothing else differs, so the ratio is what the threads give.
//
// For each build, in a browser of its own (so each tab's peak memory is its own), runs taking
// turns between the builds so that a change in the machine's load hits both:
// - a first visit: the page opened → "Query engine ready" (start), the bench snapshot picked
//   through "Open file…" → overview (load) → template notebook complete (notebook);
// - then the standard workloads (bench/workloads.ts) as one notebook, opened through "Open
//   notebook…": a query cell per workload spec and a SQL cell of the M4 statement; each press of
//   Run all gives every cell's own time, as its status says ("Done in 412 ms").
//
// `npm run bench -- --threads-only` runs only this (the 1m snapshot unless --sizes names one).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { stringify } from 'yaml';
import { createNodeEngine } from '../src/engine/node.ts';
import { loadSnapshot } from '../src/ingest/load.ts';
import { extractInProcess } from '../src/ingest/node-readers.ts';
import { makeCell } from '../src/notebook/document.ts';
import { notebookToJSON } from '../src/notebook/file-format.ts';
import { readCatalog } from '../src/query/catalog.ts';
import { loadAndAnswer, rendererPeak, serve } from './chromium.ts';
import { summarize, type Timing } from './measure.ts';
import { OUT } from './sizes.ts';
import { workloadStatements } from './statements.ts';
import { WORKLOADS, type WorkloadId } from './workloads.ts';

export type BuildId = 'threaded' | 'single';

export interface ThreadsBuildFigure {
  build: BuildId;
  /** The engine line the page showed ("DuckDB 1.4.3 · 2 threads"): proof of the build that ran. */
  engine?: string;
  /** Page opened → "Query engine ready". */
  start?: Timing;
  /** File picked → overview shown. */
  load?: Timing;
  /** File picked → every template cell run. */
  notebook?: Timing;
  /** Each workload cell's own time per Run all, by workload id. */
  workloads?: Partial<Record<WorkloadId, Timing>>;
  /** Rows each workload cell gave: the builds must agree. */
  rows?: Partial<Record<WorkloadId, number>>;
  /** The renderers' peak resident memory over the runs (page, DuckDB and its thread workers), Linux only. */
  peakRssBytes?: number | null;
  error?: string;
}

export interface ThreadsResult {
  date: string;
  /** Where it ran (main.ts fills it in). */
  machine?: Record<string, string | number>;
  size: string;
  metricRows: number;
  runs: number;
  quick: boolean;
  /** The machine's 1-minute load average when the runs began and ended: other work shares the cores. */
  loadAverage: { before: number; after: number };
  builds: ThreadsBuildFigure[];
}

const BUILDS: BuildId[] = ['threaded', 'single'];

/** A workload's cell name (a notebook name has no '-'). */
const cellName = (id: WorkloadId) => id.replace(/-/g, '_');

export async function measureThreads({ size, sqlite, runs, quick }: { size: string; sqlite: string; runs: number; quick: boolean }): Promise<ThreadsResult> {
  const { notebook, metricRows } = await workloadNotebook(sqlite, size);
  const server = await serve({ isolated: true });
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const url = (build: BuildId) => (build === 'threaded' ? `${origin}?engine=threaded` : origin);
  const browsers: Record<BuildId, Browser> = { threaded: await launch(), single: await launch() };
  const pages: Record<BuildId, Page> = { threaded: await browsers.threaded.newPage(), single: await browsers.single.newPage() };
  const figures: Record<BuildId, ThreadsBuildFigure> = { threaded: { build: 'threaded' }, single: { build: 'single' } };
  const loadAverage = { before: loadavg()[0], after: 0 };
  const failed = (build: BuildId, error: unknown) => (figures[build].error ??= error instanceof Error ? error.message.split('\n')[0] : String(error));
  try {
    const visits: Record<BuildId, { start: number[]; load: number[]; notebook: number[] }> = {
      threaded: { start: [], load: [], notebook: [] },
      single: { start: [], load: [], notebook: [] },
    };
    // Run 0 warms the browser's caches (wasm compilation) and is not counted.
    for (let run = 0; run <= runs; run++) {
      for (const build of turns(run)) {
        if (figures[build].error) continue;
        const outcome = await loadAndAnswer(pages[build], url(build), sqlite, 'tracker.db').catch((error: unknown) => ({ error: String(error) }));
        if ('error' in outcome) {
          failed(build, outcome.error);
          continue;
        }
        figures[build].engine ??= outcome.engine;
        if (run > 0) {
          visits[build].start.push(outcome.start);
          visits[build].load.push(outcome.load);
          visits[build].notebook.push(outcome.answer);
        }
        process.stderr.write('.');
      }
    }
    for (const build of BUILDS) {
      if (figures[build].error) continue;
      Object.assign(figures[build], { start: summarize(visits[build].start), load: summarize(visits[build].load), notebook: summarize(visits[build].notebook) });
      // Opening the notebook runs it: the workloads' warm-up.
      await openNotebook(pages[build], notebook).catch((error: unknown) => failed(build, error));
    }
    const times: Record<BuildId, Partial<Record<WorkloadId, number[]>>> = { threaded: {}, single: {} };
    for (let run = 1; run <= runs; run++) {
      for (const build of turns(run)) {
        if (figures[build].error) continue;
        try {
          const cells = await runAll(pages[build]);
          for (const workload of WORKLOADS) (times[build][workload.id] ??= []).push(cells[cellName(workload.id)].ms);
          figures[build].rows = Object.fromEntries(WORKLOADS.map((workload) => [workload.id, cells[cellName(workload.id)].rows]));
        } catch (error) {
          failed(build, error);
        }
        process.stderr.write('.');
      }
    }
    for (const build of BUILDS) {
      if (figures[build].error) continue;
      figures[build].workloads = Object.fromEntries(WORKLOADS.map((workload) => [workload.id, summarize(times[build][workload.id]!)]));
      figures[build].peakRssBytes = await rendererPeak(browsers[build]);
    }
    checkBuilds(figures);
  } finally {
    loadAverage.after = loadavg()[0];
    for (const build of BUILDS) await browsers[build].close();
    server.close();
  }
  return { date: new Date().toISOString().slice(0, 10), size, metricRows, runs, quick, loadAverage, builds: BUILDS.map((build) => figures[build]) };
}

/** Which build goes first changes every run: neither always meets a warmer or a busier machine. */
const turns = (run: number): BuildId[] => (run % 2 ? ['single', 'threaded'] : ['threaded', 'single']);

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The comparison means nothing unless each page ran the build it stands for, and both gave the same rows. */
function checkBuilds(figures: Record<BuildId, ThreadsBuildFigure>) {
  const { threaded, single } = figures;
  if (!threaded.error && !/ \d+ threads$/.test(threaded.engine ?? '')) threaded.error = `the page at ?engine=threaded did not run the threaded build: it says "${threaded.engine}"`;
  if (!single.error && !/single-threaded$/.test(single.engine ?? '')) single.error = `the page did not run the single-threaded build: it says "${single.engine}"`;
  if (threaded.rows && single.rows) {
    const differ = WORKLOADS.filter((workload) => threaded.rows![workload.id] !== single.rows![workload.id]);
    if (differ.length) threaded.error = `the builds gave different row counts for ${differ.map((workload) => workload.id).join(', ')}`;
  }
}

/**
 * The workloads as one notebook file: a query cell per spec (the app's query path: the statement,
 * its diagnostics, the analyses) and a SQL cell of the M4 statement, which needs the snapshot's
 * names (read here from the same file by the Node engine, which also counts its metric values).
 */
async function workloadNotebook(sqlite: string, size: string): Promise<{ notebook: string; metricRows: number }> {
  const engine = await createNodeEngine();
  let m4: string;
  let metricRows: number;
  try {
    metricRows = (await loadSnapshot(engine, [{ name: 'tracker.db', bytes: readFileSync(sqlite) }], extractInProcess)).metricRows;
    m4 = workloadStatements(await readCatalog(engine)).m4[0];
  } finally {
    await engine.close();
  }
  const cells = WORKLOADS.map((workload) => (workload.id === 'm4' ? makeCell('sql', cellName(workload.id), m4) : makeCell('query', cellName(workload.id), stringify(workload.spec))));
  const dir = join(OUT, 'threads');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `workloads-${size}.trialbook.json`);
  writeFileSync(path, notebookToJSON({ title: `Bench workloads (${size})`, cells }));
  return { notebook: path, metricRows };
}

async function openNotebook(page: Page, path: string) {
  await page.getByLabel('Open notebook…').setInputFiles(path);
  await page.getByRole('status', { name: `Status of cell ${cellName(WORKLOADS[0].id)}`, exact: true }).waitFor({ timeout: 60_000 });
  await settled(page, {});
}

/** Presses Run all and reads every cell's own time and row count once all have run again. */
async function runAll(page: Page): Promise<Record<string, { ms: number; rows: number }>> {
  const before = await statuses(page);
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  return settled(page, Object.fromEntries(Object.entries(before).map(([name, status]) => [name, status.run])));
}

interface CellStatus {
  run: number;
  text: string;
}

async function statuses(page: Page): Promise<Record<string, CellStatus>> {
  // A string, not a function: tsx's name-keeping helper (__name) does not exist in the page.
  return page.evaluate(`Object.fromEntries([...document.querySelectorAll('[aria-label^="Status of cell "]')].map((status) => {
    const text = status.textContent.trim();
    return [status.getAttribute('aria-label').slice('Status of cell '.length), { run: Number(/^\\[(\\d+)\\]/.exec(text)?.[1] ?? 0), text }];
  }))`);
}

/** Waits until every workload cell has run past `after` and is done; a failed cell throws with its status. */
async function settled(page: Page, after: Record<string, number>): Promise<Record<string, { ms: number; rows: number }>> {
  const names = WORKLOADS.map((workload) => cellName(workload.id));
  const deadline = Date.now() + 600_000;
  for (;;) {
    const now = await statuses(page);
    const failed = names.find((name) => now[name] && !/Done|Running|Waiting|Not run yet/.test(now[name].text));
    if (failed) throw new Error(`cell ${failed}: ${now[failed].text}`);
    if (names.every((name) => now[name] && now[name].run > (after[name] ?? 0) && /Done in/.test(now[name].text))) {
      const cells: Record<string, { ms: number; rows: number }> = {};
      for (const name of names) {
        const rows = await page.getByRole('grid', { name: `Result of ${name}`, exact: true }).first().getAttribute('aria-rowcount');
        cells[name] = { ms: parseMs(/Done in (.+)$/.exec(now[name].text)![1]), rows: Number(rows) - 1 };
      }
      return cells;
    }
    if (Date.now() > deadline) throw new Error(`the workload cells did not finish: ${names.map((name) => `${name} ${now[name]?.text}`).join('; ')}`);
    await page.waitForTimeout(50);
  }
}

function parseMs(text: string): number {
  const m = /^([\d.,]+) (ms|s)/.exec(text.trim());
  if (!m) throw new Error(`no duration in "${text}"`);
  return Number(m[1].replace(/,/g, '')) * (m[2] === 's' ? 1000 : 1);
}
