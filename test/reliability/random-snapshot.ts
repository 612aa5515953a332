import fc from 'fast-check';
import { SnapshotWriter } from '../../src/sample/writer.ts';

/**
 * Small random Experiment Manager snapshots for the query fuzz tests, and the plain description
 * of what was written: the reference evaluator reads only the description, never the engine.
 */
export type Level = 'results' | 'epoch' | 'batch';
export type Status = 'completed' | 'failed' | 'incomplete';

export interface SnapshotDescription {
  experiments: { id: number; title: string }[];
  trials: { id: number; experimentId: number; name: string }[];
  runs: { id: number; trialId: number; experimentId: number; status: Status }[];
  /** Each trial's params as its params file gives them (text), by key. */
  params: { trialId: number; key: string; value: string }[];
  /** Every METRIC row as written; value NaN, ±Infinity or null is a missing value. */
  values: { runId: number; level: Level; metric: string; epoch: number | null; batch: number | null; metricId: number; value: number | null }[];
}

/** Names that try to escape SQL strings or identifiers, plus unicode, empty and long ones. */
export const HOSTILE_NAMES = [
  `it's`, `"quoted"`, `a--b`, `x'; DROP TABLE runs; --`, `/* c */`, `back\\slash\\'`, `semi;colon`,
  `ünïcødé ✓ 🚀`, `名前`, 'n'.repeat(300), ` spaced `, `''`, `""`, '',
];

/** Metric names with the direction `best` must use, decided by hand rather than by the code under test. */
export const METRICS: { name: string; level: Level; lowerIsBetter: boolean }[] = [
  { name: 'test_acc', level: 'results', lowerIsBetter: false },
  { name: 'test_loss', level: 'results', lowerIsBetter: true },
  { name: `acc's "q"; --`, level: 'results', lowerIsBetter: false },
  { name: 'err;--/*', level: 'results', lowerIsBetter: true },
  { name: 'val_loss', level: 'epoch', lowerIsBetter: true },
  { name: 'métrique ✓', level: 'epoch', lowerIsBetter: false },
  { name: 'batch_loss', level: 'batch', lowerIsBetter: true },
  { name: `b'acc`, level: 'batch', lowerIsBetter: false },
];

/** Raw statuses and whether ingest must read them as failed (whole word failed/error/…, any case). */
const RAW_STATUSES: { raw: string; failed: boolean }[] = [
  { raw: 'started', failed: false },
  { raw: 'completed', failed: false },
  { raw: 'failed', failed: true },
  { raw: 'Error: OOM', failed: true },
  { raw: 'errored', failed: false },
];

// Multiples of 1/8 add and interpolate exactly, so sums and quantiles agree bit for bit.
const value: fc.Arbitrary<number | null> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -256, max: 256 }).map((n) => n / 8) },
  { weight: 3, arbitrary: fc.constantFrom(0, 0.5, 1, 1, 2) },
  { weight: 1, arbitrary: fc.constantFrom(null, NaN, Infinity, -Infinity) },
);

const name = (plain: string[]) => fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NAMES) });

const metricName = (level: Level) => fc.constantFrom(...METRICS.filter((m) => m.level === level).map((m) => m.name));

const runPlan = fc.record({
  status: fc.constantFrom(...RAW_STATUSES),
  results: fc.array(fc.record({ metric: metricName('results'), value }), { maxLength: 4 }),
  // Epoch indices repeat and come out of order; the writer keeps METRIC ids in this order.
  epochs: fc.array(fc.record({ epoch: fc.integer({ min: 0, max: 3 }), metric: metricName('epoch'), value }), { maxLength: 6 }),
  // Batches too: (epoch, batch) pairs repeat and come out of order.
  batches: fc.array(fc.record({ epoch: fc.integer({ min: 0, max: 2 }), batch: fc.integer({ min: 0, max: 3 }), metric: metricName('batch'), value }), { maxLength: 6 }),
});

type RunPlan = typeof runPlan extends fc.Arbitrary<infer T> ? T : never;
type Params = Partial<Record<'bs' | 'opt', string>>;
export type SnapshotPlan = { title: string; trials: { name: string; params: Params; runs: RunPlan[] }[] }[];

