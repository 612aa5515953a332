import type { AnalyticsMeta } from '../../result/analytics-result.ts';
import type { Analysis } from '../../stats/analysis.ts';

/**
 * Download names that say what a file holds (`lr_sweep-test_acc-by-trial.csv`): the parts of a
 * name are joined by `-`, and each keeps the letters, digits and underscores of any script.
 */
const MAX_STEM_LENGTH = 80;

/** One part of a name: runs of anything but letters, marks, digits and `_` become `-`. */
export function fileNamePart(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}_]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The parts joined by `-`, as many whole parts as fit in MAX_STEM_LENGTH characters (a first
 * part longer than that is cut); `fallback` when no part has a character a name can keep.
 */
export function fileStem(parts: string[], fallback: string): string {
  const kept = parts.map(fileNamePart).filter((part) => part !== '');
  if (kept.length === 0) return fallback === '' ? 'download' : fileStem([fallback], '');
  let stem = kept[0].slice(0, MAX_STEM_LENGTH).replace(/-+$/, '');
  for (const part of kept.slice(1)) {
    if (stem.length + 1 + part.length > MAX_STEM_LENGTH) break;
    stem = `${stem}-${part}`;
  }
  return stem;
}

/**
 * A query cell's result: the experiment when the query reads exactly one, the metrics (or the
 * level, when the spec reads all metrics of one), then `by-<group keys>`.
 */
export function queryFileStem(cellName: string, meta: Pick<AnalyticsMeta, 'spec' | 'query'>): string {
  const { experiments, metrics, groupBy } = meta.query;
  const experiment = experiments.names.length === 1 && experiments.ids.length === 0 ? [experiments.names[0]] : [];
  const metricParts = meta.spec.metrics?.names === undefined ? [`${metrics.level}_metrics`] : metrics.names;
  const groups = groupBy.map((key) => (key.kind === 'param' ? `param:${key.key}` : key.kind));
  return fileStem([...experiment, ...metricParts, ...byPart(groups)], cellName);
}

/**
 * One table of an analysis: what it analysed (its metric and grouping, which default to its
 * query's; else the input cell's name), the processor, then the table (`test_acc-by-trial-compare-ranking`).
 */
export function analysisFileStem(input: string, analysis: Pick<Analysis, 'processor' | 'options'>, table: string): string {
  const { metric, by } = analysis.options;
  const analysed = typeof metric === 'string' ? [metric] : [input];
  const groups = Array.isArray(by) ? by.map(String) : [];
  return fileStem([...analysed, ...byPart(groups), analysis.processor, table], input);
}

/** A chart: its title, else `<y>-by-<x>-<mark>` (`<x>-<mark>` without y: a histogram counts x). */
export function chartFileStem(cellName: string, spec: { title: string | null; mark: string; x: string; y: string | null }): string {
  const title = fileNamePart(spec.title ?? '').toLowerCase();
  if (title) return fileStem([title], cellName);
  return fileStem(spec.y === null ? [spec.x, spec.mark] : [spec.y, ...byPart([spec.x]), spec.mark], cellName);
}

/** A SQL cell's rows: the cell's name. */
export function sqlFileStem(cellName: string): string {
  return fileStem([cellName], 'sql');
}

/** `by-trial-epoch` for the keys trial and epoch (`param:lr` is `param_lr`); nothing without keys. */
function byPart(keys: string[]): string[] {
  const named = keys.map((key) => fileNamePart(key.replace(/^param:/, 'param_'))).filter((key) => key !== '');
  return named.length ? [`by-${named.join('-')}`] : [];
}
