import type { Engine } from '../engine/engine.ts';
import type { ExtractSummary } from './extract.ts';
import { LINKS } from './metric-values.ts';
import { qualified } from './sql.ts';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const verb = (count: number, one: string, many: string) => (count === 1 ? one : many);

/** What loading counts in the new tables: the metric values, and what the snapshot got wrong. */
export interface SnapshotCheck {
  metricRows: number;
  warnings: string[];
}

/**
 * Things a snapshot got wrong that loading survived, in words: orphans (foreign keys are never
 * enforced by the tracker), unreadable times, per-label JSON that was skipped. Counted in one
 * query, since in the browser every query is a round trip to DuckDB's worker.
 */
export async function checkSnapshot(engine: Engine, staging: string, summary: ExtractSummary): Promise<SnapshotCheck> {
  // The SQLite reader counts metric links as it joins them; per-table Parquet is joined in SQL, so counted here.
  const countLinks = summary.layout === 'parquet-tables';
  const counts = (
    await engine.query(`SELECT
      (SELECT count(*) FROM metrics) AS metrics,
      (SELECT count(*) FROM trials WHERE experiment_id NOT IN (SELECT experiment_id FROM experiments)) AS orphan_trials,
      (SELECT count(*) FROM runs WHERE experiment_id IS NULL) AS orphan_runs,
      (SELECT count(*) FROM runs WHERE start_time IS NULL) AS undated_runs,
      (SELECT count(*) FROM metrics WHERE value IS NULL) AS valueless_metrics,
      (SELECT count(*) FROM metrics WHERE run_id NOT IN (SELECT run_id FROM runs)) AS orphan_metrics
      ${countLinks ? `, (SELECT count(*) FROM ${qualified(staging, 'METRIC')} m ANTI JOIN metrics l ON l.metric_id = CAST(m.id AS INTEGER)) AS unlinked` : ''}`)
  ).get(0)!.toJSON() as Record<string, number>;
  const links = Object.keys(LINKS).reduce((sum, table) => sum + (summary.rows[table] ?? 0), 0);
  const { unlinked, orphans } = summary.metricLinks ?? (countLinks ? { unlinked: counts.unlinked, orphans: links - counts.metrics } : { unlinked: 0, orphans: 0 });
  const said: [number, (n: number) => string][] = [
    [counts.orphan_trials, (n) => `${plural(n, 'trial')} ${verb(n, 'belongs', 'belong')} to no experiment in the file (kept, without experiment).`],
    [counts.orphan_runs, (n) => `${plural(n, 'run')} ${verb(n, 'belongs', 'belong')} to no trial in the file (kept, without trial or experiment).`],
    [counts.undated_runs, (n) => `${plural(n, 'run')} ${verb(n, 'has', 'have')} a start time that is not a date (kept with no start time).`],
    [counts.valueless_metrics, (n) => `${plural(n, 'metric value')} ${verb(n, 'has', 'have')} no total value (dict-valued metrics; their per-label values are in label_metrics).`],
    [counts.orphan_metrics, (n) => `${plural(n, 'metric value')} ${verb(n, 'belongs', 'belong')} to no run in the file (kept, without run).`],
    [unlinked, (n) => `${plural(n, 'METRIC row')} ${verb(n, 'is', 'are')} linked to no results, epoch or batch and ${verb(n, 'was', 'were')} left out.`],
    [orphans, (n) => `${plural(n, 'metric link')} ${verb(n, 'points', 'point')} to no METRIC row and ${verb(n, 'was', 'were')} left out.`],
    [summary.labels.invalidJson, (n) => `${plural(n, 'per_label_val text')} ${verb(n, 'is', 'are')} not valid JSON and ${verb(n, 'was', 'were')} skipped.`],
    [summary.labels.skippedLeaves, (n) => `${plural(n, 'per-label entry', 'per-label entries')} ${verb(n, 'is', 'are')} not a number and ${verb(n, 'was', 'were')} skipped.`],
  ];
  const warnings = said.filter(([count]) => count > 0).map(([count, say]) => say(count));
  if (summary.walMode) {
    warnings.push(
      'The SQLite file is in WAL mode: changes the tracker had not yet written back from tracker.db-wal are not included. ' +
        "For the latest data, stop the tracker (or run sqlite3 tracker.db 'PRAGMA wal_checkpoint') before copying the file.",
    );
  }
  return { metricRows: counts.metrics, warnings };
}
