import type { LoadReport } from '../ingest/load.ts';
import { TRIAL_NAME_SOURCE } from '../ingest/params/names.ts';
import type { Overview } from '../snapshot/overview.ts';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const statusText = (byStatus: Record<string, number>) =>
  Object.entries(byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ') || 'no runs';

/** The overview for a terminal reader. */
export function inspectText(overview: Overview, report: LoadReport): string {
  const lines = [
    `${report.files.join(', ')} (${report.layout}, ${(report.bytes / 1e6).toFixed(1)} MB, loaded in ${report.seconds.total.toFixed(2)} s: ${Math.round(report.metricRows / report.seconds.total).toLocaleString('en')} metric values/s)`,
    '',
    `${count(overview.experiments.length, 'experiment')}, ${count(overview.runs.total, 'run')}: ${statusText(overview.runs.by_status)}`,
  ];
  for (const e of overview.experiments) lines.push(`  [${e.id}] ${e.title}: ${e.trials} trials, ${e.runs} runs (${statusText(e.by_status)})`);
  lines.push('', `${count(overview.metrics.length, 'metric')}:`);
  for (const m of overview.metrics) lines.push(`  ${m.name} (${m.level}): ${m.rows.toLocaleString('en')} values from ${m.runs} runs`);
  lines.push('', `${overview.label_metrics.toLocaleString('en')} per-label values, ${overview.artifacts} artifacts`);
  lines.push('', ...paramsText(overview.params, report.paramsFiles));
  if (report.warnings.length) lines.push('', 'Warnings:', ...report.warnings.map((w) => `  - ${w}`));
  return lines.join('\n');
}

/** Params by key, saying where each came from; parsed names are labelled as such. */
function paramsText(params: Overview['params'], files: string[]): string[] {
  const keys = new Set(params.map((p) => p.key)).size;
  if (keys === 0) return [files.length ? 'No params: the params files matched no trial (see the warnings).' : 'No params: no params files were given, and the trial names hold none.'];
  const parsed = params.every((p) => p.source === TRIAL_NAME_SOURCE);
  const lines = [`${count(keys, 'param')}${parsed ? ', parsed from trial names' : ''}:`];
  for (const p of params) {
    const from = p.source === TRIAL_NAME_SOURCE ? 'parsed from trial names' : `from ${p.source}`;
    lines.push(`  ${p.key}: ${count(p.values, 'value')} in ${count(p.trials, 'trial')} (${from})`);
  }
  return lines;
}
