import type { Engine } from '../engine/engine.ts';
import type { ExtractSummary } from './extract.ts';
import { ident } from './sql.ts';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/**
 * Things a snapshot got wrong that loading survived, in words: orphans (foreign keys are never
 * enforced by the tracker), unreadable times, per-label JSON that was skipped.
 */
export async function snapshotWarnings(engine: Engine, staging: string, summary: ExtractSummary): Promise<string[]> {
  const checks: [string, (n: number) => string][] = [
    ['SELECT count(*) FROM trials WHERE experiment_id NOT IN (SELECT experiment_id FROM experiments)', (n) => `${plural(n, 'trial')} belong to no experiment in the file (orphans kept, without experiment).`],
    ['SELECT count(*) FROM runs WHERE experiment_id IS NULL', (n) => `${plural(n, 'run')} belong to no trial in the file (orphans kept, without trial).`],
    ['SELECT count(*) FROM runs WHERE start_time IS NULL', (n) => `${plural(n, 'run')} have a start time that is not a date (kept with no start time).`],
    ["SELECT count(*) FROM metrics WHERE value IS NULL", (n) => `${plural(n, 'metric value')} have no total value (dict-valued metrics; their per-label values are in label_metrics).`],
    ['SELECT count(*) FROM metrics WHERE run_id NOT IN (SELECT run_id FROM runs)', (n) => `${plural(n, 'metric value')} belong to no run in the file (kept, without run).`],
  ];
  if (summary.layout !== 'parquet-flat') {
    checks.push([
      `SELECT count(*) FROM ${ident(staging)}."METRIC" m WHERE CAST(m.id AS INTEGER) NOT IN (SELECT metric_id FROM ${ident(staging)}."metric_link")`,
      (n) => `${plural(n, 'metric row')} are linked to no results, epoch or batch and were left out.`,
    ]);
  }
  const warnings: string[] = [];
  for (const [sql, say] of checks) {
    const count = Number((await engine.query(sql)).get(0)?.toArray()[0] ?? 0);
    if (count > 0) warnings.push(say(count));
  }
  const { invalidJson, skippedLeaves } = summary.labels;
  if (invalidJson) warnings.push(`${plural(invalidJson, 'per_label_val text')} ${invalidJson === 1 ? 'is' : 'are'} not valid JSON and ${invalidJson === 1 ? 'was' : 'were'} skipped.`);
  if (skippedLeaves) warnings.push(`${plural(skippedLeaves, 'per-label entry', 'per-label entries')} ${skippedLeaves === 1 ? 'is' : 'are'} not a number and ${skippedLeaves === 1 ? 'was' : 'were'} skipped.`);
  return warnings;
}
