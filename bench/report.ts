import type { ChromiumFigure } from './chromium.ts';
import type { CurveChartResult } from './curve-chart.ts';
import type { PeerId, PeerRun } from './child.ts';
import type { Timing } from './measure.ts';
import type { ThreadsResult } from './threads.ts';
import { WORKLOADS } from './workloads.ts';

export interface SizeResult {
  size: string;
  metricRows: number;
  /** Without answers: each peer's loads, workload timings and peak memory. */
  peers: (Omit<PeerRun, 'workloads'> & { workloads: Record<string, { timing: Timing; rows: number }> })[];
  /** Per peer and workload, where its answer differs from Trialbook's; empty when all agree. */
  disagreements: { peer: PeerId; workload: string; difference: string }[];
  chromium: ChromiumFigure[] | null;
}

export interface BenchResults {
  date: string;
  machine: Record<string, string | number>;
  runs: number;
  chromiumRuns: number;
  quick: boolean;
  sizes: SizeResult[];
  /** The per-run curve chart on many runs, M4 beside drawing every point (bench/curve-chart.ts); absent with --no-chromium. */
  curveChart?: CurveChartResult | null;
  /** DuckDB-WASM's threaded build beside its single-threaded one in Chromium (bench/threads.ts); absent with --no-chromium. */
  threads?: ThreadsResult | null;
}

const PEER_COLUMNS: PeerId[] = ['native-1', 'native-all', 'sqljs', 'plain-js'];
const PEER_TITLES: Record<PeerId, string> = {
  trialbook: 'Trialbook', 'native-1': 'native 1 thread', 'native-all': 'native all threads', sqljs: 'sql.js', 'plain-js': 'plain JS',
};

const ms = (t: Timing) => (t.median >= 100 ? t.median.toFixed(0) : t.median.toPrecision(2));
const spread = (t: Timing) => `${ms(t)} (${ms({ ...t, median: t.min })}–${ms({ ...t, median: t.max })})`;
const ratio = (peer: Timing, ours: Timing) => `${(peer.median / ours.median).toFixed(2)}×`;
const rate = (rows: number, t: Timing) => `${(rows / (t.median / 1000) / 1e6).toFixed(2)} M/s`;
const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MB`);

/** The results as Markdown: per size, workloads (ms and peer ÷ Trialbook), loads and memory. */
export function renderMarkdown(results: BenchResults): string {
  const lines = [
    `Measured ${results.date} on ${results.machine.cpu} (${results.machine.cores} cores, ${results.machine.memory}), ${results.machine.os}, Node ${results.machine.node}, Chromium ${results.machine.chromium}; median of ${results.runs} runs after a warm-up (Chromium: ${results.chromiumRuns}), min–max in brackets, ms. A ratio is the peer's time ÷ Trialbook's: above 1, Trialbook is faster.`,
  ];
  for (const size of results.sizes) {
    const ours = size.peers.find((p) => p.peer === 'trialbook')!;
    const others = PEER_COLUMNS.map((id) => size.peers.find((p) => p.peer === id)).filter((p) => p !== undefined);
    lines.push('', `### ${size.size} metric rows (${size.metricRows.toLocaleString('en-US')} values)`, '');
    lines.push(`| workload | Trialbook | ${others.map((p) => `${PEER_TITLES[p.peer]} | ÷`).join(' | ')} |`);
    lines.push(`|---|---:|${others.map(() => '---:|---:').join('|')}|`);
    for (const workload of WORKLOADS) {
      const mine = ours.workloads[workload.id].timing;
      const cells = others.map((p) => `${spread(p.workloads[workload.id].timing)} | ${ratio(p.workloads[workload.id].timing, mine)}`);
      lines.push(`| ${workload.title} | ${spread(mine)} | ${cells.join(' | ')} |`);
    }
    lines.push('', '| load | time | metric rows/s | file rows/s |', '|---|---:|---:|---:|');
    const loadRow = (what: string, load: { timing?: Timing; error?: string; metricRows: number; fileRows?: number }) =>
      load.timing
        ? `| ${what} | ${spread(load.timing)} | ${rate(load.metricRows, load.timing)} | ${load.fileRows ? rate(load.fileRows, load.timing) : ''} |`
        : `| ${what} | failed: ${load.error} | | |`;
    for (const load of ours.loads) lines.push(loadRow(`Trialbook, Node: ${load.input}`, load));
    for (const figure of size.chromium ?? []) lines.push(loadRow(`Trialbook, Chromium: ${figure.input}`, { ...figure, timing: figure.load }));
    for (const peer of others) for (const load of peer.loads) lines.push(loadRow(`${PEER_TITLES[peer.peer]}: ${load.input}`, load));
    if (size.chromium?.length) {
      const answered = size.chromium.filter((f) => f.analysis);
      const older = size.chromium.filter((f) => f.firstAnswer);
      if (older.length) lines.push('', `First answer in Chromium (per-trial template: IQR exclusion, CIs, Welch comparison): ${older.map((f) => `${spread(f.firstAnswer!)} ms after loading ${f.input}`).join('; ')}.`);
      if (answered.length) lines.push('', `Template analysis complete in Chromium (from picking the file to every notebook cell run: overview, per-trial with IQR exclusion, CIs and Welch comparison, failures, training curves, charts): ${answered.map((f) => `${spread(f.analysis!)} ms for ${f.input}`).join('; ')}.`);
    }
    const memory = [...size.peers.map((p) => `${PEER_TITLES[p.peer]} ${mb(p.peakRssBytes)}`), ...(size.chromium ?? []).map((f) => `Chromium tab (${f.input}) ${mb(f.peakRssBytes)}`)];
    lines.push('', `Peak memory (resident, whole process): ${memory.join(' · ')}.`);
    lines.push('', size.disagreements.length
      ? `**Answers differ:** ${size.disagreements.map((d) => `${PEER_TITLES[d.peer]} on ${d.workload}: ${d.difference}`).join('; ')}.`
      : 'Every peer gave the same answers as Trialbook (to 1e-9 relative).');
  }
  if (results.curveChart) lines.push('', renderCurveChart(results.curveChart).trimEnd());
  if (results.threads) lines.push('', renderThreads(results.threads).trimEnd());
  return lines.join('\n') + '\n';
}

