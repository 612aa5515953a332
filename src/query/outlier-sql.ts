import type { OutlierRule } from './spec.ts';
import { num, renderSelect, type Select } from './sql.ts';

/**
 * Outlier exclusion as grouped SQL: per-partition bounds over the judged per-run values, joined
 * back (faster in DuckDB than windowed quantiles). A partition whose spread (IQR, standard
 * deviation or MAD) is 0 or unknown flags nothing; the diagnostics report it.
 */
export function partitionColumns(rule: OutlierRule): string[] {
  return rule.within === 'all' ? [] : [`${rule.within}_id`];
}

/** 0.6745 = Φ⁻¹(0.75): makes the MAD comparable with a standard deviation (Iglewicz & Hoaglin). */
const MAD_SCALE = 0.6745;

export function boundsSelect(rule: OutlierRule): Select {
  const keys = partitionColumns(rule);
  const k = num(rule.threshold ?? 0);
  const stats: Select = { select: [...keys, 'count(*) AS n', ...statistics(rule)], from: 'judged', groupBy: keys };
  const derived = {
    iqr: ['q3 - q1 AS spread', `q1 - ${k} * (q3 - q1) AS lower`, `q3 + ${k} * (q3 - q1) AS upper`, 'NULL::DOUBLE AS center'],
    zscore: ['sd AS spread', `mean - ${k} * sd AS lower`, `mean + ${k} * sd AS upper`, 'mean AS center'],
    modified_zscore: ['mad AS spread', `median - ${k} * mad / ${MAD_SCALE} AS lower`, `median + ${k} * mad / ${MAD_SCALE} AS upper`, 'median AS center'],
    custom: [],
  }[rule.method];
  return { select: [...keys, 'n', ...derived], from: `(\n    ${renderSelect(stats, '    ')}\n  ) AS stats` };
}

function statistics(rule: OutlierRule): string[] {
  if (rule.method === 'iqr') return ['quantile_cont(value, 0.25) AS q1', 'quantile_cont(value, 0.75) AS q3'];
  if (rule.method === 'zscore') return ['avg(value) AS mean', 'stddev_samp(value) AS sd'];
  return ['median(value) AS median', 'mad(value) AS mad'];
}

/** The judged runs outside their partition's bounds, with the bound they crossed. */
export function excludedSelect(rule: OutlierRule): Select {
  const run = ['j.run_id', 'j.trial_id', 'j.experiment_id', 'j.value'];
  if (rule.method === 'custom') {
    const lower = rule.lower === null ? 'NULL::DOUBLE' : num(rule.lower);
    const upper = rule.upper === null ? 'NULL::DOUBLE' : num(rule.upper);
    const outside = [rule.lower === null ? null : `j.value < ${lower}`, rule.upper === null ? null : `j.value > ${upper}`].filter(Boolean);
    return {
      select: [...run, `${lower} AS lower`, `${upper} AS upper`, `CASE WHEN ${outside[0]} THEN ${rule.lower === null ? upper : lower} ELSE ${upper} END AS bound`, 'NULL::DOUBLE AS score'],
      from: 'judged AS j',
      where: [`(${outside.join(' OR ')})`],
    };
  }
  const keys = partitionColumns(rule);
  const from = keys.length ? `judged AS j JOIN bounds AS b USING (${keys.join(', ')})` : 'judged AS j CROSS JOIN bounds AS b';
  const k = num(rule.threshold ?? 0);
  const score = rule.method === 'iqr' ? 'NULL::DOUBLE' : `${rule.method === 'modified_zscore' ? `${MAD_SCALE} * ` : ''}abs(j.value - b.center) / b.spread`;
  const outside = rule.method === 'iqr' ? '(j.value < b.lower OR j.value > b.upper)' : `${score} > ${k}`;
  return {
    select: [...run, 'b.lower', 'b.upper', 'CASE WHEN j.value < b.lower THEN b.lower ELSE b.upper END AS bound', `${score} AS score`],
    from,
    where: ['b.spread > 0', outside],
  };
}
