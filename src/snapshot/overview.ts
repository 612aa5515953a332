import type { Engine } from '../engine/engine.ts';

/** What loaded, as the overview panel and `trialbook inspect` show it. */
export interface Overview {
  experiments: ExperimentSummary[];
  runs: { total: number; by_status: Record<string, number> };
  metrics: MetricSummary[];
  label_metrics: number;
  artifacts: number;
  /** Each param key with where it came from: a params file, or 'trial name' when parsed from the trials' names. */
  params: ParamSummary[];
}

export interface ParamSummary {
  key: string;
  /** Trials that have the param (a run's own param counts for its trial). */
  trials: number;
  /** Distinct values. */
  values: number;
  source: string;
}

export interface ExperimentSummary {
  id: number;
  title: string;
  trials: number;
  runs: number;
  by_status: Record<string, number>;
  start_time: string | null;
}

export interface MetricSummary {
  name: string;
  level: 'results' | 'epoch' | 'batch';
  rows: number;
  runs: number;
}

/** Status keys that always appear, so consumers can read them without checking for absence. */
export const STATUSES = ['completed', 'failed', 'incomplete'] as const;

export async function readOverview(engine: Engine): Promise<Overview> {
  const rows = async <T>(sql: string) => (await engine.query(sql)).toArray().map((row) => row.toJSON() as T);
  const experiments = await rows<{ id: number; title: string; trials: number; runs: number; start: string | null }>(`
    SELECT e.experiment_id AS id, e.title,
           (SELECT count(*) FROM trials t WHERE t.experiment_id = e.experiment_id) AS trials,
           (SELECT count(*) FROM runs r WHERE r.experiment_id = e.experiment_id) AS runs,
           strftime(e.start_time, '%Y-%m-%dT%H:%M:%S') AS start
    FROM experiments e ORDER BY e.experiment_id`);
  const statusRows = await rows<{ experiment_id: number | null; status: string; n: number }>(
    'SELECT experiment_id, status, count(*) AS n FROM runs GROUP BY ALL ORDER BY ALL',
  );
  const metrics = await rows<MetricSummary>(`
    SELECT metric AS name, level, count(*) AS rows, count(DISTINCT run_id) AS runs FROM metrics
    GROUP BY level, metric ORDER BY CASE level WHEN 'results' THEN 0 WHEN 'epoch' THEN 1 ELSE 2 END, name`);
  const [counts] = await rows<{ labels: number; artifacts: number }>(
    'SELECT (SELECT count(*) FROM label_metrics) AS labels, (SELECT count(*) FROM artifacts) AS artifacts',
  );
  const params = await rows<ParamSummary>(`
    SELECT key, count(DISTINCT trial_id) AS trials, count(DISTINCT value) AS "values", source FROM params
    GROUP BY key, source ORDER BY key, source`);
  const byStatus = (experiment?: number) => {
    const result: Record<string, number> = Object.fromEntries(STATUSES.map((status) => [status, 0]));
    for (const row of statusRows) if (experiment === undefined || row.experiment_id === experiment) result[row.status] = (result[row.status] ?? 0) + row.n;
    return result;
  };
  const all = byStatus();
  return {
    experiments: experiments.map(({ start, ...experiment }) => ({ ...experiment, by_status: byStatus(experiment.id), start_time: start })),
    runs: { total: Object.values(all).reduce((a, b) => a + b, 0), by_status: all },
    metrics,
    label_metrics: counts.labels,
    artifacts: counts.artifacts,
    params,
  };
}
