// The per-run curve chart on many runs (issue 7, "pushdown for big curves"), in Chromium: the built
// app, a generated snapshot picked through "Open file…", a notebook picked through "Open notebook…",
// then "Run all" and the chart cell's own Run pressed as a user would, timed to the chart's SVG.
//
// Two notebooks over the same query cell, each in a fresh tab of its own (so the memory figures
// are each chart's):
// - M4: `curves` (epoch-level val_loss of the completed runs) and `per_run` (`mark: runs`): one
//   line per run, its points reduced in DuckDB to first/last/min/max per pixel column (M4), fetched
//   at the chart's width (src/ui/notebook/ChartView.svelte).
// - every point: the same `curves` and `every_point` (`mark: line, x: epoch, y: value, color: run_id`):
//   one line per run through every point, no reduction. (Not named `full`: that is an SQL word,
//   which the notebook refuses as a cell name.)
//
// Why the peer reads the query cell and not a SQL cell `SELECT run_id, epoch, value FROM metrics …`:
// a SQL cell keeps only its first DISPLAY_ROWS (200,000) rows in the page (src/app/run-cell.ts,
// src/notebook/outputs.ts), and a chart over a SQL cell draws exactly those rows
// (`plainRows(output.table)` in src/app/chart-data.ts), so that peer would draw 200,000 of the
// 1,000,000 points and look 5× cheaper than drawing them all. A query cell's output holds every
// row of its result (src/query/run.ts fetches the whole result), and a `mark: line` chart over it
// draws all of them (chart-data.ts `drawn(… plainRows(output.result.rows))`): the fair full-data
// draw, through the app's own chart path, from the very same input cell as the M4 chart. The run
// checks it: the peer's summary must say it drew every point, or the figure is not reported.
//
// `npm run bench -- --chart-only` runs only this; `node --import tsx bench/curve-chart.ts generate <id>`
// writes one scenario's snapshot (measureCurveChart runs it in a child process when the snapshot
// kept in bench/out/data is missing or stale).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import type { GenerateOptions } from '../src/sample/generate.ts';
import { notebookToJSON } from '../src/notebook/file-format.ts';
import { makeCell } from '../src/notebook/document.ts';
import { DIST, serve } from './chromium.ts';
import { summarize, type Timing } from './measure.ts';
import { OUT, snapshotKey } from './sizes.ts';

export interface CurveScenario {
  id: string;
  runs: number;
  epochs: number;
  options: GenerateOptions;
}

/** Completed runs only (failureRate 0), no batches: every run has `epochs` val_loss points. */
const scenario = (trials: number, runsPerTrial: number, epochs: number): CurveScenario => ({
  id: `curves-${trials * runsPerTrial}x${epochs}`,
  runs: trials * runsPerTrial,
  epochs,
  options: { seed: 7, experiments: 1, trialsPerExperiment: trials, runsPerTrial, epochs, batchesPerEpoch: 0, failureRate: 0 },
});

/**
 * 1,000 runs × 1,000 epochs: the size of issue 7; at the 1,020 pixel columns a 1280-wide window
 * gives the plot, every epoch has a column of its own, so M4 keeps every point (it removes points
 * only past 4 per run and column). 100 runs × 20,000 epochs: long curves, where M4 does reduce
 * (~20 epochs per column).
 * --quick: one small input where M4 reduces (10 runs × 10,000 epochs), so a smoke run stays under a
 * minute: each tab takes ~10 s to start its engine and open the snapshot on 2 cores.
 */
export const CURVE_SCENARIOS = {
  full: [scenario(10, 100, 1000), scenario(10, 10, 20_000)],
  quick: [scenario(10, 1, 10_000)],
};

type VariantId = 'm4' | 'full';

interface Variant {
  id: VariantId;
  title: string;
  chart: string;
  source: string;
}

const QUERY = 'runs: { status: [completed] }\nmetrics: { names: [val_loss], level: epoch }\n';
const VARIANTS: Variant[] = [
  { id: 'm4', title: 'M4 (`mark: runs`)', chart: 'per_run', source: 'input: curves\nmark: runs\n' },
  { id: 'full', title: 'every point (`mark: line`)', chart: 'every_point', source: 'input: curves\nmark: line\nx: epoch\ny: value\ncolor: run_id\n' },
];

