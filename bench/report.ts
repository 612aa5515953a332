import type { ChromiumFigure } from './chromium.ts';
import type { PeerId, PeerRun } from './child.ts';
import type { Timing } from './measure.ts';
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
      lines.push('', `Template analysis complete in Chromium (from picking the file to every notebook cell run: overview, per-trial with IQR exclusion, CIs and Welch comparison, failures, training curves, charts): ${answered.map((f) => `${spread(f.analysis!)} ms for ${f.input}`).join('; ')}.`);
    }
    const memory = [...size.peers.map((p) => `${PEER_TITLES[p.peer]} ${mb(p.peakRssBytes)}`), ...(size.chromium ?? []).map((f) => `Chromium tab (${f.input}) ${mb(f.peakRssBytes)}`)];
    lines.push('', `Peak memory (resident, whole process): ${memory.join(' · ')}.`);
    lines.push('', size.disagreements.length
      ? `**Answers differ:** ${size.disagreements.map((d) => `${PEER_TITLES[d.peer]} on ${d.workload}: ${d.difference}`).join('; ')}.`
      : 'Every peer gave the same answers as Trialbook (to 1e-9 relative).');
  }
  return lines.join('\n') + '\n';
}
