import { compileQuery } from '../query/compile.ts';
import type { GroupKey, ResolvedQuery } from '../query/spec.ts';
import { plainRows, type PlainValue } from '../result/values.ts';
import type { Analysis, Processor, ProcessorContext } from './analysis.ts';
import { linearRegression } from './math/regression.ts';
import { ema, movingAverage } from './math/smoothing.ts';
import { byOption, checkKeys, fractionOption, keyName, metricOption, plainOptions, type MetricChoice } from './options.ts';
import { groupLabels } from './run-groups.ts';
import { studentTQuantile } from './t-distribution.ts';
import { finite, num, pValue } from './wording.ts';

export interface CurvesOptions {
  metric: MetricChoice;
  by: GroupKey[];
  confidence: number;
  smoothing: { ema: number } | { window: number } | null;
  /** Converged: the smoothed curve stays within this fraction of its final value. */
  tolerance: number;
  /** The training metric the overfitting check compares with (val_loss → train_loss). */
  train: string | null;
  overfitEpochs: number;
}

interface Point { epoch: number; n: number; mean: number; std: number | null }

/**
 * Training curves per group: mean and t-band across runs per epoch (DuckDB computes n, mean and s
 * per group and epoch), smoothing, each run's best epoch, the epoch the curve converges, an
 * overfitting flag, and the trend against epoch with its p-value.
 */
export const curves: Processor<CurvesOptions> = {
  name: 'curves',
  resolve(raw, path, p, query, catalog) {
    checkKeys(raw, path, p, ['metric', 'by', 'confidence', 'smoothing', 'tolerance', 'train_metric', 'overfit_epochs']);
    const metric = metricOption(raw.metric, `${path}.metric`, p, query, catalog, ['epoch'])!;
    const epochMetrics = catalog.metrics.filter((m) => m.level === 'epoch').map((m) => m.name);
    const twin = metric?.name.replace(/^val(idation)?_/, 'train_');
    const train = raw.train_metric === undefined ? (twin && twin !== metric?.name && epochMetrics.includes(twin) ? twin : null) : p.text(raw.train_metric, `${path}.train_metric`);
    if (raw.train_metric !== undefined && train !== null && !epochMetrics.includes(train)) p.add(`${path}.train_metric`, `no epoch-level metric '${train}'`);
    return {
      metric,
      by: byOption(raw.by, `${path}.by`, p, catalog),
      confidence: fractionOption(raw.confidence, `${path}.confidence`, p, 0.95),
      smoothing: smoothingOption(raw.smoothing, `${path}.smoothing`, p),
      tolerance: fractionOption(raw.tolerance, `${path}.tolerance`, p, 0.01),
      train,
      overfitEpochs: raw.overfit_epochs === undefined ? 3 : p.integer(raw.overfit_epochs, `${path}.overfit_epochs`, 1) ?? 3,
    };
  },
  async run(context: ProcessorContext, options) {
    const curves = await meanCurves(context, options, options.train ? [options.metric.name, options.train] : [options.metric.name]);
    const band = curves.get(options.metric.name)!;
    const train = (options.train && curves.get(options.train)) || new Map<string, Point[]>();
    const bandRows: Record<string, PlainValue>[] = [];
    const summary: Record<string, PlainValue>[] = [];
    const findings: string[] = [];
    for (const [group, points] of band) {
      const smoothed = smooth(points.map((pt) => pt.mean), options.smoothing);
      const t = (n: number) => (n >= 2 ? studentTQuantile(1 - (1 - options.confidence) / 2, n - 1) : NaN);
      points.forEach((pt, i) => {
        const half = pt.std === null ? NaN : (t(pt.n) * pt.std) / Math.sqrt(pt.n);
        bandRows.push({ group, epoch: pt.epoch, n: pt.n, mean: pt.mean, std: pt.std, ci_low: finite(pt.mean - half), ci_high: finite(pt.mean + half), smoothed: smoothed[i] });
      });
      const best = bestIndex(smoothed, options.metric.lowerIsBetter);
      const convergence = convergedAt(smoothed, options.tolerance);
      const trend = points.length >= 3 ? linearRegression(points.map((pt) => pt.epoch), points.map((pt) => pt.mean)) : null;
      const overfit = overfitFrom(points, smoothed, train.get(group), options);
      summary.push({
        group,
        epochs: points.length,
        best_epoch: points[best]?.epoch ?? null,
        best_value: smoothed[best] ?? null,
        final_value: smoothed[smoothed.length - 1] ?? null,
        convergence_epoch: convergence === null ? null : points[convergence].epoch,
        trend_slope: trend ? finite(trend.slope) : null,
        trend_p: trend ? finite(trend.p) : null,
        trend_r2: trend ? finite(trend.r2) : null,
        overfitting: overfit !== null,
        overfit_from_epoch: overfit,
      });
      if (overfit !== null) findings.push(`${group} overfits from epoch ${overfit}: ${options.metric.name} gets worse for ${options.overfitEpochs} epochs while ${options.train} still falls.`);
      else if (convergence !== null) findings.push(`${group} converges by epoch ${points[convergence].epoch} (${options.metric.name} within ${options.tolerance * 100}% of its final ${num(smoothed[smoothed.length - 1])}).`);
      else if (trend && trend.p < 0.05) findings.push(`${group} is still ${trend.slope < 0 ? 'falling' : 'rising'} at the last epoch (slope ${num(trend.slope)} per epoch, ${pValue(trend.p)}): it has not converged.`);
    }
    return {
      processor: 'curves',
      title: `Training curves of ${options.metric.name} by ${options.by.map(keyName).join(', ')}`,
      options: { ...plainOptions(options), train_metric: options.train },
      tables: [{ name: 'band', rows: bandRows }, { name: 'summary', rows: summary }, { name: 'best_per_run', rows: await bestPerRun(context, options) }],
      findings,
      notes: options.train ? [] : [`No training metric to compare ${options.metric.name} with, so no overfitting check (set train_metric).`],
    } satisfies Analysis;
  },
};

