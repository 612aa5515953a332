import type { SqlJsStatic, SqlValue } from 'sql.js';
import { WELCH_EXPERIMENT, type WorkloadId } from '../workloads.ts';
import { answerOf, ciStats, IQR_K, m4Options, welchRows, type Peer, type PeerOptions, type TrialValues } from './peer.ts';

/*
 * What a SQLite-in-the-browser tool does: query the snapshot file as it is. A value counts when
 * it is finite and its run and trial exist (the canonical tables drop the same orphans: see
 * plain-js.ts). SQLite has no NaN (it stores NULL), and 9e999 reads as +Inf, so the range test
 * drops NULL, ±Inf and any text in one go.
 */
const FINITE = 'm.total_val > -9e999 AND m.total_val < 9e999';

const RESULTS_VALUES = (metric: string) => `
  SELECT r.trial_id, r.id AS run_id, t.experiment_id, m.total_val AS x
  FROM RESULTS_METRIC l JOIN METRIC m ON m.id = l.metric_id
  JOIN TRIAL_RUN r ON r.id = l.results_id JOIN TRIAL t ON t.id = r.trial_id
  WHERE m.type = '${metric}' AND ${FINITE}`;

const EPOCH_VALUES = (metric: string) => `
  SELECT r.trial_id, r.id AS run_id, l.epoch_idx AS epoch, m.total_val AS x
  FROM EPOCH_METRIC l JOIN METRIC m ON m.id = l.metric_id
  JOIN TRIAL_RUN r ON r.id = l.epoch_trial_run_id JOIN TRIAL t ON t.id = r.trial_id
  WHERE m.type = '${metric}' AND ${FINITE} AND l.epoch_idx IS NOT NULL`;

/**
 * Count, mean and sum of squared deviations per group of `source`: the mean comes from a window
 * over the group first, because the one-pass Σx² − n·x̄² loses the digits of a small spread.
 * sql.js's sqrt() is a deprecated legacy function that warns on use, so the root is taken in JS.
 */
const GROUP_STATS = (source: string, keys: string) => `
  SELECT ${keys}, count(*), avg(x), sum((x - mean) * (x - mean))
  FROM (SELECT ${keys}, x, avg(x) OVER (PARTITION BY ${keys}) AS mean FROM ${source})
  GROUP BY ${keys}`;

/** numpy's linear quantile: from the nearer neighbour, so that f = 0 needs no upper neighbour. */
const LERP = (a: string, b: string, f: string) =>
  `CASE WHEN ${f} = 0 THEN ${a} WHEN ${f} >= 0.5 THEN ${b} - (${b} - ${a}) * (1 - ${f}) ELSE ${a} + (${b} - ${a}) * ${f} END`;

// Quartile k/4 of n sorted values sits at (n − 1)·k/4: integer division gives its index exactly.
const QUARTILE = (k: number) =>
  LERP(
    `max(CASE WHEN i = ${k} * (n - 1) / 4 THEN x END)`,
    `max(CASE WHEN i = ${k} * (n - 1) / 4 + 1 THEN x END)`,
    `(${k} * (n - 1) % 4) / 4.0`,
  );

