import { compileRunFacts } from '../query/run-values.ts';
import type { GroupKey } from '../query/spec.ts';
import { plainRows, type PlainValue } from '../result/values.ts';
import type { Analysis, Processor, ProcessorContext } from './analysis.ts';
import { chiSquareIndependence, fisherExact2x2 } from './math/contingency.ts';
import { adjustPValues } from './math/p-adjust.ts';
import { wilsonInterval } from './math/wilson.ts';
import { byOption, checkKeys, choiceOption, fractionOption, keyName } from './options.ts';
import { groupLabels } from './run-groups.ts';
import { pValue, plural } from './wording.ts';

const WINDOWS = ['hour', 'day', 'week'] as const;
const CORRECTIONS = ['holm', 'bonferroni', 'bh', 'none'] as const;

export interface FailuresOptions {
  by: GroupKey[];
  params: string[];
  confidence: number;
  correction: (typeof CORRECTIONS)[number];
  alpha: number;
  window: (typeof WINDOWS)[number];
}

type Run = Record<string, PlainValue>;

/**
 * Why runs fail: the failure rate per group (runs, not rows) with Wilson intervals; which trial
 * or param value goes with failure (Fisher's exact test of each value against the rest, and a
 * chi-square test per factor, adjusted); how far failed runs got; and failures over time.
 */
export const failures: Processor<FailuresOptions> = {
  name: 'failures',
  resolve(raw, path, p, _query, catalog) {
    checkKeys(raw, path, p, ['by', 'params', 'confidence', 'correction', 'alpha', 'window']);
    const params = raw.params === undefined ? catalog.params : p.many(raw.params, `${path}.params`, (value, at) => {
      const key = p.text(value, at);
      if (key !== null && !catalog.params.includes(key)) p.add(at, `no param '${key}' in this snapshot${catalog.params.length ? `; it has ${catalog.params.join(', ')}` : ' (it has no params)'}`);
      return key;
    });
    return {
      by: byOption(raw.by, `${path}.by`, p, catalog),
      params,
      confidence: fractionOption(raw.confidence, `${path}.confidence`, p, 0.95),
      correction: choiceOption(raw.correction, `${path}.correction`, p, CORRECTIONS, 'holm'),
      alpha: fractionOption(raw.alpha, `${path}.alpha`, p, 0.05),
      window: choiceOption(raw.window, `${path}.window`, p, WINDOWS, 'day'),
    };
  },
  async run(context: ProcessorContext, options) {
    const byParams = options.by.flatMap((k) => (k.kind === 'param' ? [k.key] : []));
    const runs = plainRows(await context.engine.query(compileRunFacts(context.query, [...byParams, ...options.params])));
    const failed = (run: Run) => run.status === 'failed';
    const notes: string[] = [];
    if (context.query.runs.status && !(context.query.runs.status.length === 1 && context.query.runs.status[0] === 'failed')) notes.push('Every status is counted here, whatever the query\'s runs.status filter says: a failure rate needs the failed runs.');
    const rates = groupRates(runs, options, failed);
    const factors: { factor: string; column: (run: Run) => string }[] = [
      ...options.by.map((key) => ({ factor: keyName(key), column: groupColumn(key, runs) })),
      ...options.params.filter((key) => !byParams.includes(key)).map((key) => ({ factor: `param:${key}`, column: (run: Run) => String(run[`param:${key}`] ?? '(none)') })),
    ];
    const { associations, factorTests } = associate(runs, factors, failed, options);
    const total = runs.filter(failed).length;
    return {
      processor: 'failures',
      title: `Failures by ${options.by.map(keyName).join(', ')}`,
      options: { ...options, by: options.by.map(keyName) },
      tables: [
        { name: 'rates', rows: rates },
        { name: 'associations', rows: associations },
        { name: 'factors', rows: factorTests },
        { name: 'last_epoch', rows: lastEpochs(runs, failed) },
        { name: 'over_time', rows: overTime(runs, failed, options) },
      ],
      findings: findings(runs, associations, failed, options, total),
      notes,
    } satisfies Analysis;
  },
};

