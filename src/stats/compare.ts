import type { GroupKey } from '../query/spec.ts';
import type { PlainValue } from '../result/values.ts';
import type { Analysis, Processor, ProcessorContext } from './analysis.ts';
import { cliffsDelta } from './math/cliffs-delta.ts';
import { mean, sampleVariance } from './math/describe.ts';
import { hedgesG } from './math/hedges-g.ts';
import { mannWhitneyU } from './math/mann-whitney.ts';
import { adjustPValues } from './math/p-adjust.ts';
import { studentTTest, welchTTest } from './math/t-tests.ts';
import { byOption, checkKeys, choiceOption, fractionOption, keyName, metricOption, plainOptions, type MetricChoice } from './options.ts';
import { fetchRunGroups, type RunGroup } from './run-groups.ts';
import { studentTQuantile } from './t-distribution.ts';
import { finite, interval, num, pValue } from './wording.ts';

const TESTS = ['welch', 'student', 'mannwhitney'] as const;
const CORRECTIONS = ['holm', 'bonferroni', 'bh', 'none'] as const;

export interface CompareOptions {
  metric: MetricChoice;
  by: GroupKey[];
  test: (typeof TESTS)[number];
  correction: (typeof CORRECTIONS)[number];
  baseline: string | null;
  /** Compare trials only with trials of the same experiment (the default when grouping by trial). */
  within: 'experiment' | 'all';
  confidence: number;
  alpha: number;
}

/**
 * Every pair of groups (or each against a baseline): a significance test, the mean difference
 * with its interval, Hedges' g and Cliff's delta, p-values adjusted for the number of pairs; and
 * the groups ranked by mean in the metric's direction, with a verdict per pair.
 */
export const compare: Processor<CompareOptions> = {
  name: 'compare',
  resolve(raw, path, p, query, catalog) {
    checkKeys(raw, path, p, ['metric', 'by', 'test', 'correction', 'baseline', 'within', 'confidence', 'alpha', 'higher_is_better']);
    const metric = metricOption(raw.metric, `${path}.metric`, p, query, catalog)!;
    if (metric && raw.higher_is_better !== undefined) {
      if (typeof raw.higher_is_better === 'boolean') metric.lowerIsBetter = !raw.higher_is_better;
      else p.add(`${path}.higher_is_better`, 'expected true or false');
    }
    const by = byOption(raw.by, `${path}.by`, p, catalog);
    return {
      metric,
      by,
      within: choiceOption(raw.within, `${path}.within`, p, ['experiment', 'all'] as const, by.some((k) => k.kind === 'trial') ? 'experiment' : 'all'),
      test: choiceOption(raw.test, `${path}.test`, p, TESTS, 'welch'),
      correction: choiceOption(raw.correction, `${path}.correction`, p, CORRECTIONS, 'holm'),
      baseline: raw.baseline === undefined ? null : p.text(raw.baseline, `${path}.baseline`),
      confidence: fractionOption(raw.confidence, `${path}.confidence`, p, 0.95),
      alpha: fractionOption(raw.alpha, `${path}.alpha`, p, 0.05),
    };
  },
  async run(context: ProcessorContext, options) {
    const { groups, notes } = await fetchRunGroups(context, options.metric, options.by);
    const ranking: Record<string, PlainValue>[] = [];
    const pairs: (readonly [RunGroup, RunGroup])[] = [];
    const baselines = options.baseline === null ? [] : groups.filter((g) => g.label === options.baseline || Object.values(g.keys).includes(options.baseline));
    if (options.baseline !== null && !baselines.length) notes.push(`No group is called '${options.baseline}' (groups: ${groups.map((g) => g.label).join(', ')}); every pair is compared instead.`);
    for (const family of partitions(groups, options)) {
      const ranked = rank(family, options);
      ranking.push(...ranked);
      const ordered = ranked.map((r) => family.find((g) => g.label === r.group)!);
      const baseline = baselines.find((b) => family.includes(b));
      if (baselines.length && !baseline) continue;
      pairs.push(...(baseline ? ordered.filter((g) => g !== baseline).map((g) => [g, baseline] as const) : ordered.flatMap((a, i) => ordered.slice(i + 1).map((b) => [a, b] as const))));
    }
    const rows = pairs.map(([a, b]) => comparePair(a, b, options));
    const adjusted = options.correction === 'none' ? rows.map((r) => r.p as number) : adjustPValues(rows.map((r) => (r.p as number | null) ?? NaN), options.correction);
    rows.forEach((row, i) => {
      row.p_adjusted = Number.isFinite(adjusted[i]) ? adjusted[i] : null;
      row.verdict = verdict(row, options);
    });
    return {
      processor: 'compare',
      title: `${options.metric.name} by ${options.by.map(keyName).join(', ')}: ${options.test === 'mannwhitney' ? 'Mann–Whitney U' : options.test === 'welch' ? "Welch's t-test" : "Student's t-test"}${options.correction === 'none' ? '' : `, ${options.correction === 'bh' ? 'Benjamini–Hochberg' : options.correction === 'holm' ? 'Holm' : 'Bonferroni'}`}`,
      options: plainOptions(options),
      tables: [{ name: 'ranking', rows: ranking }, { name: 'pairs', rows }],
      findings: rows.filter((r) => r.significant).map((r) => String(r.verdict)).concat(rows.some((r) => r.significant) ? [] : rows.length ? [`No pair differs significantly on ${options.metric.name} at α = ${options.alpha} (${options.correction === 'none' ? 'unadjusted' : `${options.correction}-adjusted`}).`] : []),
      notes: [...notes, ...rows.flatMap((r) => (r.reason ? [`${r.group_a} vs ${r.group_b}: ${r.reason}`] : []))],
    } satisfies Analysis;
  },
};

