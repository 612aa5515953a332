import { compileRunValues } from '../query/run-values.ts';
import type { GroupKey, PerRun, ResolvedQuery } from '../query/spec.ts';
import { plainRows, type PlainValue } from '../result/values.ts';
import type { ProcessorContext } from './analysis.ts';
import type { MetricChoice } from './options.ts';

/** The runs of one group and their values: what the processors compute on. */
export interface RunGroup {
  label: string;
  keys: Record<string, PlainValue>;
  runs: { run_id: number; status: string; value: number | null }[];
  /** The finite values, in run order. */
  values: number[];
  /** Runs in scope without a value (counted before any handling). */
  missing: number;
}

/**
 * Fetches one value per run of `metric`, grouped by `by`, within the query's scope. A series is
 * reduced as the query says (per_run), or to its last value; the outlier rule applies when it
 * judges a metric at the same level. Everything heavy runs in DuckDB; JS gets one row per run.
 */
export function fetchRunGroups(context: ProcessorContext, metric: MetricChoice, by: GroupKey[]): Promise<{ groups: RunGroup[]; notes: string[] }> {
  const key = JSON.stringify(['run-groups', metric.name, by]);
  if (!context.inputs.has(key)) context.inputs.set(key, queryRunGroups(context, metric, by));
  // Callers may add notes; each gets its own list.
  return (context.inputs.get(key) as ReturnType<typeof queryRunGroups>).then(({ groups, notes }) => ({ groups, notes: [...notes] }));
}

async function queryRunGroups(context: ProcessorContext, metric: MetricChoice, by: GroupKey[]): Promise<{ groups: RunGroup[]; notes: string[] }> {
  const notes: string[] = [];
  const base = context.query;
  let perRun: PerRun | null = base.perRun;
  if (metric.level !== 'results' && perRun === null) {
    perRun = 'last';
    notes.push(`${metric.name} is an ${metric.level}-level series; each run is represented by its last value (set per_run to choose).`);
  }
  const outliers = base.outliers && base.metrics.level === metric.level ? base.outliers : null;
  if (base.outliers && !outliers) notes.push(`The query's outlier rule judges ${base.metrics.level}-level values, so it does not apply to ${metric.name}.`);
  const query: ResolvedQuery = {
    ...base,
    metrics: { names: [metric.name], level: metric.level, lowerIsBetter: metric.lowerIsBetter ? [metric.name] : [] },
    perRun: metric.level === 'results' ? base.perRun : perRun,
    outliers,
    groupBy: [],
    aggregates: [],
    orderBy: [],
    limit: null,
  };
  const rows = plainRows(await context.engine.query(compileRunValues(query, metric.name, by)));
  return { groups: groupRows(rows, by), notes };
}

function groupRows(rows: Record<string, PlainValue>[], by: GroupKey[]): RunGroup[] {
  const keyNames = Object.keys(rows[0] ?? {}).filter((name) => !['run_id', 'status', 'value'].includes(name) || (name === 'status' && by.some((k) => k.kind === 'status')));
  const groups = new Map<string, RunGroup>();
  for (const row of rows) {
    const keys = Object.fromEntries(keyNames.map((name) => [name, row[name]]));
    const id = JSON.stringify(keys);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { label: '', keys, runs: [], values: [], missing: 0 }));
    const value = row.value as number | null;
    group.runs.push({ run_id: row.run_id as number, status: row.status as string, value });
    if (value === null) group.missing++;
    else group.values.push(value);
  }
  const list = [...groups.values()];
  groupLabels(list.map((group) => group.keys)).forEach((label, i) => (list[i].label = label));
  return list;
}

/**
 * The shortest names that tell groups apart: the trial alone, or experiment / trial where two
 * experiments have a trial of that name. Groups are told apart by all their keys, never by name.
 */
export function groupLabels(keys: Record<string, PlainValue>[]): string[] {
  const short = keys.map((k) => Object.entries(k).filter(([name]) => name !== 'experiment' || !('trial' in k)).map(([, v]) => (v === null ? '(none)' : String(v))).join(' / '));
  return short.map((text, i) => (short.some((other, j) => j !== i && other === text) ? `${keys[i].experiment} / ${text}` : text));
}