/** A run's value of a grouping; trials that share a name across experiments stay apart. */
function groupColumn(key: GroupKey, runs: Run[]): (run: Run) => string {
  if (key.kind === 'param') return (run) => String(run[`param:${key.key}`] ?? '(none)');
  if (key.kind === 'experiment') return (run) => String(run.experiment);
  if (key.kind === 'status') return (run) => String(run.status);
  const trials = new Map(runs.map((run) => [run.trial_id, { trial: run.trial, experiment: run.experiment }]));
  const ids = [...trials.keys()];
  const labels = new Map(groupLabels([...trials.values()]).map((label, i) => [ids[i], label]));
  return (run) => labels.get(run.trial_id)!;
}

function groupRates(runs: Run[], options: FailuresOptions, failed: (run: Run) => boolean): Record<string, PlainValue>[] {
  const columns = options.by.map((key) => groupColumn(key, runs));
  const label = (run: Run) => columns.map((column) => column(run)).join(' / ');
  const groups = new Map<string, Run[]>();
  for (const run of runs) {
    if (!groups.has(label(run))) groups.set(label(run), []);
    groups.get(label(run))!.push(run);
  }
  return [...groups].map(([group, members]) => {
    const k = members.filter(failed).length;
    const [low, high] = wilsonInterval(k, members.length, options.confidence);
    return { group, runs: members.length, failed: k, incomplete: members.filter((r) => r.status === 'incomplete').length, rate: k / members.length, ci_low: low, ci_high: high };
  }).sort((a, b) => b.rate - a.rate);
}

function associate(runs: Run[], factors: { factor: string; column: (run: Run) => string }[], failed: (run: Run) => boolean, options: FailuresOptions) {
  const associations: Record<string, PlainValue>[] = [];
  const factorTests: Record<string, PlainValue>[] = [];
  const total = runs.length;
  const totalFailed = runs.filter(failed).length;
  for (const { factor, column } of factors) {
    const levels = new Map<string, { runs: number; failed: number }>();
    for (const run of runs) {
      const level = levels.get(column(run)) ?? { runs: 0, failed: 0 };
      level.runs++;
      if (failed(run)) level.failed++;
      levels.set(column(run), level);
    }
    if (levels.size < 2) continue;
    for (const [value, level] of levels) {
      const table: [[number, number], [number, number]] = [[level.failed, level.runs - level.failed], [totalFailed - level.failed, total - level.runs - (totalFailed - level.failed)]];
      const fisher = fisherExact2x2(table);
      associations.push({ factor, value, failed: level.failed, runs: level.runs, rate: level.failed / level.runs, failed_elsewhere: totalFailed - level.failed, runs_elsewhere: total - level.runs, odds_ratio: Number.isFinite(fisher.oddsRatio) ? fisher.oddsRatio : null, p: fisher.p, p_adjusted: null });
    }
    const chi = chiSquareIndependence([...levels.values()].map((l) => [l.failed, l.runs - l.failed]));
    factorTests.push({ factor, levels: levels.size, chi2: Number.isFinite(chi.chi2) ? chi.chi2 : null, df: chi.df, p: Number.isFinite(chi.p) ? chi.p : null, p_adjusted: null, reason: chi.reason ?? null });
  }
  if (options.correction !== 'none') {
    adjustPValues(associations.map((a) => a.p as number), options.correction).forEach((p, i) => (associations[i].p_adjusted = p));
    adjustPValues(factorTests.map((f) => (f.p as number | null) ?? NaN), options.correction).forEach((p, i) => (factorTests[i].p_adjusted = Number.isFinite(p) ? p : null));
  } else {
    for (const row of [...associations, ...factorTests]) row.p_adjusted = row.p;
  }
  associations.sort((a, b) => (a.p_adjusted as number) - (b.p_adjusted as number));
  return { associations, factorTests };
}