function smoothingOption(raw: unknown, path: string, p: import('../query/problems.ts').Problems): CurvesOptions['smoothing'] {
  if (raw === undefined || raw === null || raw === 'none') return null;
  const o = p.object(raw, path);
  if (!o) return null;
  if ('ema' in o) {
    const alpha = p.number(o.ema, `${path}.ema`, true);
    if (alpha !== null && alpha > 1) p.add(`${path}.ema`, `alpha is between 0 and 1, got ${alpha}`);
    return alpha === null ? null : { ema: alpha };
  }
  if ('window' in o) {
    const window = p.integer(o.window, `${path}.window`, 1);
    return window === null ? null : { window };
  }
  p.add(path, 'expected { ema: 0.3 } or { window: 5 }');
  return null;
}

/** Per metric, group and epoch: n, mean and s, grouped in DuckDB in one statement. */
async function meanCurves(context: ProcessorContext, options: CurvesOptions, metrics: string[]): Promise<Map<string, Map<string, Point[]>>> {
  const query: ResolvedQuery = {
    ...context.query,
    metrics: { names: metrics, level: 'epoch', lowerIsBetter: [] },
    perRun: null,
    outliers: null,
    groupBy: [...options.by, { kind: 'epoch' }],
    // The values per epoch (one per run, normally): what the mean and s are over. Cheaper than distinct runs.
    aggregates: [{ kind: 'count', column: 'n' }, { kind: 'mean', column: 'mean' }, { kind: 'std', column: 'std' }],
    orderBy: [],
    limit: null,
  };
  const rows = plainRows(await context.engine.query(compileQuery(query).sql));
  const keyNames = Object.keys(rows[0] ?? {}).filter((k) => !['epoch', 'metric', 'n', 'mean', 'std'].includes(k));
  const keysOf = new Map<string, Record<string, PlainValue>>();
  const ids = rows.map((row) => {
    const keys = Object.fromEntries(keyNames.map((k) => [k, row[k]]));
    const id = JSON.stringify(keys);
    keysOf.set(id, keys);
    return id;
  });
  const labels = new Map(groupLabels([...keysOf.values()]).map((label, i) => [[...keysOf.keys()][i], label]));
  const curves = new Map(metrics.map((metric) => [metric, new Map<string, Point[]>()]));
  rows.forEach((row, i) => {
    const byGroup = curves.get(row.metric as string)!;
    const label = labels.get(ids[i])!;
    if (!byGroup.has(label)) byGroup.set(label, []);
    byGroup.get(label)!.push({ epoch: row.epoch as number, n: row.n as number, mean: row.mean as number, std: row.std as number | null });
  });
  return curves;
}

async function bestPerRun(context: ProcessorContext, options: CurvesOptions): Promise<Record<string, PlainValue>[]> {
  const query: ResolvedQuery = {
    ...context.query,
    metrics: { names: [options.metric.name], level: 'epoch', lowerIsBetter: options.metric.lowerIsBetter ? [options.metric.name] : [] },
    perRun: 'best',
    outliers: null,
    groupBy: [],
    aggregates: [],
    orderBy: [],
    limit: null,
  };
  return plainRows(await context.engine.query(compileQuery(query).sql)).map((r) => ({ experiment: r.experiment, trial: r.trial, run_id: r.run_id, best_epoch: r.epoch, best_value: r.value }));
}

function smooth(values: number[], smoothing: CurvesOptions['smoothing']): number[] {
  if (!smoothing) return values;
  return 'ema' in smoothing ? ema(values, smoothing.ema) : movingAverage(values, smoothing.window);
}

function bestIndex(values: number[], lowerIsBetter: boolean): number {
  let best = 0;
  values.forEach((v, i) => {
    if (lowerIsBetter ? v < values[best] : v > values[best]) best = i;
  });
  return best;
}

/** The first index from which every later value stays within tolerance of the final one. */
function convergedAt(values: number[], tolerance: number): number | null {
  if (values.length < 2) return null;
  const final = values[values.length - 1];
  const limit = tolerance * Math.abs(final);
  let index = values.length - 1;
  while (index > 0 && Math.abs(values[index - 1] - final) <= limit) index--;
  return index === values.length - 1 ? null : index;
}

/** The epoch from which validation worsens for k epochs in a row while training loss falls. */
function overfitFrom(points: Point[], smoothed: number[], train: Point[] | undefined, options: CurvesOptions): number | null {
  if (!train) return null;
  const trainAt = new Map(train.map((pt) => [pt.epoch, pt.mean]));
  const k = options.overfitEpochs;
  const worse = (i: number) => (options.metric.lowerIsBetter ? smoothed[i] > smoothed[i - 1] : smoothed[i] < smoothed[i - 1]);
  for (let start = 1; start + k - 1 < points.length; start++) {
    let run = true;
    for (let i = start; i < start + k && run; i++) {
      const [now, before] = [trainAt.get(points[i].epoch), trainAt.get(points[i - 1].epoch)];
      run = worse(i) && now !== undefined && before !== undefined && now < before;
    }
    if (run) return points[start].epoch;
  }
  return null;
}