const SQL = {
  perTrialCi: `WITH v AS (${RESULTS_VALUES('test_acc')}) ${GROUP_STATS('v', 'trial_id')}`,
  perTrialCiIqr: `
    WITH v AS (${RESULTS_VALUES('test_acc')}),
    ranked AS (
      SELECT trial_id, x, row_number() OVER (PARTITION BY trial_id ORDER BY x) - 1 AS i, count(*) OVER (PARTITION BY trial_id) AS n
      FROM v),
    quartiles AS (SELECT trial_id, ${QUARTILE(1)} AS q1, ${QUARTILE(3)} AS q3 FROM ranked GROUP BY trial_id, n),
    kept AS (
      SELECT v.trial_id, v.x FROM v JOIN quartiles q ON q.trial_id = v.trial_id
      WHERE q.q3 = q.q1 OR v.x BETWEEN q.q1 - ${IQR_K} * (q.q3 - q.q1) AND q.q3 + ${IQR_K} * (q.q3 - q.q1))
    ${GROUP_STATS('kept', 'trial_id')}`,
  bestEpoch: `
    SELECT run_id, epoch, x FROM (
      SELECT run_id, epoch, x, row_number() OVER (PARTITION BY run_id ORDER BY x, epoch) AS rank
      FROM (${EPOCH_VALUES('val_loss')}))
    WHERE rank = 1`,
  curvesCi: `WITH v AS (${EPOCH_VALUES('val_loss')}) ${GROUP_STATS('v', 'trial_id, epoch')}`,
  // Parameters: the run count, then the width. Epochs are integers and epoch − x0 ≥ 0, so integer division is the floor.
  m4: `
    WITH v AS (${EPOCH_VALUES('val_loss')}),
    chosen AS (SELECT v.run_id, v.epoch, v.x FROM v WHERE v.run_id IN (SELECT DISTINCT run_id FROM v ORDER BY run_id LIMIT ?)),
    span AS (SELECT min(epoch) AS x0, max(epoch) - min(epoch) + 1 AS width FROM chosen),
    placed AS (SELECT run_id, epoch, x, ? * (epoch - x0) / width AS col FROM chosen, span),
    ranked AS (
      SELECT run_id, epoch, x,
        row_number() OVER (PARTITION BY run_id, col ORDER BY epoch) AS first,
        row_number() OVER (PARTITION BY run_id, col ORDER BY epoch DESC) AS last,
        row_number() OVER (PARTITION BY run_id, col ORDER BY x, epoch) AS low,
        row_number() OVER (PARTITION BY run_id, col ORDER BY x DESC, epoch) AS high
      FROM placed)
    SELECT DISTINCT run_id, epoch, x FROM ranked WHERE 1 IN (first, last, low, high)`,
  // Run order within a trial only fixes the summation order, so that reruns give identical bits.
  welch: `
    WITH v AS (${RESULTS_VALUES('test_acc')})
    SELECT v.trial_id, v.x FROM v JOIN EXPERIMENT e ON e.id = v.experiment_id
    WHERE e.title = ? ORDER BY v.trial_id, v.run_id`,
};

export function sqljsPeer(sql: SqlJsStatic, bytes: Uint8Array, options: PeerOptions = {}): Peer {
  const db = new sql.Database(bytes);
  const m4 = m4Options(options);
  const select = (text: string, params: SqlValue[] = []): number[][] =>
    (db.exec(text, params)[0]?.values ?? []).map((row) => row.map((v) => (v === null ? NaN : Number(v))));
  const withCi = (rows: number[][], keys: number) =>
    rows.map((r) => [...r.slice(0, keys), ...ciStats(r[keys], r[keys + 1], r[keys + 2])]);

  function rows(id: WorkloadId): number[][] {
    switch (id) {
      case 'per-trial-ci':
        return withCi(select(SQL.perTrialCi), 1);
      case 'per-trial-ci-iqr':
        return withCi(select(SQL.perTrialCiIqr), 1);
      case 'best-epoch':
        return select(SQL.bestEpoch);
      case 'curves-ci':
        return withCi(select(SQL.curvesCi), 2);
      case 'm4':
        return select(SQL.m4, [m4.runs, m4.width]);
      case 'welch':
        return welchRows(trialGroups(select(SQL.welch, [WELCH_EXPERIMENT])));
    }
  }

  return { name: 'sql.js', answer: (id) => answerOf(id, rows(id)), close: () => db.close() };
}

/** [trial_id, value] rows ordered by trial, as one list of values per trial. */
function trialGroups(rows: number[][]): TrialValues[] {
  const groups: TrialValues[] = [];
  for (const [trial, x] of rows) {
    if (groups.at(-1)?.trial !== trial) groups.push({ trial, values: [] });
    groups.at(-1)!.values.push(x);
  }
  return groups;
}
