/**
 * The flat metrics layout (see ingest/flat.ts) from the canonical tables: one row per metric
 * value, runs without metrics as one row with metric NULL, per-label values as a flat JSON
 * object whose keys are the label paths, so loading the file gives back the same label_metrics.
 */
export const FLAT_EXPORT_SQL = `
WITH labels AS (
  SELECT metric_id,
         '{' || string_agg('"' || replace(replace(label, '\\', '\\\\'), '"', '\\"') || '":' || CAST(value AS VARCHAR), ',' ORDER BY label) || '}' AS per_label_val
  FROM label_metrics GROUP BY metric_id
)
SELECT r.experiment_id, e.title AS experiment, e.start_time AS experiment_start,
       r.trial_id, t.trial, t.start_time AS trial_start,
       r.run_id, r.status_raw AS run_status, r.start_time AS run_start,
       m.level, m.epoch, m.batch, m.metric, m.value, m.time, l.per_label_val
FROM runs r
LEFT JOIN trials t ON t.trial_id = r.trial_id
LEFT JOIN experiments e ON e.experiment_id = r.experiment_id
LEFT JOIN metrics m ON m.run_id = r.run_id
LEFT JOIN labels l ON l.metric_id = m.metric_id
ORDER BY r.run_id, CASE m.level WHEN 'results' THEN 0 WHEN 'epoch' THEN 1 ELSE 2 END, m.epoch, m.batch, m.metric`;

