import type { Problems } from '../query/problems.ts';
import type { GroupKey } from '../query/spec.ts';
import type { PlainValue } from '../result/values.ts';
import type { Analysis, Processor, ProcessorContext } from './analysis.ts';
import { mean, quantileLinear, sampleVariance } from './math/describe.ts';
import { byOption, checkKeys, choiceOption, keyName, metricOption, plainOptions, type MetricChoice } from './options.ts';
import { fetchRunGroups } from './run-groups.ts';
import { plural } from './wording.ts';

const METHODS = ['iqr', 'zscore', 'modified_zscore', 'custom', 'all'] as const;
type Method = Exclude<(typeof METHODS)[number], 'all'>;
const DEFAULTS = { iqr: 1.5, zscore: 3, modified_zscore: 3.5 };

export interface OutliersOptions {
  metric: MetricChoice;
  by: GroupKey[];
  method: (typeof METHODS)[number];
  threshold: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * Flags instead of excluding: every run's value with its score and flag per method, within its
 * group, so a user sees what the query's exclude_outliers would drop (and why) before dropping it.
 */
export const outliers: Processor<OutliersOptions> = {
  name: 'outliers',
  resolve(raw, path, p: Problems, query, catalog) {
    checkKeys(raw, path, p, ['metric', 'by', 'method', 'threshold', 'lower', 'upper']);
    const method = choiceOption(raw.method, `${path}.method`, p, METHODS, 'all');
    const bound = (key: 'lower' | 'upper') => (raw[key] === undefined ? null : p.number(raw[key], `${path}.${key}`));
    const options = {
      metric: metricOption(raw.metric, `${path}.metric`, p, query, catalog)!,
      by: byOption(raw.by, `${path}.by`, p, catalog),
      method,
      threshold: raw.threshold === undefined ? null : p.number(raw.threshold, `${path}.threshold`, true),
      lower: bound('lower'),
      upper: bound('upper'),
    };
    if (method === 'custom' && options.lower === null && options.upper === null) p.add(path, 'method custom needs lower, upper or both');
    if (method === 'all' && options.threshold !== null) p.add(`${path}.threshold`, 'method all uses each method\'s default threshold; pick one method to set it');
    return options;
  },
  async run(context: ProcessorContext, options) {
    const { groups, notes } = await fetchRunGroups(context, options.metric, options.by);
    const methods: Method[] = options.method === 'all' ? ['iqr', 'zscore', 'modified_zscore', ...(options.lower !== null || options.upper !== null ? ['custom' as const] : [])] : [options.method];
    const rows: Record<string, PlainValue>[] = [];
    for (const group of groups) {
      const values = group.values;
      const sorted = [...values].sort((a, b) => a - b);
      const stats = {
        q1: values.length ? quantileLinear(sorted, 0.25) : NaN,
        q3: values.length ? quantileLinear(sorted, 0.75) : NaN,
        mean: values.length ? mean(values) : NaN,
        sd: values.length >= 2 ? Math.sqrt(sampleVariance(values)) : NaN,
        median: values.length ? quantileLinear(sorted, 0.5) : NaN,
        mad: values.length ? quantileLinear(values.map((v) => Math.abs(v - quantileLinear(sorted, 0.5))).sort((a, b) => a - b), 0.5) : NaN,
      };
      const flat = methods.filter((m) => m !== 'custom' && !(spread(m, stats) > 0));
      if (flat.length && values.length) notes.push(`${group.label}: ${flat.map((m) => (m === 'iqr' ? 'the IQR' : m === 'zscore' ? 'the standard deviation' : 'the MAD')).join(', ')} is 0 or undefined (${plural(values.length, 'value')}), so ${flat.join(', ')} flags nothing there.`);
      for (const run of group.runs) {
        if (run.value === null) continue;
        const row: Record<string, PlainValue> = { group: group.label, ...group.keys, run_id: run.run_id, value: run.value };
        let count = 0;
        for (const method of methods) {
          const { score, flag } = judge(method, run.value, stats, options);
          if (method !== 'custom') row[`${method}_score`] = score;
          row[`${method}_flag`] = flag;
          if (flag) count++;
        }
        if (methods.length > 1) Object.assign(row, { any_flag: count > 0, flag_count: count });
        rows.push(row);
      }
    }
    const flagged = rows.filter((r) => (methods.length > 1 ? r.any_flag : r[`${methods[0]}_flag`]));
    return {
      processor: 'outliers',
      title: `Outliers of ${options.metric.name} within ${options.by.map(keyName).join(', ')}`,
      options: plainOptions(options),
      tables: [{ name: 'flags', rows }],
      findings: flagged.length ? [`${plural(flagged.length, 'run')} flagged: ${flagged.map((r) => `run ${r.run_id} (${r.group}, ${r.value})`).join(', ')}.`] : [`No run of ${rows.length} is flagged.`],
      notes,
    } satisfies Analysis;
  },
};

type Stats = { q1: number; q3: number; mean: number; sd: number; median: number; mad: number };

function spread(method: Method, s: Stats): number {
  return method === 'iqr' ? s.q3 - s.q1 : method === 'zscore' ? s.sd : s.mad;
}

/** The same rules as the query's exclude_outliers, so flags and exclusions agree. */
function judge(method: Method, x: number, s: Stats, options: OutliersOptions): { score: number | null; flag: boolean } {
  const k = options.threshold ?? DEFAULTS[method as keyof typeof DEFAULTS];
  if (method === 'custom') return { score: null, flag: (options.lower !== null && x < options.lower) || (options.upper !== null && x > options.upper) };
  const width = spread(method, s);
  if (!(width > 0)) return { score: null, flag: false };
  // IQRs beyond the nearest quartile (0 between them): above k exactly when outside the fences.
  if (method === 'iqr') return { score: Math.max(s.q1 - x, x - s.q3, 0) / width, flag: x < s.q1 - k * width || x > s.q3 + k * width };
  const score = method === 'zscore' ? Math.abs(x - s.mean) / width : (0.6745 * Math.abs(x - s.median)) / width;
  return { score, flag: score > k };
}
