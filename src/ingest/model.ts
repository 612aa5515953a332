import { LABEL_TABLE } from './labels.ts';
import { LINKS, METRIC_NAME_TABLE, metricValueTable } from './metric-values.ts';
import { ident, int, qualified } from './sql.ts';

/**
 * The tables every snapshot becomes, built in DuckDB from the raw tables in a staging schema.
 * The model functions return one CREATE statement per step.
 */
export const CANONICAL_TABLES = ['experiments', 'trials', 'runs', 'metrics', 'label_metrics', 'artifacts', 'params'] as const;
export type CanonicalTable = (typeof CANONICAL_TABLES)[number];

/**
 * Where a canonical table is built before it replaces the open snapshot's: beside it in main,
 * outside any transaction. Built inside the swap's transaction, 10M metric values needed twice
 * the memory (DuckDB keeps a transaction's new rows apart until it commits), and 15M did not fit
 * in wasm's 3.1 GiB. Renaming in main is what a transaction can do cheaply; DuckDB cannot move
 * a table to another schema. Loads run one at a time, so one set of names serves.
 */
export function built(table: CanonicalTable): string {
  return qualified('main', builtName(table));
}

export const builtName = (table: CanonicalTable) => `loading_${table}`;

/** Replaces the open snapshot's tables with the built ones; run inside one transaction. */
export function swapInBuilt(): string[] {
  return CANONICAL_TABLES.flatMap((table) => [`DROP TABLE IF EXISTS ${qualified('main', table)}`, `ALTER TABLE ${built(table)} RENAME TO ${ident(table)}`]);
}

/** Tables a failed or cancelled load built and did not swap in. */
export function dropBuilt(): string[] {
  return CANONICAL_TABLES.map((table) => `DROP TABLE IF EXISTS ${built(table)}`);
}

/** Raw status words that mean a run failed (whole word, any case): other tools write these. */
export const FAILURE_WORDS = ['failed', 'error', 'cancelled', 'canceled', 'timeout', 'stopped', 'aborted'];

export const FAILURE_PATTERN = `(?i)\\b(${FAILURE_WORDS.join('|')})\\b`;

/** Every datetime form the tracker writes ('T' or space, with or without microseconds) casts to TIMESTAMP. */
export function timestamp(expression: string): string {
  return `TRY_CAST(${expression} AS TIMESTAMP)`;
}

export function runStatus(rawStatus: string, hasResults: string): string {
  return `CASE WHEN regexp_matches(coalesce(${rawStatus}, ''), '${FAILURE_PATTERN}') THEN 'failed' WHEN ${hasResults} THEN 'completed' ELSE 'incomplete' END`;
}

/** Per-label values join the metric value they belong to (built first) by its metric_id. */
export function labelMetricsFromMetrics(staging: string): string {
  return `CREATE OR REPLACE TABLE ${built('label_metrics')} AS
     SELECT m.run_id, m.level, m.epoch, m.batch, m.metric, v.label, v.value, m.metric_id
     FROM ${qualified(staging, LABEL_TABLE)} v JOIN ${built('metrics')} m ON m.metric_id = v.metric_id`;
}

/**
 * Hyperparameters: created empty with the other tables, then filled from the params files given
 * with the snapshot or from the trials' names (src/ingest/params). run_id is NULL for a trial's
 * params; value_num is the value when it is a number; source is the file, or 'trial name'.
 */
export const PARAMS_DDL =
  `CREATE OR REPLACE TABLE ${built('params')} (trial_id INTEGER, run_id INTEGER, key VARCHAR, value VARCHAR, value_num DOUBLE, source VARCHAR)`;

/**
 * Per-table Parquet files bring METRIC and its link tables as they are; the SQLite reader joins
 * them while reading. These make the same per-level value tables and name codes from the files.
 */