/** The keys params files give here; a trial may lack either, and then groups under NULL. */
export const PARAM_KEYS = ['bs', 'opt'] as const;

const params: fc.Arbitrary<Params> = fc.record(
  { bs: fc.constantFrom('32', '64', '128'), opt: fc.constantFrom('adam', 'sgd', `it's`, 'ünï ✓') },
  { requiredKeys: [] },
);

export const snapshotPlan: fc.Arbitrary<SnapshotPlan> = fc.array(
  fc.record({
    title: name(['lr_sweep', 'baseline', 'ablation']),
    trials: fc.array(fc.record({ name: name(['lr=0.01', 'lr=0.001', 'resnet18', 'mlp']), params, runs: fc.array(runPlan, { maxLength: 6 }) }), { minLength: 1, maxLength: 4 }),
  }),
  { minLength: 1, maxLength: 3 },
  // A snapshot without any metric admits no valid spec at all.
).filter((plan) => plan.some((e) => e.trials.some((t) => t.runs.some((r) => r.results.length + r.epochs.length + r.batches.length > 0))));

const time = (n: number) => new Date(Date.UTC(2026, 2, 1, 9) + n * 1000).toISOString().slice(0, 19);

/**
 * Writes the plan through SnapshotWriter (ids as SQLite's AUTOINCREMENT gives them), with a
 * params.json keyed by trial id beside it (always given, so params never come from the names),
 * and describes both.
 */
export async function writeSnapshot(plan: SnapshotPlan): Promise<{ files: { name: string; bytes: Uint8Array }[]; description: SnapshotDescription }> {
  const w = await SnapshotWriter.create({ nullableTotalVal: true });
  const d: SnapshotDescription = { experiments: [], trials: [], runs: [], params: [], values: [] };
  const paramsFile: Record<string, Params> = {};
  let clock = 0;
  for (const e of plan) {
    const experimentId = w.experiment({ title: e.title, start_time: time(clock++) });
    d.experiments.push({ id: experimentId, title: e.title });
    for (const t of e.trials) {
      const trialId = w.trial(experimentId, { name: t.name, start_time: time(clock++) });
      d.trials.push({ id: trialId, experimentId, name: t.name });
      paramsFile[trialId] = t.params;
      for (const [key, value] of Object.entries(t.params)) d.params.push({ trialId, key, value });
      for (const r of t.runs) {
        const runId = w.run(trialId, { status: r.status.raw, start_time: time(clock++) });
        for (const epoch of new Set(r.epochs.map((x) => x.epoch))) w.epoch(runId, epoch, time(clock++));
        for (const x of r.epochs) {
          const metricId = w.epochMetric(runId, x.epoch, x.metric, x.value);
          d.values.push({ runId, level: 'epoch', metric: x.metric, epoch: x.epoch, batch: null, metricId, value: x.value });
        }
        for (const key of new Set(r.batches.map((x) => `${x.epoch},${x.batch}`))) {
          const [epoch, batch] = key.split(',').map(Number);
          w.batch(runId, epoch, batch, time(clock++));
        }
        for (const x of r.batches) {
          const metricId = w.batchMetric(runId, x.epoch, x.batch, x.metric, x.value);
          d.values.push({ runId, level: 'batch', metric: x.metric, epoch: x.epoch, batch: x.batch, metricId, value: x.value });
        }
        for (const x of r.results) {
          const metricId = w.resultsMetric(runId, x.metric, x.value, null, time(clock++));
          d.values.push({ runId, level: 'results', metric: x.metric, epoch: null, batch: null, metricId, value: x.value });
        }
        const status: Status = r.status.failed ? 'failed' : r.results.length ? 'completed' : 'incomplete';
        d.runs.push({ id: runId, trialId, experimentId, status });
      }
    }
  }
  const bytes = w.export();
  w.close();
  const json = new TextEncoder().encode(JSON.stringify(paramsFile));
  return { files: [{ name: 'tracker.db', bytes }, { name: 'params.json', bytes: json }], description: d };
}

/** A usable value: the README leaves NULL, NaN and ±Infinity out of every step. */
export function isPresent(v: number | null): v is number {
  return v !== null && Number.isFinite(v);
}
