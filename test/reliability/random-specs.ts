import fc from 'fast-check';
import type { QuerySpec } from '../../src/query/spec.ts';
import { METRICS, type Level, type SnapshotDescription } from './random-snapshot.ts';

/** Random specs for the fuzz tests: valid ones inside the reference's subset, and broken ones. */
const AGGREGATES = ['count', 'runs', 'mean', 'min', 'max', 'sum', 'median', 'std', 'var', 'sem', 'p5', 'p25', 'p99.5', 'ci95', 'ci80'];
const STATUSES = ['completed', 'failed', 'incomplete'];

function metricsAt(d: SnapshotDescription, level: Level): string[] {
  return METRICS.filter((m) => m.level === level && d.values.some((v) => v.level === level && v.metric === m.name)).map((m) => m.name);
}

const some = <T>(values: T[]) => fc.shuffledSubarray(values, { minLength: 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A spec the reference covers, naming only what the snapshot has. Undefined fields are dropped. */
export function validSpec(d: SnapshotDescription): fc.Arbitrary<QuerySpec> {
  const levels = (['results', 'epoch', 'batch'] as const).filter((l) => metricsAt(d, l).length);
  const titles = [...new Set(d.experiments.map((e) => e.title))];
  const paramKeys = [...new Set(d.params.map((p) => `param:${p.key}`))];
  const trials = [...new Set(d.trials.map((t) => t.name))];
  const filters = fc.record({
    experiments: maybe(fc.oneof(fc.record({ names: some(titles) }), fc.record({ ids: some(d.experiments.map((e) => e.id)) }))),
    trials: maybe(fc.record({ names: maybe(some(trials)), exclude: maybe(some(trials)), ids: maybe(some(d.trials.map((t) => t.id))) })),
    runs: maybe(fc.record({ status: maybe(fc.oneof(fc.constant('any' as const), some(STATUSES))), ids: maybe(d.runs.length ? some(d.runs.map((r) => r.id)) : fc.constant(undefined)) })),
  });
  const shape = fc.constantFrom(...levels).chain((level) => {
    const names = metricsAt(d, level);
    return fc.record({
      metrics: fc.oneof(
        fc.record({ names: some(names), level: maybe(fc.constant(level)) }),
        fc.constant({ level }),
      ),
      per_run: level !== 'results' ? maybe(fc.constantFrom<NonNullable<QuerySpec['per_run']>>('last', 'first', 'min', 'max', 'mean', 'best', { epoch: 0 }, { epoch: 2 })) : fc.constant(undefined),
      outlier: maybe(fc.oneof(
        fc.record({
          metric: fc.constantFrom(...names),
          method: fc.constantFrom('iqr' as const, 'zscore' as const, 'modified_zscore' as const),
          threshold: maybe(fc.constantFrom(0.5, 1, 1.5, 2, 3.5)),
          within: maybe(fc.constantFrom('all' as const, 'experiment' as const, 'trial' as const)),
        }),
        // Bounds on the values' own grid (multiples of 1/8), so a value may sit exactly on one.
        fc.tuple(fc.constantFrom(...names), fc.integer({ min: -40, max: 8 }), fc.integer({ min: 0, max: 48 }), fc.constantFrom('lower', 'upper', 'both')).map(([metric, low, width, sides]) => ({
          metric, method: 'custom' as const,
          ...(sides !== 'upper' ? { lower: low / 8 } : {}),
          ...(sides !== 'lower' ? { upper: (low + width) / 8 } : {}),
        })),
      )),
      grouping: maybe(fc.record({ group_by: maybe(some(['experiment', 'trial', 'run', 'status', ...paramKeys, ...(level === 'epoch' ? ['epoch'] : level === 'batch' ? ['epoch', 'batch'] : [])])), aggregate: some(AGGREGATES) })),
      limit: maybe(fc.integer({ min: 1, max: 12 })),
    }).map(({ outlier, grouping, ...rest }) => {
      const spec: QuerySpec = { ...rest, ...grouping };
      // Series outliers need per_run; grouping by epoch or batch needs the series.
      if (outlier && (level === 'results' || spec.per_run !== undefined)) spec.exclude_outliers = outlier;
      if (spec.per_run !== undefined && spec.group_by) spec.group_by = spec.group_by.filter((k) => k !== 'epoch' && k !== 'batch');
      return spec;
    });
  });
  return fc.tuple(filters, shape).chain(([filter, spec]) => {
    const numeric = orderable({ ...filter, ...spec });
    return (numeric.length ? maybe(fc.tuple(fc.constantFrom(...numeric), fc.boolean())) : fc.constant(undefined)).map((order) => dropUndefined({ ...filter, ...spec, order_by: order ? [`${order[1] ? '-' : ''}${order[0]}`] : undefined }));
  });
}

/** Numeric result columns: ordering by text would compare as JS does, not as DuckDB does. */
function orderable(spec: QuerySpec): string[] {
  if (spec.group_by === undefined && spec.aggregate === undefined) {
    const level = spec.metrics?.level ?? METRICS.find((m) => m.name === spec.metrics?.names?.[0])?.level;
    const position = spec.per_run === 'mean' ? [] : level === 'batch' ? ['epoch', 'batch'] : level === 'epoch' ? ['epoch'] : [];
    return ['value', 'run_id', ...position];
  }
  // A ciNN interval is computed after the statement ran, so it cannot order it (validation says so).
  const columns = (spec.aggregate as string[]).filter((a) => !a.startsWith('ci')).map((a) => a.replace('.', '_'));
  const keys = spec.group_by ?? [];
  return [...columns, ...(keys.includes('run') ? ['run_id'] : []), ...(keys.includes('epoch') || keys.includes('batch') ? ['epoch'] : []), ...(keys.includes('batch') ? ['batch'] : [])];
}

function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Values of every kind, nested: what a hand-edited YAML or a buggy caller can pass. */
const junk = fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true });
const notText = junk.filter((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean' && v !== null && v !== undefined && !Array.isArray(v));
const unknownName = (known: string[]) => fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !known.includes(s));

/** One change that makes any spec invalid, as [path in the spec, value]. */
function breakage(d: SnapshotDescription): fc.Arbitrary<[string[], unknown]> {
  const metricNames = METRICS.map((m) => m.name);
  const top = ['title', 'description', 'experiments', 'trials', 'runs', 'metrics', 'per_run', 'exclude_outliers', 'group_by', 'aggregate', 'order_by', 'limit', 'analyze'];
  return fc.oneof(
    unknownName(top).map((k): [string[], unknown] => [[k], 1]),
    fc.tuple(fc.constantFrom('experiments', 'trials', 'runs', 'metrics'), unknownName(['ids', 'names', 'started', 'exclude', 'status', 'level', 'higher_is_better'])).map(([f, k]): [string[], unknown] => [[f, k], true]),
    unknownName(metricNames).map((n): [string[], unknown] => [['metrics', 'names'], [n]]),
    unknownName(d.experiments.map((e) => e.title)).map((n): [string[], unknown] => [['experiments', 'names'], [n]]),
    unknownName(d.trials.map((t) => t.name)).map((n): [string[], unknown] => [['trials', 'exclude'], n]),
    unknownName(['results', 'epoch', 'batch']).map((n): [string[], unknown] => [['metrics', 'level'], n]),
    unknownName(['last', 'first', 'min', 'max', 'mean', 'best']).map((n): [string[], unknown] => [['per_run'], n]),
    unknownName(['iqr', 'zscore', 'modified_zscore', 'custom']).map((n): [string[], unknown] => [['exclude_outliers'], { metric: 'test_acc', method: n }]),
    fc.constantFrom('everything', 'epochs', 'metric', '').map((n): [string[], unknown] => [['group_by'], [n]]),
    fc.constantFrom('average', 'p101', 'ci100', 'count(*)').map((n): [string[], unknown] => [['aggregate'], [n]]),
    fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true }), fc.constant('10'), notText).map((n): [string[], unknown] => [['limit'], n]),
    fc.tuple(fc.constantFrom('experiments', 'trials', 'runs', 'metrics', 'exclude_outliers'), fc.array(junk)).map(([f, a]): [string[], unknown] => [[f], a]),
    fc.tuple(fc.constantFrom<string[]>(['runs', 'ids'], ['trials', 'ids'], ['experiments', 'ids']), fc.oneof(fc.integer({ max: -1 }), fc.constant('x'), notText)).map(([p, v]): [string[], unknown] => [p, [v]]),
    notText.map((v): [string[], unknown] => [['order_by'], [v]]),
    fc.oneof(fc.double({ max: 0 }), notText).map((v): [string[], unknown] => [['exclude_outliers'], { metric: 'test_acc', threshold: v }]),
  );
}

function setAt(spec: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (!rest.length) return { ...spec, [head]: value };
  const inner = spec[head];
  const base = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
  return { ...spec, [head]: setAt(base, rest, value) };
}

/** A valid results-level spec with one to three breakages applied. */
export function invalidSpec(d: SnapshotDescription): fc.Arbitrary<unknown> {
  const base = { metrics: { names: ['test_acc'] }, group_by: ['trial'], aggregate: ['mean'] };
  return fc.array(breakage(d), { minLength: 1, maxLength: 3 }).map((changes) => changes.reduce((spec, [path, value]) => setAt(spec, path, value), base as Record<string, unknown>));
}
