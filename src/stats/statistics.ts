import type { Problems } from '../query/problems.ts';
import type { GroupKey } from '../query/spec.ts';
import type { PlainValue } from '../result/values.ts';
import type { Analysis, Processor, ProcessorContext } from './analysis.ts';
import { excessKurtosis, mean, quantileLinear, sampleVariance, skewness } from './math/describe.ts';
import { byOption, checkKeys, choiceOption, fractionOption, keyName, metricOption, plainOptions, type MetricChoice } from './options.ts';
import { fetchRunGroups, type RunGroup } from './run-groups.ts';
import { studentTQuantile } from './t-distribution.ts';
import { finite, interval, num, plural } from './wording.ts';

const MISSING = ['drop', 'keep', 'fill_mean', 'fill_median'] as const;

export interface StatisticsOptions {
  metric: MetricChoice;
  by: GroupKey[];
  confidence: number;
  percentiles: number[];
  missing: (typeof MISSING)[number];
}

/** Descriptive statistics per group, with a t-interval for the mean. */
export const statistics: Processor<StatisticsOptions> = {
  name: 'statistics',
  resolve(raw, path, p, query, catalog) {
    checkKeys(raw, path, p, ['metric', 'by', 'confidence', 'percentiles', 'missing']);
    return {
      metric: metricOption(raw.metric, `${path}.metric`, p, query, catalog)!,
      by: byOption(raw.by, `${path}.by`, p, catalog),
      confidence: fractionOption(raw.confidence, `${path}.confidence`, p, 0.95),
      percentiles: percentilesOption(raw.percentiles, `${path}.percentiles`, p),
      missing: choiceOption(raw.missing, `${path}.missing`, p, MISSING, 'drop'),
    };
  },
  async run(context: ProcessorContext, options) {
    const { groups, notes } = await fetchRunGroups(context, options.metric, options.by);
    const rows = groups.map((group) => describeGroup(group, options, notes));
    return {
      processor: 'statistics',
      title: `Statistics of ${options.metric.name} by ${options.by.map(keyName).join(', ')}`,
      options: plainOptions(options),
      tables: [{ name: 'statistics', rows }],
      findings: findings(rows, options),
      notes,
    } satisfies Analysis;
  },
};

function percentilesOption(raw: unknown, path: string, p: Problems): number[] {
  if (raw === undefined) return [25, 50, 75];
  return p.many(raw, path, (value, at) => {
    const n = p.number(value, at);
    if (n !== null && (n < 0 || n > 100)) p.add(at, `a percentile is between 0 and 100, got ${n}`);
    return n;
  });
}

/** Values after the missing-value policy; `missing` is always counted before it applies. */
function handled(group: RunGroup, policy: StatisticsOptions['missing']): number[] {
  if (policy === 'drop' || group.missing === 0) return group.values;
  if (policy === 'keep') return [...group.values, ...new Array<number>(group.missing).fill(NaN)];
  const sorted = [...group.values].sort((a, b) => a - b);
  const fill = group.values.length === 0 ? NaN : policy === 'fill_mean' ? mean(group.values) : quantileLinear(sorted, 0.5);
  return [...group.values, ...new Array<number>(group.missing).fill(fill)];
}

function describeGroup(group: RunGroup, options: StatisticsOptions, notes: string[]): Record<string, PlainValue> {
  const values = handled(group, options.missing);
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const m = n ? mean(values) : NaN;
  const variance = n >= 2 ? sampleVariance(values) : NaN;
  const sd = Math.sqrt(variance);
  const sem = sd / Math.sqrt(n);
  const t = n >= 2 ? studentTQuantile(1 - (1 - options.confidence) / 2, n - 1) : NaN;
  if (n < 2) notes.push(`${group.label}: ${plural(n, 'value')}, so no standard deviation or interval.`);
  else if (sd === 0) notes.push(`${group.label}: all ${n} values are equal, so the spread is 0 and skewness and kurtosis are undefined.`);
  const row: Record<string, PlainValue> = {
    group: group.label,
    ...group.keys,
    count: n,
    missing: group.missing,
    mean: finite(m),
    median: n ? finite(quantileLinear(sorted, 0.5)) : null,
    std: finite(sd),
    var: finite(variance),
    sem: finite(sem),
    min: n ? finite(sorted[0]) : null,
    max: n ? finite(sorted[n - 1]) : null,
  };
  for (const percentile of options.percentiles) row[`p${String(percentile).replace('.', '_')}`] = n ? finite(quantileLinear(sorted, percentile / 100)) : null;
  const label = `ci${String(Number((options.confidence * 100).toFixed(6))).replace('.', '_')}`;
  row[`${label}_low`] = finite(m - t * sem);
  row[`${label}_high`] = finite(m + t * sem);
  row.skewness = n >= 3 ? finite(skewness(values)) : null;
  row.kurtosis = n >= 4 ? finite(excessKurtosis(values)) : null;
  row.cv = m === 0 || !Number.isFinite(m) ? null : finite(sd / m);
  return row;
}


function findings(rows: Record<string, PlainValue>[], options: StatisticsOptions): string[] {
  const ranked = rows.filter((r) => typeof r.mean === 'number').sort((a, b) => (options.metric.lowerIsBetter ? 1 : -1) * ((a.mean as number) - (b.mean as number)));
  if (ranked.length < 2) return [];
  const ci = Object.keys(ranked[0]).find((k) => /^ci.*_low$/.test(k))!;
  const describeRow = (r: Record<string, PlainValue>) =>
    `${num(r.mean as number)} ${interval(r[ci] as number | null, r[ci.replace('_low', '_high')] as number | null)}, n = ${r.count}`;
  const name = (r: Record<string, PlainValue>) => String(r.group);
  const [best, worst] = [ranked[0], ranked[ranked.length - 1]];
  return [
    `${name(best)} has the ${options.metric.lowerIsBetter ? 'lowest' : 'highest'} mean ${options.metric.name}: ${describeRow(best)}; ${name(worst)} the ${options.metric.lowerIsBetter ? 'highest' : 'lowest'}: ${describeRow(worst)}.`,
  ];
}