export interface CurveVariantFigure {
  variant: VariantId;
  title: string;
  /** Points the chart's rows hold in the page (M4: after the reduction; every point: the query's rows). */
  pointsMoved?: number;
  /** M4 only: its pixel columns. */
  columns?: number | null;
  /** "Run all" pressed → the new chart's SVG (with its line paths) in the DOM: query cell, chart cell, fetch, draw. */
  runAll?: Timing;
  /** The same, to the end of the first frame painted with it (two animation frames later). */
  runAllPainted?: Timing;
  /** The chart cell's own Run pressed (its input kept) → the new chart's SVG in the DOM. */
  chartCell?: Timing;
  /**
   * Drawings of the chart per press, the last (the new output's) included, for Run all and for the
   * chart cell's Run: the app draws the chart again, from the output it had, at each status change
   * of its cell (and, for M4, fetches its points again each time).
   */
  drawsPerRunAll?: number;
  drawsPerChartCell?: number;
  /** M4 only: M4 statements sent to DuckDB per press (Run all, chart cell), counted at the worker's door. */
  m4PerRunAll?: number;
  m4PerChartCell?: number;
  /** Plot's render alone, as the chart's summary says ("drawn in"): the last drawing of each press. */
  draw?: Timing;
  /** The `curves` query cell's own time in each Run all ("Done in"): all its rows move into the page. */
  queryCell?: Timing;
  /** The page's JS heap after a forced GC with the chart shown (median over the runs), and its ArrayBuffers (Arrow tables). */
  heapBytes?: number;
  arrayBufferBytes?: number;
  /** The tab's renderer peak resident memory during the timed runs (reset after the load), Linux only. */
  peakRssBytes?: number | null;
  /** Picking the snapshot → opened. */
  loadMs?: number;
  error?: string;
}

export interface CurveScenarioResult {
  id: string;
  runs: number;
  epochs: number;
  /** val_loss points in the chart's input: runs × epochs. */
  points: number;
  snapshotBytes: number;
  variants: CurveVariantFigure[];
}

export interface CurveChartResult {
  date: string;
  /** Where it ran (main.ts fills it in: a --chart-only run keeps the other figures of an earlier run). */
  machine?: Record<string, string | number>;
  runs: number;
  quick: boolean;
  viewport: string;
  scenarios: CurveScenarioResult[];
}

const VIEWPORT = { width: 1280, height: 900 };

function scenarioFiles(s: CurveScenario) {
  const dir = join(OUT, 'data', s.id);
  return { dir, key: join(dir, 'key.txt'), sqlite: join(dir, 'tracker.db'), notebooks: join(OUT, 'curve-chart') };
}