function lastEpochs(runs: Run[], failed: (run: Run) => boolean): Record<string, PlainValue>[] {
  const counts = new Map<number, number>();
  for (const run of runs.filter(failed)) counts.set(run.epochs as number, (counts.get(run.epochs as number) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([epochs, n]) => ({ epochs_reached: epochs, failed_runs: n }));
}

const WINDOW_MS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

function overTime(runs: Run[], failed: (run: Run) => boolean, options: FailuresOptions): Record<string, PlainValue>[] {
  const windows = new Map<number, { runs: number; failed: number }>();
  for (const run of runs) {
    if (typeof run.start_time !== 'string') continue;
    const start = Date.parse(`${run.start_time}Z`);
    // Weeks start on Monday (1970-01-05 was one).
    const offset = options.window === 'week' ? 4 * 86_400_000 : 0;
    const window = Math.floor((start - offset) / WINDOW_MS[options.window]) * WINDOW_MS[options.window] + offset;
    const bucket = windows.get(window) ?? { runs: 0, failed: 0 };
    bucket.runs++;
    if (failed(run)) bucket.failed++;
    windows.set(window, bucket);
  }
  return [...windows].sort((a, b) => a[0] - b[0]).map(([start, w]) => ({ window_start: new Date(start).toISOString().slice(0, options.window === 'hour' ? 16 : 10), runs: w.runs, failed: w.failed, rate: w.failed / w.runs }));
}

function findings(runs: Run[], associations: Record<string, PlainValue>[], failed: (run: Run) => boolean, options: FailuresOptions, total: number): string[] {
  if (total === 0) return [`None of the ${plural(runs.length, 'run')} in scope failed.`];
  const pName = options.correction === 'none' ? 'p' : `p_${options.correction}`;
  const risky = associations.filter((a) => (a.p_adjusted as number) < options.alpha && (a.rate as number) > ((a.failed_elsewhere as number) / Math.max(1, a.runs_elsewhere as number)));
  // A trial whose runs are exactly a param value's runs says the same thing; the param says what to change.
  const sameRuns = (a: Record<string, PlainValue>, b: Record<string, PlainValue>) => a.failed === b.failed && a.runs === b.runs && a.failed_elsewhere === b.failed_elsewhere;
  const said = risky.filter((a) => String(a.factor).startsWith('param:') || !risky.some((b) => b !== a && String(b.factor).startsWith('param:') && sameRuns(a, b)));
  const list = said.map((a) => `${a.failed} of ${a.runs} runs with ${label(a)} failed vs ${a.failed_elsewhere} of ${a.runs_elsewhere} elsewhere, ${pValue(a.p_adjusted as number, pName)}${advice(a, associations)}`);
  if (!list.length) list.push(`${total} of ${runs.length} runs failed; no trial or param value fails significantly more often than the rest (α = ${options.alpha}).`);
  const failedEpochs = runs.filter(failed).map((r) => r.epochs as number).sort((a, b) => a - b);
  const doneEpochs = runs.filter((r) => r.status === 'completed').map((r) => r.epochs as number).sort((a, b) => a - b);
  if (failedEpochs.length && doneEpochs.length) {
    const median = (x: number[]) => (x.length % 2 ? x[(x.length - 1) / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2);
    list.push(`Failed runs reached a median of ${median(failedEpochs)} epochs (completed runs: ${median(doneEpochs)}).`);
  }
  return list;
}

function label(row: Record<string, PlainValue>): string {
  const factor = String(row.factor);
  return factor.startsWith('param:') ? `${factor.slice(6)}=${row.value}` : `${factor} ${row.value}`;
}

/** For a numeric param, point away from the failing value when it is the highest or lowest tried. */
function advice(row: Record<string, PlainValue>, all: Record<string, PlainValue>[]): string {
  const factor = String(row.factor);
  if (!factor.startsWith('param:')) return `: look into ${row.value}`;
  const values = all.filter((a) => a.factor === factor).map((a) => Number(a.value));
  const value = Number(row.value);
  if (values.some(Number.isNaN) || Number.isNaN(value)) return `: avoid ${label(row)}`;
  if (value === Math.max(...values)) return `: lower ${factor.slice(6)}`;
  if (value === Math.min(...values)) return `: raise ${factor.slice(6)}`;
  return `: avoid ${label(row)}`;
}
