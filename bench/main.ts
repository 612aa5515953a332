// npm run bench [-- --quick] [--sizes 100k,1m,10m] [--runs 5] [--no-chromium] [--chart-only] [--threads-only]
// --quick: the 100k snapshot, 3 runs, one Chromium run of the SQLite file: a smoke test for CI (under
// a minute), not figures to quote.
// --chart-only: only the per-run curve chart on many runs (bench/curve-chart.ts); its section of the
// results files is replaced and the rest of them kept.
// --threads-only: only DuckDB-WASM's threaded build beside its single-threaded one in Chromium
// (bench/threads.ts), on the 1m snapshot unless --sizes names one; likewise only its section changes.
// Trialbook's load and workloads beside native DuckDB, sql.js and plain JS, in one run, on one
// machine; every answer checked against Trialbook's before any time is reported.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { answerDifference } from './answers.ts';
import { measureChromium } from './chromium.ts';
import { measureCurveChart } from './curve-chart.ts';
import { measureThreads } from './threads.ts';
import { fromWire, PEERS, type PeerRun } from './child.ts';
import type { BenchResults, SizeResult } from './report.ts';
import { renderCurveChart, renderMarkdown, renderThreads } from './report.ts';
import { dataFiles, generatorKey, isSizeLabel, OUT, SIZES, type SizeLabel } from './sizes.ts';
import { WORKLOAD_IDS } from './workloads.ts';

const BENCH = import.meta.dirname;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    'no-chromium': { type: 'boolean', default: false },
    'chart-only': { type: 'boolean', default: false },
    'threads-only': { type: 'boolean', default: false },
  },
});
const quick = values.quick!;
const sizes = (values.sizes ?? (quick ? '100k' : Object.keys(SIZES).join(','))).split(',').map((s) => s.trim().toLowerCase());
const bad = sizes.filter((s) => !isSizeLabel(s));
if (bad.length) throw new Error(`unknown size ${bad.join(', ')}: use ${Object.keys(SIZES).join(', ')}`);
const runs = Number(values.runs ?? (quick ? 3 : 5));
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1 (5 or more for figures worth quoting)');

const chromiumRuns = quick ? 1 : runs;
const chartOnly = values['chart-only']!;
const threadsOnly = values['threads-only']!;
if (chartOnly && threadsOnly) throw new Error('--chart-only and --threads-only each run one part: pick one, or neither for everything');
if ((chartOnly || threadsOnly) && values['no-chromium']) throw new Error(`--${chartOnly ? 'chart' : 'threads'}-only measures in Chromium: drop --no-chromium`);
// The threaded build against the single-threaded one: one snapshot is enough to show the ratio.
const threadsSize = (values.sizes ? sizes[0] : quick ? '100k' : '1m') as SizeLabel;
const onePart = chartOnly || threadsOnly;
// A quick run is a smoke test: it must not replace the figures the README quotes.
const base = quick ? join(OUT, 'results-quick') : join(BENCH, 'results');

if (!onePart) installPeers();
const results: BenchResults = onePart && existsSync(`${base}.json`)
  ? (JSON.parse(readFileSync(`${base}.json`, 'utf8')) as BenchResults)
  : { date: new Date().toISOString().slice(0, 10), machine: machine(), runs, chromiumRuns, quick, sizes: [] };
for (const size of (onePart ? [] : sizes) as SizeLabel[]) {
  ensureData(size);
  console.error(`${size}:`);
  const peerRuns: PeerRun[] = [];
  // Trialbook first: it writes the canonical tables and SQL the native and plain-JS peers read.
  for (const peer of PEERS) peerRuns.push(await runChild(peer, size));
  const ours = peerRuns[0];
  const disagreements = peerRuns.slice(1).flatMap((run) =>
    WORKLOAD_IDS.flatMap((id) => {
      const difference = answerDifference(fromWire(ours.workloads[id]!.answer), fromWire(run.workloads[id]!.answer));
      return difference ? [{ peer: run.peer, workload: id, difference }] : [];
    }),
  );
  const files = dataFiles(size);
  const [sqlite] = ours.loads;
  const inputs = [
    { path: files.sqlite, name: 'tracker.db', input: 'SQLite', metricRows: sqlite.metricRows },
    { path: files.parquet, name: 'metrics.parquet', input: 'flat Parquet', metricRows: sqlite.metricRows },
  ];
  const chromium = values['no-chromium'] ? null : await measureChromium(quick ? inputs.slice(0, 1) : inputs, chromiumRuns);
  console.error('');
  const peers = peerRuns.map(({ workloads, ...rest }) => ({
    ...rest,
    workloads: Object.fromEntries(Object.entries(workloads).map(([id, w]) => [id, { timing: w!.timing, rows: w!.answer.rows.length }])),
  }));
  results.sizes.push({ size, metricRows: sqlite.metricRows, peers, disagreements, chromium } satisfies SizeResult);
}

