import { built, labelMetricsFromMetrics, PARAMS_DDL, runStatus, timestamp } from './model.ts';
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

/** Each chunk of the flat file arrives in the staging schema as this table, and is folded away. */
export const FLAT_TABLE = 'FLAT';
/** Per value: the run, where in it, the metric and value, typed. */
const VALUES = 'flat_values';
/** Per run and chunk: what the file repeats on each of the run's rows, said once. */
const RUN_FACTS = 'flat_run_facts';

/**
 * Folds one staged chunk into the typed per-value and per-run tables. The file repeats the
 * experiment, trial and status on every row; staged as they come, 10M rows took 1.7 GB and the
 * model then passed the ~3 GB a tab's WebAssembly may use. Said once per run they cost nothing.
 * `firstRow` is the chunk's first row in the file: per-label values are keyed by it.
 */
export function foldFlatChunk(staging: string, columns: Set<string>, firstRow: number, first: boolean): string[] {
  const s = (table: string) => qualified(staging, table);
  const col = (name: string, fallback = 'NULL') => (columns.has(name) ? ident(name) : fallback);
  const level = columns.has('level')
    ? 'lower(CAST(level AS VARCHAR))'
    : `CASE WHEN ${col('batch')} IS NOT NULL THEN 'batch' WHEN ${col('epoch')} IS NOT NULL THEN 'epoch' ELSE 'results' END`;
  const into = (table: string, select: string) => (first ? `CREATE TABLE ${s(table)} AS ${select}` : `INSERT INTO ${s(table)} ${select}`);
  return [
    into(VALUES, `
      SELECT CAST(rowid + ${firstRow} AS INTEGER) AS row_index, CAST(run_id AS INTEGER) AS run_id,
             CASE WHEN metric IS NULL THEN NULL ELSE ${level} END AS level,
             CAST(${col('epoch')} AS INTEGER) AS epoch, CAST(${col('batch')} AS INTEGER) AS batch,
             CAST(metric AS VARCHAR) AS metric, CAST(value AS DOUBLE) AS value, ${timestamp(col('time'))} AS time
      FROM ${s(FLAT_TABLE)}`),
    into(RUN_FACTS, `
      SELECT CAST(run_id AS INTEGER) AS run_id,
             any_value(CAST(${col('experiment_id')} AS INTEGER)) AS experiment_id, any_value(CAST(${col('experiment')} AS VARCHAR)) AS experiment,
             min(${timestamp(col('experiment_start'))}) AS experiment_start,
             any_value(CAST(${col('trial_id')} AS INTEGER)) AS trial_id, any_value(CAST(${col('trial')} AS VARCHAR)) AS trial,
             min(${timestamp(col('trial_start'))}) AS trial_start,
             any_value(CAST(${col('run_status')} AS VARCHAR)) AS run_status, min(${timestamp(col('run_start'))}) AS run_start
      FROM ${s(FLAT_TABLE)} GROUP BY ALL`),
    `DROP TABLE ${s(FLAT_TABLE)}`,
  ];
}

/** The canonical tables from the folded flat file; `columns` are the file's. */
export function modelFromFlatTable(staging: string, columns: Set<string>): string[] {
  const s = (table: string) => qualified(staging, table);
  const given = (id: string, names: string) => (columns.has(id) ? id : `CAST(dense_rank() OVER (ORDER BY ${names}) AS INTEGER)`);
  // Every run has both (they come from the same rows); a run_id left empty in the file is kept as one run.
  const runsWithTimes = `(SELECT r.*, t.* EXCLUDE (run_id) FROM ${s('flat_runs')} r JOIN ${s('flat_run_times')} t ON r.run_id IS NOT DISTINCT FROM t.run_id)`;
  return [
    // A run spanning two chunks has facts from each; names missing from the file are 'default'.
    `CREATE TABLE ${s('flat_runs')} AS
     SELECT run_id, ${given('experiment_id', 'experiment')} AS experiment_id, experiment, experiment_start,
            ${given('trial_id', 'experiment, trial')} AS trial_id, trial, trial_start, run_status, run_start
     FROM (
       SELECT run_id, any_value(experiment_id) AS experiment_id, coalesce(any_value(experiment), 'default') AS experiment,
              min(experiment_start) AS experiment_start, any_value(trial_id) AS trial_id, coalesce(any_value(trial), 'default') AS trial,
              min(trial_start) AS trial_start, any_value(run_status) AS run_status, min(run_start) AS run_start
       FROM ${s(RUN_FACTS)} GROUP BY run_id
     )`,
    `CREATE TABLE ${s('flat_run_times')} AS
     SELECT run_id, max(time) AS end_time, count(DISTINCT epoch) FILTER (WHERE level = 'epoch')::INTEGER AS epochs,
            coalesce(bool_or(level = 'results'), false) AS has_results
     FROM ${s(VALUES)} GROUP BY run_id`,
    `CREATE OR REPLACE TABLE ${built('experiments')} AS
     SELECT experiment_id, any_value(experiment) AS title, NULL::VARCHAR AS description,
            coalesce(min(experiment_start), min(trial_start), min(run_start)) AS start_time, max(coalesce(end_time, run_start)) AS update_time
     FROM ${runsWithTimes} WHERE experiment_id IS NOT NULL GROUP BY experiment_id ORDER BY experiment_id`,
    `CREATE OR REPLACE TABLE ${built('trials')} AS
     SELECT trial_id, any_value(experiment_id) AS experiment_id, any_value(trial) AS trial,
            coalesce(min(trial_start), min(run_start)) AS start_time, max(coalesce(end_time, run_start)) AS update_time
     FROM ${runsWithTimes} WHERE trial_id IS NOT NULL GROUP BY trial_id ORDER BY trial_id`,
    `CREATE OR REPLACE TABLE ${built('runs')} AS
     SELECT run_id, trial_id, experiment_id, ${runStatus('run_status', 'has_results')} AS status, run_status AS status_raw,
            run_start AS start_time, end_time, date_diff('microsecond', run_start, end_time) / 1e6 AS duration_s, epochs, has_results
     FROM ${runsWithTimes} ORDER BY run_id`,
    `CREATE OR REPLACE TABLE ${built('metrics')} AS
     SELECT v.run_id, r.trial_id, r.experiment_id, v.level, v.epoch, v.batch, v.metric, v.value, v.time, v.row_index AS metric_id
     FROM ${s(VALUES)} v JOIN ${s('flat_runs')} r ON v.run_id IS NOT DISTINCT FROM r.run_id WHERE v.metric IS NOT NULL`,
    labelMetricsFromMetrics(staging),
    `CREATE OR REPLACE TABLE ${built('artifacts')} (artifact_id INTEGER, type VARCHAR, location VARCHAR, level VARCHAR,
       experiment_id INTEGER, trial_id INTEGER, run_id INTEGER, epoch INTEGER, batch INTEGER)`,
    PARAMS_DDL,
  ];
}
