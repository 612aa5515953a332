import type { QuerySpec } from '../../src/query/spec.ts';
import { mean, quantile, sd, tQuantile } from '../fixtures/reference-stats.ts';
import { isPresent, METRICS, PARAM_KEYS, type Level, type SnapshotDescription } from './random-snapshot.ts';

/**
 * A slow, plain-JS evaluation of the query semantics in README "Queries", over a snapshot's
 * description. It covers this subset of the spec, and nothing else:
 * - experiments.ids/names, trials.ids/names/exclude, runs.ids, runs.status (list or 'any'; default completed);
 * - metrics.names and metrics.level (results, epoch or batch), the level inferred from the names;
 * - per_run last | first | min | max | mean | best | { epoch: N } (epoch and batch levels), in
 *   series order (epoch, batch, metric id);
 * - exclude_outliers method iqr, zscore, modified_zscore or custom, threshold or lower/upper,
 *   within all | experiment | trial, on the per-run value (or each results-level value of the
 *   metric: a run with two is judged twice);
 * - group_by experiment | trial | run | status | epoch | batch | param:<key> (trial params: the
 *   text, NULL for a trial without it); aggregate count | runs | mean | min |
 *   max | sum | median | std | var | sem (n − 1; null below 2 values) | pNN | ciNN (the
 *   t-interval, as ciNN_low and ciNN_high; null below 2 values).
 * order_by and limit are not applied here: the test checks them against the full row set.
 * `ambiguous` is set when a score lies within rounding of its threshold, where either answer is right.
 */
export type Row = Record<string, string | number | null>;

export interface Reference {
  columns: string[];
  rows: Row[];
  ambiguous: boolean;
}

interface Value {
  runId: number;
  metric: string;
  epoch: number | null;
  batch: number | null;
  metricId: number;
  value: number;
}

const list = <T>(v: T | T[] | undefined): T[] | null => (v === undefined ? null : Array.isArray(v) ? v : [v]);

export function referenceQuery(d: SnapshotDescription, spec: QuerySpec): Reference {
  const level = spec.metrics?.level ?? levelOf(spec.metrics?.names ?? []);
  const names = spec.metrics?.names ?? [...new Set(METRICS.filter((m) => m.level === level).map((m) => m.name))].filter((n) => d.values.some((v) => v.metric === n && v.level === level));
  const scope = runsInScope(d, spec);
  const rule = spec.exclude_outliers;
  const read = new Set([...names, ...(rule?.metric ? [rule.metric] : [])]);
  const epochOnly = typeof spec.per_run === 'object' ? spec.per_run.epoch : null;
  let series: Value[] = d.values
    .filter((v) => v.level === level && read.has(v.metric) && scope.has(v.runId) && (epochOnly === null || v.epoch === epochOnly))
    .flatMap((v) => (isPresent(v.value) ? [{ ...v, value: v.value }] : []));
  if (spec.per_run !== undefined) series = perRun(series, spec.per_run);
  let ambiguous = false;
  if (rule) {
    const outcome = outliers(d, series.filter((v) => v.metric === rule.metric), rule);
    ambiguous = outcome.ambiguous;
    series = series.filter((v) => !outcome.excluded.has(v.runId));
  }
  const kept = series.filter((v) => names.includes(v.metric));
  const grouped = spec.group_by !== undefined || spec.aggregate !== undefined;
  const position = spec.per_run === 'mean' ? [] : level === 'batch' ? ['epoch', 'batch'] : level === 'epoch' ? ['epoch'] : [];
  return { ...(grouped ? groupRows(d, kept, spec) : plainRows(d, kept, position)), ambiguous };
}

function levelOf(names: string[]): Level {
  return METRICS.find((m) => m.name === names[0])!.level;
}

function runsInScope(d: SnapshotDescription, spec: QuerySpec): Set<number> {
  const experimentIds = list(spec.experiments?.ids);
  const titles = list(spec.experiments?.names);
  const trialIds = list(spec.trials?.ids);
  const trialNames = list(spec.trials?.names);
  const excluded = list(spec.trials?.exclude) ?? [];
  const runIds = list(spec.runs?.ids);
  const status = spec.runs?.status === 'any' ? null : list(spec.runs?.status) ?? ['completed'];
  const ok = d.runs.filter((r) => {
    const trial = d.trials.find((t) => t.id === r.trialId)!;
    const experiment = d.experiments.find((e) => e.id === r.experimentId)!;
    return (!experimentIds?.length || experimentIds.includes(experiment.id))
      && (!titles?.length || titles.includes(experiment.title))
      && (!trialIds?.length || trialIds.includes(trial.id))
      && (!trialNames?.length || trialNames.includes(trial.name))
      && !excluded.includes(trial.name)
      && (!runIds?.length || runIds.includes(r.id))
      && (status === null || status.includes(r.status));
  });
  return new Set(ok.map((r) => r.id));
}

