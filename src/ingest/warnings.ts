import type { Engine } from '../engine/engine.ts';
import type { ExtractSummary } from './extract.ts';
import type { MetricLinkReport } from './sqlite.ts';
import { ident } from './sql.ts';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const verb = (count: number, one: string, many: string) => (count === 1 ? one : many);

/**
 * Things a snapshot got wrong that loading survived, in words: orphans (foreign keys are never
 * enforced by the tracker), unreadable times, per-label JSON that was skipped.
 */
export async function snapshotWarnings(engine: Engine, staging: string, summary: ExtractSummary): Promise<string[]> {
  const checks: [string, (n: number) => string][] = [
    ['SELECT count(*) FROM trials WHERE experiment_id NOT IN (SELECT experiment_id FROM experiments)', (n) => `${plural(n, 'trial')} ${verb(n, 'belongs', 'belong')} to no experiment in the file (kept, without experiment).`],
    ['SELECT count(*) FROM runs WHERE experiment_id IS NULL', (n) => `${plural(n, 'run')} ${verb(n, 'belongs', 'belong')} to no trial in the file (kept, without trial or experiment).`],
    ['SELECT count(*) FROM runs WHERE start_time IS NULL', (n) => `${plural(n, 'run')} ${verb(n, 'has', 'have')} a start time that is not a date (kept with no start time).`],
    ["SELECT count(*) FROM metrics WHERE value IS NULL", (n) => `${plural(n, 'metric value')} ${verb(n, 'has', 'have')} no total value (dict-valued metrics; their per-label values are in label_metrics).`],
    ['SELECT count(*) FROM metrics WHERE run_id NOT IN (SELECT run_id FROM runs)', (n) => `${plural(n, 'metric value')} ${verb(n, 'belongs', 'belong')} to no run in the file (kept, without run).`],
  ];
  const warnings: string[] = [];
  for (const [sql, say] of checks) {
    const count = Number((await engine.query(sql)).get(0)?.toArray()[0] ?? 0);
    if (count > 0) warnings.push(say(count));
  }
  if (summary.layout !== 'parquet-flat') {
    const { unlinked, orphans } = summary.metricLinks ?? (await countMetricLinks(engine, staging, summary));
    if (unlinked) warnings.push(`${plural(unlinked, 'METRIC row')} ${verb(unlinked, 'is', 'are')} linked to no results, epoch or batch and ${verb(unlinked, 'was', 'were')} left out.`);
    if (orphans) warnings.push(`${plural(orphans, 'metric link')} ${verb(orphans, 'points', 'point')} to no METRIC row and ${verb(orphans, 'was', 'were')} left out.`);
  }
  const { invalidJson, skippedLeaves } = summary.labels;
  if (invalidJson) warnings.push(`${plural(invalidJson, 'per_label_val text')} ${verb(invalidJson, 'is', 'are')} not valid JSON and ${verb(invalidJson, 'was', 'were')} skipped.`);
  if (skippedLeaves) warnings.push(`${plural(skippedLeaves, 'per-label entry', 'per-label entries')} ${verb(skippedLeaves, 'is', 'are')} not a number and ${verb(skippedLeaves, 'was', 'were')} skipped.`);
  if (summary.walMode) {
    warnings.push(
      'The SQLite file is in WAL mode: changes the tracker had not yet written back from tracker.db-wal are not included. ' +
        "For the latest data, stop the tracker (or run sqlite3 tracker.db 'PRAGMA wal_checkpoint') before copying the file.",
    );
  }
  return warnings;
}

/** The SQLite reader counts these as it joins; per-table Parquet files are joined in SQL, so counted there. */
async function countMetricLinks(engine: Engine, staging: string, summary: ExtractSummary): Promise<MetricLinkReport> {
  const count = async (sql: string) => Number((await engine.query(sql)).get(0)?.toArray()[0] ?? 0);
  const links = ['RESULTS_METRIC', 'EPOCH_METRIC', 'BATCH_METRIC'].reduce((sum, table) => sum + (summary.rows[table] ?? 0), 0);
  return {
    unlinked: await count(`SELECT count(*) FROM ${ident(staging)}."METRIC" m ANTI JOIN metrics l ON l.metric_id = CAST(m.id AS INTEGER)`),
    orphans: links - (await count(`SELECT count(*) FROM metrics`)),
  };
}