export function metricValuesFromTables(staging: string): string[] {
  const s = (table: string) => qualified(staging, table);
  const names = `CREATE OR REPLACE TABLE ${s(METRIC_NAME_TABLE)} AS
     SELECT ${int('row_number() OVER (ORDER BY name)')} AS code, name FROM (SELECT DISTINCT CAST(type AS VARCHAR) AS name FROM ${s('METRIC')})`;
  const values = Object.entries(LINKS).map(([table, { level, run, epoch, batch }]) => {
    const keys = [`${int(`l.${run}`)} AS run_id`, ...(epoch ? [`${int(`l.${epoch}`)} AS epoch`] : []), ...(batch ? [`${int(`l.${batch}`)} AS batch`] : [])];
    return `CREATE OR REPLACE TABLE ${s(metricValueTable(level))} AS
     SELECT ${keys.join(', ')}, ${int('m.id')} AS metric_id, n.code AS name, CAST(m.total_val AS DOUBLE) AS value
     FROM ${s(table)} l JOIN ${s('METRIC')} m ON m.id = l.metric_id JOIN ${s(METRIC_NAME_TABLE)} n ON n.name = m.type`;
  });
  return [names, ...values];
}

/** Canonical model from the raw tables, the per-level value tables standing for METRIC and its links. */
export function modelFromRawTables(staging: string): string[] {
  const s = (table: string) => qualified(staging, table);
  return [
    `CREATE OR REPLACE TABLE ${built('experiments')} AS
     SELECT ${int('id')} AS experiment_id, CAST(title AS VARCHAR) AS title, CAST("desc" AS VARCHAR) AS description,
            ${timestamp('start_time')} AS start_time, ${timestamp('update_time')} AS update_time
     FROM ${s('EXPERIMENT')} ORDER BY experiment_id`,
    `CREATE OR REPLACE TABLE ${built('trials')} AS
     SELECT ${int('id')} AS trial_id, ${int('experiment_id')} AS experiment_id, CAST(name AS VARCHAR) AS trial,
            ${timestamp('start_time')} AS start_time, ${timestamp('update_time')} AS update_time
     FROM ${s('TRIAL')} ORDER BY trial_id`,
    // Times are typed once per event row, not once per metric that refers to them.
    `CREATE OR REPLACE TABLE ${s('results_t')} AS
     SELECT ${int('trial_run_id')} AS run_id, ${timestamp('time')} AS time FROM ${s('RESULTS')}`,
    `CREATE OR REPLACE TABLE ${s('epoch_t')} AS
     SELECT ${int('trial_run_id')} AS run_id, ${int('idx')} AS epoch, ${timestamp('time')} AS time FROM ${s('EPOCH')}`,
    `CREATE OR REPLACE TABLE ${s('batch_t')} AS
     SELECT ${int('trial_run_id')} AS run_id, ${int('epoch_idx')} AS epoch, ${int('idx')} AS batch, ${timestamp('time')} AS time
     FROM ${s('BATCH')}`,
    `CREATE OR REPLACE TABLE ${s('run_time')} AS
     SELECT run_id, max(time) AS end_time, count(DISTINCT epoch) FILTER (WHERE level = 'epoch') AS epochs,
            bool_or(level = 'results') AS has_results
     FROM (
       SELECT run_id, 'results' AS level, NULL::INTEGER AS epoch, time FROM ${s('results_t')}
       UNION ALL SELECT run_id, 'epoch', epoch, time FROM ${s('epoch_t')}
       UNION ALL SELECT run_id, 'batch', epoch, time FROM ${s('batch_t')}
     ) GROUP BY run_id`,
    `CREATE OR REPLACE TABLE ${built('runs')} AS
     SELECT ${int('r.id')} AS run_id, ${int('r.trial_id')} AS trial_id, t.experiment_id,
            ${runStatus('r.status', 'coalesce(rt.has_results, false)')} AS status,
            CAST(r.status AS VARCHAR) AS status_raw, ${timestamp('r.start_time')} AS start_time, rt.end_time,
            date_diff('microsecond', ${timestamp('r.start_time')}, rt.end_time) / 1e6 AS duration_s,
            coalesce(rt.epochs, 0)::INTEGER AS epochs, coalesce(rt.has_results, false) AS has_results
     FROM ${s('TRIAL_RUN')} r
     LEFT JOIN ${built('trials')} t ON t.trial_id = ${int('r.trial_id')}
     LEFT JOIN ${s('run_time')} rt ON rt.run_id = ${int('r.id')}
     ORDER BY run_id`,
    // Each metric value gets its name, the time of its event (RESULTS, EPOCH or BATCH row) and its run's trial.
    `CREATE OR REPLACE TABLE ${built('metrics')} AS
     WITH timed AS (
       SELECT v.run_id, 'results' AS level, NULL::INTEGER AS epoch, NULL::INTEGER AS batch, v.name, v.value, x.time, v.metric_id
       FROM ${s(metricValueTable('results'))} v LEFT JOIN ${s('results_t')} x ON x.run_id = v.run_id
       UNION ALL
       SELECT v.run_id, 'epoch', v.epoch, NULL, v.name, v.value, x.time, v.metric_id
       FROM ${s(metricValueTable('epoch'))} v LEFT JOIN ${s('epoch_t')} x ON x.run_id = v.run_id AND x.epoch = v.epoch
       UNION ALL
       SELECT v.run_id, 'batch', v.epoch, v.batch, v.name, v.value, x.time, v.metric_id
       FROM ${s(metricValueTable('batch'))} v LEFT JOIN ${s('batch_t')} x ON x.run_id = v.run_id AND x.epoch = v.epoch AND x.batch = v.batch
     )
     SELECT v.run_id, r.trial_id, r.experiment_id, v.level, v.epoch, v.batch, n.name AS metric, v.value, v.time, v.metric_id
     FROM timed v
     JOIN ${s(METRIC_NAME_TABLE)} n ON n.code = v.name
     LEFT JOIN ${built('runs')} r ON r.run_id = v.run_id`,
    labelMetricsFromMetrics(staging),
    `CREATE OR REPLACE TABLE ${built('artifacts')} AS
     SELECT ${int('a.id')} AS artifact_id, CAST(a.type AS VARCHAR) AS type, CAST(a.loc AS VARCHAR) AS location,
            k.level, k.experiment_id, k.trial_id, k.run_id, k.epoch, k.batch
     FROM ${s('ARTIFACT')} a
     LEFT JOIN (
       SELECT ${int('artifact_id')} AS artifact_id, 'experiment' AS level, ${int('experiment_id')} AS experiment_id,
              NULL::INTEGER AS trial_id, NULL::INTEGER AS run_id, NULL::INTEGER AS epoch, NULL::INTEGER AS batch
       FROM ${s('EXPERIMENT_ARTIFACT')}
       UNION ALL SELECT ${int('l.artifact_id')}, 'trial', t.experiment_id, ${int('l.trial_id')}, NULL, NULL, NULL
       FROM ${s('TRIAL_ARTIFACT')} l LEFT JOIN ${built('trials')} t ON t.trial_id = ${int('l.trial_id')}
       UNION ALL SELECT ${int('l.artifact_id')}, 'run', r.experiment_id, r.trial_id, ${int('l.trial_run_id')}, NULL, NULL
       FROM ${s('TRIAL_RUN_ARTIFACT')} l LEFT JOIN ${built('runs')} r ON r.run_id = ${int('l.trial_run_id')}
       UNION ALL SELECT ${int('l.artifact_id')}, 'results', r.experiment_id, r.trial_id, ${int('l.results_id')}, NULL, NULL
       FROM ${s('RESULTS_ARTIFACT')} l LEFT JOIN ${built('runs')} r ON r.run_id = ${int('l.results_id')}
       UNION ALL SELECT ${int('l.artifact_id')}, 'epoch', r.experiment_id, r.trial_id, ${int('l.epoch_trial_run_id')}, ${int('l.epoch_idx')}, NULL
       FROM ${s('EPOCH_ARTIFACT')} l LEFT JOIN ${built('runs')} r ON r.run_id = ${int('l.epoch_trial_run_id')}
       UNION ALL SELECT ${int('l.artifact_id')}, 'batch', r.experiment_id, r.trial_id, ${int('l.trial_run_id')}, ${int('l.epoch_idx')}, ${int('l.batch_idx')}
       FROM ${s('BATCH_ARTIFACT')} l LEFT JOIN ${built('runs')} r ON r.run_id = ${int('l.trial_run_id')}
     ) k ON k.artifact_id = ${int('a.id')}
     ORDER BY artifact_id`,
    PARAMS_DDL,
  ];
}