/** Series order is (epoch, metric id); among equal values min/max/best keep the earliest. */
function perRun(series: Value[], how: NonNullable<QuerySpec['per_run']>): Value[] {
  const byRun = new Map<string, Value[]>();
  for (const v of series) {
    const key = `${v.runId}\u0000${v.metric}`;
    byRun.set(key, [...(byRun.get(key) ?? []), v]);
  }
  return [...byRun.values()].map((values) => {
    const ordered = [...values].sort((a, b) => a.epoch! - b.epoch! || (a.batch ?? 0) - (b.batch ?? 0) || a.metricId - b.metricId);
    const lower = METRICS.find((m) => m.name === values[0].metric)!.lowerIsBetter;
    const pick = how === 'best' ? (lower ? 'min' : 'max') : how;
    if (pick === 'mean') return { ...ordered[0], epoch: null, batch: null, value: mean(ordered.map((v) => v.value)) };
    if (pick === 'first') return ordered[0];
    if (typeof pick === 'object' || pick === 'last') return ordered[ordered.length - 1];
    const target = pick === 'min' ? Math.min(...ordered.map((v) => v.value)) : Math.max(...ordered.map((v) => v.value));
    return ordered.find((v) => v.value === target)!;
  });
}

/** The MAD's scale, Φ⁻¹(0.75), as the README gives it. */
const MAD_SCALE = 0.6745;

function outliers(d: SnapshotDescription, judged: Value[], rule: NonNullable<QuerySpec['exclude_outliers']>): { excluded: Set<number>; ambiguous: boolean } {
  const within = rule.within ?? 'trial';
  const k = rule.threshold ?? { iqr: 1.5, zscore: 3, modified_zscore: 3.5, custom: 0 }[rule.method ?? 'iqr'];
  const partitionOf = (v: Value) => {
    const run = d.runs.find((r) => r.id === v.runId)!;
    return within === 'all' ? 0 : within === 'trial' ? run.trialId : run.experimentId;
  };
  const excluded = new Set<number>();
  let ambiguous = false;
  /** A score past k excludes; one within rounding of k could go either way. */
  const judge = (v: Value, score: number) => {
    if (Math.abs(score - k) < 1e-9 * k) ambiguous = true;
    if (score > k) excluded.add(v.runId);
  };
  if (rule.method === 'custom') {
    for (const v of judged) if ((rule.lower !== undefined && v.value < rule.lower) || (rule.upper !== undefined && v.value > rule.upper)) excluded.add(v.runId);
    return { excluded, ambiguous };
  }
  for (const partition of new Set(judged.map(partitionOf))) {
    const members = judged.filter((v) => partitionOf(v) === partition);
    const x = members.map((v) => v.value);
    if (rule.method === 'iqr') {
      const q1 = quantile(x, 0.25);
      const q3 = quantile(x, 0.75);
      if (!(q3 - q1 > 0)) continue;
      members.forEach((v) => (v.value < q1 - k * (q3 - q1) || v.value > q3 + k * (q3 - q1)) && excluded.add(v.runId));
    } else if (rule.method === 'modified_zscore') {
      const m = quantile(x, 0.5);
      const mad = quantile(x.map((value) => Math.abs(value - m)), 0.5);
      if (!(mad > 0)) continue;
      for (const v of members) judge(v, (MAD_SCALE * Math.abs(v.value - m)) / mad);
    } else {
      if (x.length < 2) continue;
      const m = mean(x);
      const s = sd(x);
      if (!(s > 0)) continue;
      for (const v of members) judge(v, Math.abs(v.value - m) / s);
    }
  }
  return { excluded, ambiguous };
}

function labels(d: SnapshotDescription, runId: number) {
  const run = d.runs.find((r) => r.id === runId)!;
  const trial = d.trials.find((t) => t.id === run.trialId)!;
  const experiment = d.experiments.find((e) => e.id === run.experimentId)!;
  return { run, trial, experiment };
}

