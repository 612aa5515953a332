import type { QuerySpec } from '../../src/query/spec.ts';
import { mean, quantile, sd } from '../fixtures/reference-stats.ts';
import { isPresent, METRICS, type Level, type SnapshotDescription } from './random-snapshot.ts';

/**
 * A slow, plain-JS evaluation of the query semantics in README "Queries", over a snapshot's
 * description. It covers this subset of the spec, and nothing else:
 * - experiments.ids/names, trials.ids/names/exclude, runs.ids, runs.status (list or 'any'; default completed);
 * - metrics.names and metrics.level (results or epoch), the level inferred from the names;
 * - per_run last | first | min | max | mean | best | { epoch: N } (epoch level only);
 * - exclude_outliers method iqr or zscore, threshold, within all | experiment | trial, on the
 *   per-run value (or each results-level value of the metric: a run with two is judged twice);
 * - group_by experiment | trial | run | status | epoch; aggregate count | runs | mean | min |
 *   max | sum | median | std (n − 1; null below 2 values).
 * order_by and limit are not applied here: the test checks them against the full row set.
 * `ambiguous` is set when a z-score lies within rounding of its threshold, where either answer is right.
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
  const withPosition = level !== 'results' && spec.per_run !== 'mean';
  return { ...(grouped ? groupRows(d, kept, spec) : plainRows(d, kept, withPosition)), ambiguous };
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
    const ordered = [...values].sort((a, b) => a.epoch! - b.epoch! || a.metricId - b.metricId);
    const lower = METRICS.find((m) => m.name === values[0].metric)!.lowerIsBetter;
    const pick = how === 'best' ? (lower ? 'min' : 'max') : how;
    if (pick === 'mean') return { ...ordered[0], epoch: null, value: mean(ordered.map((v) => v.value)) };
    if (pick === 'first') return ordered[0];
    if (typeof pick === 'object' || pick === 'last') return ordered[ordered.length - 1];
    const target = pick === 'min' ? Math.min(...ordered.map((v) => v.value)) : Math.max(...ordered.map((v) => v.value));
    return ordered.find((v) => v.value === target)!;
  });
}

function outliers(d: SnapshotDescription, judged: Value[], rule: NonNullable<QuerySpec['exclude_outliers']>): { excluded: Set<number>; ambiguous: boolean } {
  const within = rule.within ?? 'trial';
  const k = rule.threshold ?? (rule.method === 'zscore' ? 3 : 1.5);
  const partitionOf = (v: Value) => {
    const run = d.runs.find((r) => r.id === v.runId)!;
    return within === 'all' ? 0 : within === 'trial' ? run.trialId : run.experimentId;
  };
  const excluded = new Set<number>();
  let ambiguous = false;
  for (const partition of new Set(judged.map(partitionOf))) {
    const members = judged.filter((v) => partitionOf(v) === partition);
    const x = members.map((v) => v.value);
    if (rule.method === 'iqr') {
      const q1 = quantile(x, 0.25);
      const q3 = quantile(x, 0.75);
      if (!(q3 - q1 > 0)) continue;
      members.forEach((v) => (v.value < q1 - k * (q3 - q1) || v.value > q3 + k * (q3 - q1)) && excluded.add(v.runId));
    } else {
      if (x.length < 2) continue;
      const m = mean(x);
      const s = sd(x);
      if (!(s > 0)) continue;
      for (const v of members) {
        const z = Math.abs(v.value - m) / s;
        if (Math.abs(z - k) < 1e-9 * k) ambiguous = true;
        if (z > k) excluded.add(v.runId);
      }
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

function plainRows(d: SnapshotDescription, kept: Value[], withPosition: boolean): Omit<Reference, 'ambiguous'> {
  const columns = ['experiment_id', 'experiment', 'trial_id', 'trial', 'run_id', 'status', 'metric', ...(withPosition ? ['epoch'] : []), 'value'];
  const rows = kept.map((v) => {
    const { run, trial, experiment } = labels(d, v.runId);
    return {
      experiment_id: experiment.id, experiment: experiment.title, trial_id: trial.id, trial: trial.name, run_id: run.id,
      status: run.status, metric: v.metric, ...(withPosition ? { epoch: v.epoch } : {}), value: v.value,
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
};

function groupRows(d: SnapshotDescription, kept: Value[], spec: QuerySpec): Omit<Reference, 'ambiguous'> {
  const keys = spec.group_by ?? [];
  const aggregates = (spec.aggregate ?? []) as string[];
  const keyColumns = [...new Set(keys.flatMap((k) => (k === 'trial' ? ['experiment', 'trial'] : k === 'run' ? ['experiment', 'trial', 'run_id'] : [k])))];
  const groups = new Map<string, { row: Row; values: Value[] }>();
  for (const v of kept) {
    const { run, trial, experiment } = labels(d, v.runId);
    // Trials group by id and experiments by id, so equal names in different places stay apart.
    const identity: Record<string, unknown> = {
      experiment: experiment.id, trial: trial.id, run_id: run.id, status: run.status, epoch: v.epoch,
    };
    const shown: Row = { experiment: experiment.title, trial: trial.name, run_id: run.id, status: run.status, epoch: v.epoch };
    const key = JSON.stringify([...keyColumns.map((c) => identity[c]), v.metric]);
    const group = groups.get(key) ?? { row: { ...Object.fromEntries(keyColumns.map((c) => [c, shown[c]])), metric: v.metric }, values: [] };
    group.values.push(v);
    groups.set(key, group);
  }
  const rows = [...groups.values()].map(({ row, values }) => {
    const x = values.map((v) => v.value);
    const runs = new Set(values.map((v) => v.runId));
    return { ...row, ...Object.fromEntries(aggregates.map((a) => [a, AGGREGATE[a](x, runs)])) };
  });
  return { columns: [...keyColumns, 'metric', ...aggregates], rows };
}
