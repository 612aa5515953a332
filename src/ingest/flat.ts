import { labelMetricsFromMetrics, PARAMS_DDL, runStatus, timestamp } from './model.ts';
import { ident, qualified } from './sql.ts';

/**
 * The flat metrics file: one row per metric value, with the hierarchy repeated on every row.
 * It is what `trialbook convert` writes, and what a user exporting from pandas can produce.
 * Only run_id, metric and value are required; the README documents every column.
 */
export const FLAT_COLUMNS = {
  experiment_id: 'INTEGER: experiment id (derived from experiment names when absent)',
  experiment: 'VARCHAR: experiment title',
  experiment_start: 'TIMESTAMP or text: when the experiment started',
  trial_id: 'INTEGER: trial id (derived from trial names when absent)',
  trial: 'VARCHAR: trial name',
  trial_start: 'TIMESTAMP or text: when the trial started',
  run_id: 'INTEGER, required: the run (TRIAL_RUN id)',
  run_status: 'VARCHAR: the raw status as the tracker wrote it',
  run_start: 'TIMESTAMP or text: when the run started',
  level: "VARCHAR: results | epoch | batch (derived from epoch/batch when absent)",
  epoch: 'INTEGER: epoch index for epoch and batch metrics',
  batch: 'INTEGER: batch index for batch metrics',
  metric: 'VARCHAR, required: metric name; NULL on a row that only records a run without metrics',
  value: 'DOUBLE, required: the value (NULL when only per-label values exist)',
  time: 'TIMESTAMP or text: when the value was written',
  per_label_val: 'VARCHAR: per-label values as JSON text',
} as const;

export const FLAT_REQUIRED = ['run_id', 'metric', 'value'];

/** The flat table in the staging schema. */
export const FLAT_TABLE = 'FLAT';

export function modelFromFlatTable(staging: string, columns: Set<string>): string[] {
  const s = (table: string) => qualified(staging, table);
  const has = (name: string) => columns.has(name);
  const col = (name: string, fallback = 'NULL') => (has(name) ? ident(name) : fallback);
  const experimentName = `coalesce(CAST(${col('experiment')} AS VARCHAR), 'default')`;
  const trialName = `coalesce(CAST(${col('trial')} AS VARCHAR), 'default')`;
  const level = has('level')
    ? `lower(CAST(level AS VARCHAR))`
    : `CASE WHEN ${col('batch')} IS NOT NULL THEN 'batch' WHEN ${col('epoch')} IS NOT NULL THEN 'epoch' ELSE 'results' END`;
  // With the ids in the file, the typed rows are a view: the statements below each read them
  // once, which costs less than storing a million rows of strings again (~0.3 s). Ids derived
  // by ranking names are computed once and stored instead.
  const rowsKind = has('experiment_id') && has('trial_id') ? 'VIEW' : 'TABLE';
  return [
    `CREATE ${rowsKind} ${s('flat_rows')} AS
     SELECT rowid AS row_index,
            ${has('experiment_id') ? 'CAST(experiment_id AS INTEGER)' : `CAST(dense_rank() OVER (ORDER BY ${experimentName}) AS INTEGER)`} AS experiment_id,
            ${experimentName} AS experiment, ${timestamp(col('experiment_start'))} AS experiment_start,
            ${has('trial_id') ? 'CAST(trial_id AS INTEGER)' : `CAST(dense_rank() OVER (ORDER BY ${experimentName}, ${trialName}) AS INTEGER)`} AS trial_id,
            ${trialName} AS trial, ${timestamp(col('trial_start'))} AS trial_start,
            CAST(run_id AS INTEGER) AS run_id, CAST(${col('run_status')} AS VARCHAR) AS run_status, ${timestamp(col('run_start'))} AS run_start,
            CASE WHEN metric IS NULL THEN NULL ELSE ${level} END AS level,
            CAST(${col('epoch')} AS INTEGER) AS epoch, CAST(${col('batch')} AS INTEGER) AS batch,
            CAST(metric AS VARCHAR) AS metric, CAST(value AS DOUBLE) AS value, ${timestamp(col('time'))} AS time
     FROM ${s(FLAT_TABLE)}`,
    `CREATE OR REPLACE TABLE main.experiments AS
     SELECT experiment_id, any_value(experiment) AS title, NULL::VARCHAR AS description,
            coalesce(min(experiment_start), min(trial_start), min(run_start)) AS start_time, max(coalesce(time, run_start)) AS update_time
     FROM ${s('flat_rows')} WHERE experiment_id IS NOT NULL GROUP BY experiment_id ORDER BY experiment_id`,
    `CREATE OR REPLACE TABLE main.trials AS
     SELECT trial_id, any_value(experiment_id) AS experiment_id, any_value(trial) AS trial,
            coalesce(min(trial_start), min(run_start)) AS start_time, max(coalesce(time, run_start)) AS update_time
     FROM ${s('flat_rows')} WHERE trial_id IS NOT NULL GROUP BY trial_id ORDER BY trial_id`,
    `CREATE OR REPLACE TABLE main.runs AS
     SELECT run_id, trial_id, experiment_id,
            ${runStatus('status_raw', 'has_results')} AS status, status_raw, start_time, end_time,
            date_diff('microsecond', start_time, end_time) / 1e6 AS duration_s, epochs, has_results
     FROM (
       SELECT run_id, any_value(trial_id) AS trial_id, any_value(experiment_id) AS experiment_id, any_value(run_status) AS status_raw,
              min(run_start) AS start_time, max(time) AS end_time,
              count(DISTINCT epoch) FILTER (WHERE level = 'epoch')::INTEGER AS epochs, coalesce(bool_or(level = 'results'), false) AS has_results
       FROM ${s('flat_rows')} GROUP BY run_id
     ) ORDER BY run_id`,
    `CREATE OR REPLACE TABLE main.metrics AS
     SELECT run_id, trial_id, experiment_id, level, epoch, batch, metric, value, time, CAST(row_index AS INTEGER) AS metric_id
     FROM ${s('flat_rows')} WHERE metric IS NOT NULL`,
    labelMetricsFromMetrics(staging),
    `CREATE OR REPLACE TABLE main.artifacts (artifact_id INTEGER, type VARCHAR, location VARCHAR, level VARCHAR,
       experiment_id INTEGER, trial_id INTEGER, run_id INTEGER, epoch INTEGER, batch INTEGER)`,
    PARAMS_DDL,
  ];
}