function plainRows(d: SnapshotDescription, kept: Value[], position: string[]): Omit<Reference, 'ambiguous'> {
  const columns = ['experiment_id', 'experiment', 'trial_id', 'trial', 'run_id', 'status', 'metric', ...position, 'value'];
  const rows = kept.map((v) => {
    const { run, trial, experiment } = labels(d, v.runId);
    const at: Row = { epoch: v.epoch, batch: v.batch };
    return {
      experiment_id: experiment.id, experiment: experiment.title, trial_id: trial.id, trial: trial.name, run_id: run.id,
      status: run.status, metric: v.metric, ...Object.fromEntries(position.map((c) => [c, at[c]])), value: v.value,
    };
  });
  return { columns, rows };
}

const AGGREGATE: Record<string, (x: number[], runs: Set<number>) => number | null> = {
  count: (x) => x.length,
  runs: (_, runs) => runs.size,
  mean: (x) => mean(x),
  min: (x) => Math.min(...x),
  max: (x) => Math.max(...x),
  sum: (x) => x.reduce((a, b) => a + b, 0),
  median: (x) => quantile(x, 0.5),
  std: (x) => (x.length < 2 ? null : sd(x)),
  var: (x) => (x.length < 2 ? null : sd(x) ** 2),
  sem: (x) => (x.length < 2 ? null : sd(x) / Math.sqrt(x.length)),
};

/** An aggregate's columns and their values: ciNN gives two, every other one. */
function aggregateColumns(name: string, x: number[], runs: Set<number>): [string, number | null][] {
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(name);
  // A column name holds no dot: p99.5 is the column p99_5 (README "Aggregates").
  if (percentile) return [[name.replace('.', '_'), quantile(x, Number(percentile[1]) / 100)]];
  const ci = /^ci(\d+(?:\.\d+)?)$/.exec(name);
  if (ci) {
    const column = name.replace('.', '_');
    if (x.length < 2) return [[`${column}_low`, null], [`${column}_high`, null]];
    const half = tQuantile(1 - (1 - Number(ci[1]) / 100) / 2, x.length - 1) * sd(x) / Math.sqrt(x.length);
    return [[`${column}_low`, mean(x) - half], [`${column}_high`, mean(x) + half]];
  }
  return [[name, AGGREGATE[name](x, runs)]];
}

function groupRows(d: SnapshotDescription, kept: Value[], spec: QuerySpec): Omit<Reference, 'ambiguous'> {
  const keys = spec.group_by ?? [];
  const aggregates = (spec.aggregate ?? []) as string[];
  const keyColumns = [...new Set(keys.flatMap((k) => (k === 'trial' ? ['experiment', 'trial'] : k === 'run' ? ['experiment', 'trial', 'run_id'] : k === 'batch' ? ['epoch', 'batch'] : [k.replace(/^param:/, '')])))];
  const param = (trialId: number, key: string) => d.params.find((p) => p.trialId === trialId && p.key === key)?.value ?? null;
  const groups = new Map<string, { row: Row; values: Value[] }>();
  for (const v of kept) {
    const { run, trial, experiment } = labels(d, v.runId);
    // Trials group by id and experiments by id, so equal names in different places stay apart.
    const identity: Record<string, unknown> = {
      experiment: experiment.id, trial: trial.id, run_id: run.id, status: run.status, epoch: v.epoch, batch: v.batch,
    };
    const shown: Row = { experiment: experiment.title, trial: trial.name, run_id: run.id, status: run.status, epoch: v.epoch, batch: v.batch };
    for (const key of PARAM_KEYS) identity[key] = shown[key] = param(trial.id, key);
    const key = JSON.stringify([...keyColumns.map((c) => identity[c]), v.metric]);
    const group = groups.get(key) ?? { row: { ...Object.fromEntries(keyColumns.map((c) => [c, shown[c]])), metric: v.metric }, values: [] };
    group.values.push(v);
    groups.set(key, group);
  }
  const rows = [...groups.values()].map(({ row, values }) => {
    const x = values.map((v) => v.value);
    const runs = new Set(values.map((v) => v.runId));
    return { ...row, ...Object.fromEntries(aggregates.flatMap((a) => aggregateColumns(a, x, runs))) };
  });
  return { columns: [...keyColumns, 'metric', ...aggregates.flatMap((a) => aggregateColumns(a, [0, 1], new Set()).map(([column]) => column))], rows };
}