/** The families of groups compared with each other: one per experiment, or all together. */
function partitions(groups: RunGroup[], options: CompareOptions): RunGroup[][] {
  if (options.within === 'all') return [groups];
  const families = new Map<PlainValue, RunGroup[]>();
  for (const group of groups) families.set(group.keys.experiment ?? null, [...(families.get(group.keys.experiment ?? null) ?? []), group]);
  return [...families.values()];
}

/** Groups by mean, best first in the metric's direction; groups without values rank last. */
function rank(groups: RunGroup[], options: CompareOptions): Record<string, PlainValue>[] {
  const sign = options.metric.lowerIsBetter ? 1 : -1;
  const rows = groups.map((group) => {
    const n = group.values.length;
    const m = n ? mean(group.values) : NaN;
    const half = n >= 2 ? studentTQuantile(1 - (1 - options.confidence) / 2, n - 1) * Math.sqrt(sampleVariance(group.values) / n) : NaN;
    return { group: group.label, ...group.keys, n, mean: finite(m), ci_low: finite(m - half), ci_high: finite(m + half) } as Record<string, PlainValue>;
  });
  rows.sort((a, b) => (a.mean === null ? 1 : b.mean === null ? -1 : sign * ((a.mean as number) - (b.mean as number))));
  return rows.map((row, i) => ({ rank: row.mean === null ? null : i + 1, ...row }));
}

function comparePair(a: RunGroup, b: RunGroup, options: CompareOptions): Record<string, PlainValue> {
  const welch = welchTTest(a.values, b.values, { confidence: options.confidence });
  const test = options.test === 'welch' ? welch : options.test === 'student' ? studentTTest(a.values, b.values, { confidence: options.confidence }) : null;
  const mw = options.test === 'mannwhitney' ? mannWhitneyU(a.values, b.values) : null;
  const g = hedgesG(a.values, b.values, { confidence: options.confidence });
  const delta = cliffsDelta(a.values, b.values);
  const diffCi = test?.ci ?? welch.ci;
  const p = test ? test.p : mw!.p;
  return {
    group_a: a.label,
    group_b: b.label,
    // Filled in once the p-values are adjusted; first after the pair, as it is what people read.
    verdict: null,
    n_a: a.values.length,
    n_b: b.values.length,
    mean_a: finite(a.values.length ? mean(a.values) : NaN),
    mean_b: finite(b.values.length ? mean(b.values) : NaN),
    difference: finite(welch.meanDiff),
    difference_ci_low: finite(diffCi[0]),
    difference_ci_high: finite(diffCi[1]),
    test: options.test,
    statistic: finite(test ? test.t : mw!.u),
    df: test ? finite(test.df) : null,
    p: finite(p),
    p_adjusted: null,
    hedges_g: finite(g.g),
    hedges_g_ci_low: finite(g.ci[0]),
    hedges_g_ci_high: finite(g.ci[1]),
    effect: Number.isFinite(g.g) ? g.magnitude : null,
    cliffs_delta: finite(delta.delta),
    cliffs_delta_effect: Number.isFinite(delta.delta) ? delta.magnitude : null,
    significant: false,
    reason: (test?.reason ?? mw?.reason ?? null) as string | null,
  };
}

/** "lr=0.01 beats lr=0.001 on test_acc by 0.021 [0.012, 0.030], p_holm = 0.003, g = 1.4: large" */
function verdict(row: Record<string, PlainValue>, options: CompareOptions): string {
  const pName = options.correction === 'none' ? 'p' : `p_${options.correction}`;
  const p = row.p_adjusted as number | null;
  if (p === null) return `${row.group_a} vs ${row.group_b}: no test (${row.reason ?? 'not enough values'})`;
  const diff = row.difference as number;
  const better = options.metric.lowerIsBetter ? diff < 0 : diff > 0;
  row.significant = p < options.alpha && diff !== 0;
  if (!row.significant) return `no significant difference between ${row.group_a} and ${row.group_b} on ${options.metric.name} (${pValue(p, pName)})`;
  const [winner, loser] = better ? [row.group_a, row.group_b] : [row.group_b, row.group_a];
  // The size of the win, positive: a − b when a is larger, b − a otherwise.
  const ci = diff > 0 ? interval(row.difference_ci_low as number, row.difference_ci_high as number) : interval(-(row.difference_ci_high as number), -(row.difference_ci_low as number));
  return `${winner} beats ${loser} on ${options.metric.name} by ${num(Math.abs(diff))} ${ci}, ${pValue(p, pName)}, g = ${num(Math.abs(row.hedges_g as number))}: ${row.effect}`;
}