// After the Chromium load figures: the per-run curve chart, M4 beside drawing every point.
if (!values['no-chromium'] && !threadsOnly) {
  console.error('curve chart (Chromium):');
  results.curveChart = { ...(await measureCurveChart({ quick, runs: chromiumRuns })), machine: machine() };
}

// Then the threaded DuckDB-WASM build beside the single-threaded one, on one snapshot.
if (!values['no-chromium'] && !chartOnly) {
  ensureData(threadsSize);
  console.error(`threaded beside single-threaded (Chromium, ${threadsSize}):`);
  results.threads = { ...(await measureThreads({ size: threadsSize, sqlite: dataFiles(threadsSize).sqlite, runs: chromiumRuns, quick })), machine: machine() };
  console.error('');
}

const markdown = renderMarkdown(results);
mkdirSync(OUT, { recursive: true });
writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
writeFileSync(`${base}.md`, markdown);
console.log(chartOnly && results.curveChart ? renderCurveChart(results.curveChart) : threadsOnly && results.threads ? renderThreads(results.threads) : markdown);
console.error(`wrote ${base}.json and ${base}.md`);
if (results.sizes.some((s) => s.disagreements.length)) {
  console.error('Some peer answered differently from Trialbook: the timings above compare different work.');
  process.exitCode = 1;
}

/** Native DuckDB has bindings per platform, so it lives in bench/package.json, not the app's lock. */
function installPeers() {
  const installed = join(BENCH, 'node_modules/@duckdb/node-api/package.json');
  const wanted = JSON.parse(readFileSync(join(BENCH, 'package.json'), 'utf8')).dependencies['@duckdb/node-api'];
  if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === wanted) return;
  console.error(`installing the benchmark's peers (@duckdb/node-api ${wanted}) into bench/node_modules`);
  const npm = spawnSync('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: 'inherit' });
  if (npm.status !== 0) throw new Error('npm install in bench/ failed: native DuckDB is the main peer, so the benchmark stops here');
}

function ensureData(size: SizeLabel) {
  const files = dataFiles(size);
  if (existsSync(files.key) && readFileSync(files.key, 'utf8') === generatorKey(size)) return;
  console.error(`generating the ${size} snapshot (kept in ${files.dir} for later runs)`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH, 'generate.ts'), size], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`generating the ${size} snapshot failed`);
}

function runChild(peer: string, size: SizeLabel): Promise<PeerRun> {
  process.stderr.write(`  ${peer} `);
  const child = spawn(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', join(BENCH, 'child.ts'), peer, size, String(runs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      process.stderr.write('\n');
      if (code !== 0) return fail(new Error(`the ${peer} run on ${size} failed (exit ${code})`));
      done(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PeerRun);
    });
  });
}

function machine(): Record<string, string | number> {
  const chromium = (() => {
    try {
      return execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().replace(/^Chromium\s*/, '');
    } catch {
      return 'not found';
    }
  })();
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    os: `${osType()} ${release()}`,
    node: process.versions.node,
    chromium,
    duckdb_wasm: JSON.parse(readFileSync(resolve(BENCH, '../node_modules/@duckdb/duckdb-wasm/package.json'), 'utf8')).version,
    duckdb_native: existsSync(join(BENCH, 'node_modules/@duckdb/node-api/package.json')) ? JSON.parse(readFileSync(join(BENCH, 'node_modules/@duckdb/node-api/package.json'), 'utf8')).version : 'not installed',
    sql_js: JSON.parse(readFileSync(resolve(BENCH, '../node_modules/sql.js/package.json'), 'utf8')).version,
  };
}