/** Generates the scenario's snapshot in a child process unless a current one is kept in bench/out/data. */
function ensureScenario(s: CurveScenario) {
  const files = scenarioFiles(s);
  if (existsSync(files.key) && readFileSync(files.key, 'utf8') === snapshotKey(s.options)) return;
  console.error(`generating the ${s.runs.toLocaleString('en-US')} runs × ${s.epochs.toLocaleString('en-US')} epochs snapshot (kept in ${files.dir} for later runs)`);
  const child = spawnSync(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', fileURLToPath(import.meta.url), 'generate', s.id], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`generating ${s.id} failed`);
}

async function generate(id: string) {
  const s = [...CURVE_SCENARIOS.full, ...CURVE_SCENARIOS.quick].find((each) => each.id === id);
  if (!s) throw new Error(`unknown curve scenario ${id}`);
  const { generateSnapshot } = await import('../src/sample/generate.ts');
  const files = scenarioFiles(s);
  mkdirSync(files.dir, { recursive: true });
  const started = performance.now();
  const bytes = await generateSnapshot(s.options);
  writeFileSync(files.sqlite, bytes);
  writeFileSync(files.key, snapshotKey(s.options));
  console.error(`  generated ${id}: ${(bytes.length / 1e6).toFixed(0)} MB SQLite in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function notebookFile(s: CurveScenario, variant: Variant): string {
  const dir = scenarioFiles(s).notebooks;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${variant.id}.trialbook.json`);
  const doc = { title: `Curve chart: ${variant.title}`, cells: [makeCell('query', 'curves', QUERY), makeCell('chart', variant.chart, variant.source)] };
  writeFileSync(path, notebookToJSON(doc));
  return path;
}

export async function measureCurveChart({ quick, runs }: { quick: boolean; runs: number }): Promise<CurveChartResult> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ has no build: run `npm run build` (npm run bench does)');
  const scenarios = quick ? CURVE_SCENARIOS.quick : CURVE_SCENARIOS.full;
  for (const s of scenarios) ensureScenario(s);
  const server = await serve();
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const result: CurveChartResult = { date: new Date().toISOString().slice(0, 10), runs, quick, viewport: `${VIEWPORT.width}×${VIEWPORT.height}, deviceScaleFactor 1`, scenarios: [] };
  try {
    for (const s of scenarios) {
      const { sqlite } = scenarioFiles(s);
      console.error(`  curve chart, ${s.runs} runs × ${s.epochs} epochs:`);
      const variants: CurveVariantFigure[] = [];
      for (const variant of VARIANTS) {
        process.stderr.write(`    ${variant.id} `);
        variants.push(await measureVariant(browser, url, sqlite, notebookFile(s, variant), variant, { runs, warmUp: !quick }, s.runs * s.epochs));
        process.stderr.write(variants.at(-1)!.error ? ` failed: ${variants.at(-1)!.error}\n` : '\n');
      }
      result.scenarios.push({ id: s.id, runs: s.runs, epochs: s.epochs, points: s.runs * s.epochs, snapshotBytes: statSync(sqlite).size, variants });
    }
    return result;
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * One chart in a fresh tab: the snapshot opened, the notebook opened (which runs it: the first
 * warm-up), then `runs` timed presses of Run all and of the chart cell's Run, each after a warm-up
 * press (--quick: none; opening the notebook already ran both cells once).
 */
async function measureVariant(browser: Browser, url: string, snapshot: string, notebook: string, variant: Variant, { runs, warmUp }: { runs: number; warmUp: boolean }, points: number): Promise<CurveVariantFigure> {
  // A context of its own: a fresh tab with its own renderer, storage and memory.
  const before = new Set(await renderers(browser));
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await context.addInitScript(M4_COUNTER);
  const page = await context.newPage();
  await page.goto(url);
  const ours = (await renderers(browser)).filter((pid) => !before.has(pid));
  const cdp = await context.newCDPSession(page);
  const figure: CurveVariantFigure = { variant: variant.id, title: variant.title };
  try {
    await page.getByText('Query engine ready.').waitFor({ timeout: 120_000 });
    const started = Date.now();
    await page.getByLabel('Open file…').setInputFiles(snapshot);
    const opened = page.getByRole('heading', { level: 2, name: 'Opened: tracker.db' });
    const failed = page.getByRole('alert');
    await opened.or(failed).first().waitFor({ timeout: 600_000 });
    if (await failed.count()) throw new Error((await failed.first().innerText()).replace(/\s+/g, ' ').trim());
    await page.getByRole('progressbar').waitFor({ state: 'detached', timeout: 600_000 });
    figure.loadMs = Date.now() - started;
    // The template notebook starts by itself; opening ours replaces it (cancelling its cells) and runs ours.
    await page.getByLabel('Open notebook…').setInputFiles(notebook);
    await page.getByRole('status', { name: `Status of cell ${variant.chart}`, exact: true }).waitFor({ timeout: 60_000 });
    await waitForChart(page, variant.chart, 'first run');
    process.stderr.write('.');
    resetPeakRss(ours);

    const runAll: number[] = [];
    const painted: number[] = [];
    const draws: number[] = [];
    const drawsPerRunAll: number[] = [];
    const drawsPerChartCell: number[] = [];
    const m4PerRunAll: number[] = [];
    const m4PerChartCell: number[] = [];
    const queryCells: number[] = [];
    const heaps: number[] = [];
    const buffers: number[] = [];
    let moved: number | undefined;
    let columns: number | null = null;
    // Run 0 warms up (JIT, Plot's code paths at this size) and is not counted.
    const first = warmUp ? 0 : 1;
    for (let run = first; run <= runs; run++) {
      await collectGarbage(cdp);
      const timing = await timeToChart(page, variant.chart, 'Run all');
      const summary = await chartSummary(page, variant.chart, variant, points);
      const queryStatus = await page.getByRole('status', { name: 'Status of cell curves', exact: true }).innerText();
      const queryMs = parseMs(/Done in (.+)$/.exec(queryStatus)?.[1], `the status of cell curves, "${queryStatus}"`);
      await collectGarbage(cdp);
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
      if (run > 0) {
        runAll.push(timing.dom);
        drawsPerRunAll.push(timing.draws);
        m4PerRunAll.push(timing.m4);
        painted.push(timing.painted);
        draws.push(summary.drawMs);
        queryCells.push(queryMs);
        heaps.push(heap.usedSize);
        buffers.push(heap.backingStorageSize ?? 0);
      }
      moved = summary.moved;
      columns = summary.columns;
      process.stderr.write('.');
    }
    const chartCell: number[] = [];
    for (let run = first; run <= runs; run++) {
      await collectGarbage(cdp);
      const timing = await timeToChart(page, variant.chart, `Run cell ${variant.chart}`);
      const summary = await chartSummary(page, variant.chart, variant, points);
      if (run > 0) {
        chartCell.push(timing.dom);
        drawsPerChartCell.push(timing.draws);
        m4PerChartCell.push(timing.m4);
        draws.push(summary.drawMs);
      }
      process.stderr.write('.');
    }
    Object.assign(figure, {
      pointsMoved: moved,
      columns: variant.id === 'm4' ? columns : undefined,
      runAll: summarize(runAll),
      runAllPainted: summarize(painted),
      chartCell: summarize(chartCell),
      draw: summarize(draws),
      drawsPerRunAll: summarize(drawsPerRunAll).median,
      drawsPerChartCell: summarize(drawsPerChartCell).median,
      m4PerRunAll: variant.id === 'm4' ? summarize(m4PerRunAll).median : undefined,
      m4PerChartCell: variant.id === 'm4' ? summarize(m4PerChartCell).median : undefined,
      queryCell: summarize(queryCells),
      heapBytes: summarize(heaps).median,
      arrayBufferBytes: summarize(buffers).median,
      peakRssBytes: rendererPeak(ours),
    });
  } catch (error) {
    figure.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    await context.close();
  }
  return figure;
}

/** Waits until the chart shows its lines (or a cell failed, which throws with its status). */
async function waitForChart(page: Page, chart: string, what: string) {
  await page.evaluate(FAILURE_SCRIPT);
  const outcome = await page.waitForFunction(
    (chart) => {
      const failure = (window as unknown as { benchFailure: (chart: string) => string | null }).benchFailure(chart);
      if (failure) return failure;
      return document.querySelector(`figure[aria-label="Chart of ${chart}"] .plot svg g[aria-label="line"] path`) ? 'drawn' : false;
    },
    chart,
    { timeout: 600_000, polling: 100 },
  );
  const text = await outcome.jsonValue();
  if (text !== 'drawn') throw new Error(`${what}: ${text}`);
}

/**
 * Presses a button and times, inside the page, until the chart of the new output is in the DOM
 * with its line paths (a MutationObserver), and until two animation frames later (the first frame
 * with it painted). Milliseconds from the press. The new output is the one drawn once the chart
 * cell's status has changed to Done: the app draws the chart again, from the output it already
 * had, each time its cell's status changes (queued, running), and those drawings are counted
 * (`draws`, the last one included) but are not the end.
 */
type ChartTiming = { dom: number; painted: number; draws: number; m4: number };

/**
 * Installed before the app loads: counts the M4 statements the page sends DuckDB's worker (the
 * statement's own text marks it), so a run shows how many it took. One string test per message.
 */
const M4_COUNTER = `(() => {
  window.benchM4 = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    const sql = message && Array.isArray(message.data) ? message.data[1] : undefined;
    if ((message.type === 'RUN_QUERY' || message.type === 'START_PENDING_QUERY') && typeof sql === 'string' && sql.includes('unnest([first, last, low, high])')) window.benchM4++;
    return post.call(this, message, ...rest);
  };
})()`;

async function timeToChart(page: Page, chart: string, button: string): Promise<ChartTiming> {
  // A string, not a function: tsx's name-keeping helper (__name) does not exist in the page.
  await page.evaluate(`(() => {
    const chart = ${JSON.stringify(chart)}, button = ${JSON.stringify(button)};
    const figure = () => document.querySelector('figure[aria-label="Chart of ' + chart + '"]');
    const status = () => document.querySelector('[aria-label="Status of cell ' + chart + '"]')?.textContent ?? '';
    const before = status();
    const target = [...document.querySelectorAll('button')].find((each) => (each.getAttribute('aria-label') ?? each.textContent.trim()) === button);
    if (!target) throw new Error('no button ' + button);
    const state = { start: 0, dom: 0, painted: 0, draws: 0, m4: window.benchM4 };
    window.benchChart = state;
    let shown = figure()?.querySelector('.plot > *') ?? null;
    const observer = new MutationObserver(() => {
      if (state.dom) return;
      const now = figure()?.querySelector('.plot > *') ?? null;
      const lines = now?.querySelector('g[aria-label="line"] path');
      if (!now || now === shown || !lines) return;
      shown = now;
      state.draws++;
      const current = status();
      if (current === before || !/Done/.test(current)) return;
      state.dom = performance.now() - state.start;
      state.m4 = window.benchM4 - state.m4;
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => (state.painted = performance.now() - state.start)));
    });
    observer.observe(document.body, { childList: true, subtree: true });
    state.start = performance.now();
    target.click();
  })()`);
  const outcome = await page.waitForFunction(
    (chart) => {
      const state = (window as unknown as { benchChart: ChartTiming }).benchChart;
      if (state.painted) return state;
      return (window as unknown as { benchFailure: (chart: string) => string | null }).benchFailure(chart) ?? false;
    },
    chart,
    { timeout: 600_000, polling: 50 },
  );
  const value = (await outcome.jsonValue()) as string | ChartTiming;
  if (typeof value === 'string') throw new Error(value);
  return value;
}

/** Installed in the page: what went wrong with the notebook's cells or the chart, in the page's words; null while nothing did. */
const FAILURE_SCRIPT = `window.benchFailure = (chart) => {
  for (const name of ['curves', chart]) {
    const status = document.querySelector('[aria-label="Status of cell ' + name + '"]');
    if (status && /Failed|Waiting for|Cancelled/.test(status.textContent)) return 'cell ' + name + ': ' + (status.closest('section')?.innerText ?? status.textContent).replace(/\\s+/g, ' ').slice(0, 400);
  }
  const alert = document.querySelector('figure[aria-label="Chart of ' + chart + '"] [role="alert"]');
  return alert ? alert.textContent : null;
}`;

/**
 * The chart's summary: "1,000 runs; 812,345 of 1,000,000 points moved into the page (M4 at 1,180
 * pixel columns); drawn in 950 ms" or "1,000,000 rows; drawn in 4.20 s". Read a frame after the
 * chart appeared, so "drawn in" is this draw's.
 */
async function chartSummary(page: Page, chart: string, variant: Variant, points: number): Promise<{ moved: number; columns: number | null; drawMs: number }> {
  const text = (await page.getByLabel(`Chart summary of Chart of ${chart}`, { exact: true }).innerText()).replace(/\s+/g, ' ');
  const count = (s: string | undefined) => (s === undefined ? NaN : Number(s.replace(/,/g, '')));
  const drawn = /drawn in ([\d.,]+ m?s)/.exec(text);
  if (!drawn) throw new Error(`no "drawn in" in the chart summary: ${text}`);
  const drawMs = parseMs(drawn[1], `the chart summary "${text}"`);
  if (variant.id === 'm4') {
    const m = /([\d,]+) of ([\d,]+) points moved into the page \(M4 at ([\d,]+) pixel columns\)/.exec(text);
    if (!m) throw new Error(`unexpected M4 chart summary: ${text}`);
    if (count(m[2]) !== points) throw new Error(`the M4 chart reads ${m[2]} points, not the ${points} the snapshot has: ${text}`);
    return { moved: count(m[1]), columns: count(m[3]), drawMs };
  }
  const rows = count(/^([\d,]+) rows?/.exec(text)?.[1]);
  // The fair peer draws every point; a capped input (a SQL cell's first 200,000 rows) would not be.
  if (rows !== points) throw new Error(`the every-point chart drew ${rows} rows, not all ${points} points: ${text}`);
  return { moved: rows, columns: null, drawMs };
}

function parseMs(text: string | undefined, where = 'the chart summary'): number {
  const m = /^([\d.,]+) (ms|s)$/.exec(text?.trim() ?? '');
  if (!m) throw new Error(`no duration in ${where}`);
  return Number(m[1].replace(/,/g, '')) * (m[2] === 's' ? 1000 : 1);
}

async function collectGarbage(cdp: CDPSession) {
  await cdp.send('HeapProfiler.collectGarbage');
}

async function renderers(browser: Browser): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await session.detach();
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/** Linux: writing 5 to clear_refs resets VmHWM, so the peak measured is the runs', not the load's. */
function resetPeakRss(pids: number[]) {
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // Not allowed here: the peak then includes the load.
    }
  }
}

/** VmHWM of the tab's renderer (DuckDB's worker included): the most memory it held at once. */
function rendererPeak(pids: number[]): number | null {
  const peaks = pids.map((pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024);
  return peaks.length ? Math.max(...peaks) : null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === 'generate') await generate(process.argv[3]);