/** The threads section: per workload, the threaded build, the single-threaded one, and single ÷ threaded. */
export function renderThreads(result: ThreadsResult): string {
  const [threaded, single] = (['threaded', 'single'] as const).map((id) => result.builds.find((b) => b.build === id)!);
  const where = result.machine ? ` on ${result.machine.cpu} (${result.machine.cores} cores), Chromium ${result.machine.chromium}` : '';
  const lines = [
    '### Threaded DuckDB-WASM beside single-threaded (Chromium)',
    '',
    `Measured ${result.date}${where}; the ${result.size} snapshot (${result.metricRows.toLocaleString('en-US')} metric values, \`tracker.db\`); median of ${result.runs} runs after a warm-up, min–max in brackets, ms.${result.quick ? ' A --quick smoke run: not figures to quote.' : ''} ` +
      'The same build served with COOP/COEP (cross-origin isolated), opened in a browser each at `?engine=threaded` (the threaded coi build) and without it (the single-threaded eh build, the default); the runs take turns between the two. ' +
      `The machine's 1-minute load average (this run's own work included) was ${result.loadAverage.before.toFixed(1)} when the runs began and ${result.loadAverage.after.toFixed(1)} when they ended${result.machine ? `, on ${result.machine.cores} cores` : ''}: above the core count, other work was competing for them. ` +
      'The other Chromium figures in this file are of the single-threaded build. A ratio is single-threaded ÷ threaded: above 1, the threads make it faster.',
    '',
  ];
  const failures = [threaded, single].filter((b) => b.error);
  if (failures.length) {
    lines.push(...failures.map((b) => `- **${b.build}**: failed: ${b.error}`));
    return lines.join('\n') + '\n';
  }
  lines.push(`| workload | threaded (${threaded.engine}) | single-threaded (${single.engine}) | ÷ |`, '|---|---:|---:|---:|');
  const row = (title: string, a: Timing, b: Timing) => lines.push(`| ${title} | ${spread(a)} | ${spread(b)} | ${ratio(b, a)} |`);
  row('engine start: page opened → engine ready', threaded.start!, single.start!);
  row('load: file picked → overview', threaded.load!, single.load!);
  row('file picked → template notebook complete', threaded.notebook!, single.notebook!);
  for (const workload of WORKLOADS) row(workload.title, threaded.workloads![workload.id]!, single.workloads![workload.id]!);
  lines.push(`| tab peak memory (resident) | ${mb(threaded.peakRssBytes ?? null)} | ${mb(single.peakRssBytes ?? null)} | |`);
  lines.push('', 'Workloads: each a notebook cell (a query cell per spec, a SQL cell for M4), timed by its own status ("Done in …") in each Run all; both builds gave the same row counts.');
  return lines.join('\n') + '\n';
}

