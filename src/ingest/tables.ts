/**
 * The Experiment Manager tables Trialbook reads, with the columns it needs from each. The
 * hierarchy tables are required; the rest may be absent (older snapshots have no BATCH tables,
 * and a snapshot without artifacts or metrics is still a snapshot).
 */
export type ColumnKind = 'int' | 'number' | 'text';

export interface RawTable {
  name: string;
  required: boolean;
  columns: Record<string, ColumnKind>;
}

const i = 'int' as const;
const n = 'number' as const;
const t = 'text' as const;

export const RAW_TABLES: RawTable[] = [
  { name: 'EXPERIMENT', required: true, columns: { id: i, title: t, desc: t, start_time: t, update_time: t } },
  { name: 'TRIAL', required: true, columns: { id: i, name: t, experiment_id: i, start_time: t, update_time: t } },
  { name: 'TRIAL_RUN', required: true, columns: { id: i, trial_id: i, status: t, start_time: t, update_time: t } },
  { name: 'RESULTS', required: false, columns: { trial_run_id: i, time: t } },
  { name: 'EPOCH', required: false, columns: { idx: i, trial_run_id: i, time: t } },
  { name: 'BATCH', required: false, columns: { idx: i, epoch_idx: i, trial_run_id: i, time: t } },
  { name: 'METRIC', required: false, columns: { id: i, type: t, total_val: n, per_label_val: t } },
  { name: 'ARTIFACT', required: false, columns: { id: i, type: t, loc: t } },
  { name: 'RESULTS_METRIC', required: false, columns: { results_id: i, metric_id: i } },
  { name: 'EPOCH_METRIC', required: false, columns: { epoch_idx: i, epoch_trial_run_id: i, metric_id: i } },
  { name: 'BATCH_METRIC', required: false, columns: { batch_idx: i, epoch_idx: i, trial_run_id: i, metric_id: i } },
  { name: 'EXPERIMENT_ARTIFACT', required: false, columns: { experiment_id: i, artifact_id: i } },
  { name: 'TRIAL_ARTIFACT', required: false, columns: { trial_id: i, artifact_id: i } },
  { name: 'TRIAL_RUN_ARTIFACT', required: false, columns: { trial_run_id: i, artifact_id: i } },
  { name: 'RESULTS_ARTIFACT', required: false, columns: { results_id: i, artifact_id: i } },
  { name: 'EPOCH_ARTIFACT', required: false, columns: { epoch_idx: i, epoch_trial_run_id: i, artifact_id: i } },
  { name: 'BATCH_ARTIFACT', required: false, columns: { batch_idx: i, epoch_idx: i, trial_run_id: i, artifact_id: i } },
  { name: 'SCHEMA_VERSION', required: false, columns: { version: t, applied_at: t } },
];

/** Columns a snapshot may lack. */
export const OPTIONAL_COLUMNS = new Set(['EXPERIMENT.desc', 'METRIC.per_label_val', 'SCHEMA_VERSION.applied_at']);

/** Of those, the ones the model reads: a file without them gets them as NULL. */
export const MODELLED_OPTIONAL_COLUMNS = ['EXPERIMENT.desc'];

export function findRawTable(name: string): RawTable | undefined {
  const upper = name.toUpperCase();
  return RAW_TABLES.find((table) => table.name === upper);
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/**
 * Checks the tables and columns a file offers against what the model needs; the message names
 * what is missing and what was found, so a user can tell a wrong file from a damaged one.
 */
export function checkSnapshotShape(fileLabel: string, kind: string, found: Map<string, string[]>): void {
  const foundNames = [...found.keys()];
  const missingTables = RAW_TABLES.filter((table) => table.required && !found.has(table.name)).map((table) => table.name);
  if (missingTables.length) {
    const list = foundNames.length ? foundNames.join(', ') : 'none';
    throw new SnapshotError(
      `no ${missingTables.join(', no ')} table: ${fileLabel} is not an Experiment Manager snapshot (${kind}); found tables: ${list}. ` +
        'Open the tracker.db that the Experiment Manager writes, or a Parquet export of it.',
    );
  }
  const problems: string[] = [];
  for (const table of RAW_TABLES) {
    const columns = found.get(table.name);
    if (!columns) continue;
    const lower = new Set(columns.map((column) => column.toLowerCase()));
    const missing = Object.keys(table.columns).filter((column) => !lower.has(column) && !OPTIONAL_COLUMNS.has(`${table.name}.${column}`));
    if (missing.length) problems.push(`${table.name} lacks ${missing.join(', ')} (has ${columns.join(', ')})`);
  }
  if (problems.length) {
    throw new SnapshotError(`${fileLabel} looks like an Experiment Manager snapshot but ${problems.join('; ')}. The file may come from an incompatible version or be damaged.`);
  }
}