/** The curve chart section: per input, the M4 chart, the every-point chart, and M4 ÷ every point. */
export function renderCurveChart(result: CurveChartResult): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const where = result.machine ? ` on ${result.machine.cpu} (${result.machine.cores} cores), Chromium ${result.machine.chromium}` : '';
  const lines = [
    '### Per-run curve chart: M4 beside every point (Chromium)',
    '',
    `Measured ${result.date}${where}; viewport ${result.viewport}; a fresh tab per chart; median of ${result.runs} runs after a warm-up, min–max in brackets, ms.${result.quick ? ' A --quick smoke run: small inputs, not figures to quote.' : ''} ` +
      "Both charts read the same query cell `curves` (val_loss of every completed run, at epoch level). M4: `mark: runs`, each run's points reduced in DuckDB to first/last/min/max per pixel column. " +
      'Every point: `mark: line, x: epoch, y: value, color: run_id` over the query cell\'s rows (a SQL cell hands a chart only its first 200,000 rows, so it is not the peer). ' +
      '*Run all*: pressing Run all to the new output\'s chart SVG in the DOM (query cell, chart cell, M4 fetch, draw); *chart cell*: the chart cell\'s own Run; ' +
      '*drawings per press* (Run all / chart cell): how often the chart was drawn until then, the last included (the app redraws it from its old output at each status change of its cell), and for M4 how many M4 statements DuckDB ran (it fetches the points again at each status change too; the last one is drawn); ' +
      '*Plot draw*: one render alone, as the chart\'s summary says; ' +
      'heap: the page\'s JS heap after a forced GC with the chart shown, and its ArrayBuffers (Arrow tables); tab peak: the renderer\'s peak resident memory during the runs (DuckDB\'s worker included).',
    '',
    '| input | chart | points in the chart | Run all → chart | chart cell → chart | drawings per press | Plot draw | JS heap | ArrayBuffers | tab peak |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const notes: string[] = [];
  for (const scenario of result.scenarios) {
    const input = `${count(scenario.runs)} runs × ${count(scenario.epochs)} epochs (${count(scenario.points)} points; tracker.db ${mb(scenario.snapshotBytes)})`;
    scenario.variants.forEach((v, index) => {
      const first = index === 0 ? input : '';
      if (v.error) return void lines.push(`| ${first} | ${v.title} | failed: ${v.error} | | | | | | | |`);
      const points = `${count(v.pointsMoved!)}${v.columns ? ` (${count(v.columns)} columns)` : ''}`;
      lines.push(`| ${first} | ${v.title} | ${points} | ${spread(v.runAll!)} | ${spread(v.chartCell!)} | ${v.drawsPerRunAll} / ${v.drawsPerChartCell}${v.m4PerRunAll !== undefined ? ` (M4 statements: ${v.m4PerRunAll} / ${v.m4PerChartCell})` : ''} | ${spread(v.draw!)} | ${mb(v.heapBytes!)} | ${mb(v.arrayBufferBytes!)} | ${mb(v.peakRssBytes ?? null)} |`);
    });
    const m4 = scenario.variants.find((v) => v.variant === 'm4' && !v.error);
    const full = scenario.variants.find((v) => v.variant === 'full' && !v.error);
    if (m4 && full) {
      const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
      const peak = m4.peakRssBytes && full.peakRssBytes ? times(m4.peakRssBytes, full.peakRssBytes) : 'n/a';
      lines.push(`| | M4 ÷ every point | ${times(m4.pointsMoved!, full.pointsMoved!)} | ${ratio(m4.runAll!, full.runAll!)} | ${ratio(m4.chartCell!, full.chartCell!)} | | ${ratio(m4.draw!, full.draw!)} | ${times(m4.heapBytes!, full.heapBytes!)} | ${times(m4.arrayBufferBytes!, full.arrayBufferBytes!)} | ${peak} |`);
      notes.push(`${count(scenario.runs)} × ${count(scenario.epochs)}: ${ms(m4.queryCell!)} ms in the M4 tab, ${ms(full.queryCell!)} ms in the other; snapshot opened in ${(m4.loadMs! / 1000).toFixed(1)} s and ${(full.loadMs! / 1000).toFixed(1)} s`);
    }
  }
  lines.push('', 'M4 ÷ every point below 1: M4 is smaller or faster.');
  if (notes.length) lines.push('', `The \`curves\` query cell itself, in each Run all (it moves all its rows into the page as Arrow, whichever chart reads it): ${notes.join('; ')}.`);
  return lines.join('\n') + '\n';
}
