import { literal } from '../ingest/sql.ts';
import type { Overview } from '../snapshot/overview.ts';

/**
 * A first query worth running on this snapshot: the per-trial mean of a results-level metric
 * (an accuracy if there is one), or the run status breakdown when there are no results.
 */
export function defaultQuery(overview: Overview | null): string {
  const results = overview?.metrics.filter((metric) => metric.level === 'results' && metric.rows > 0) ?? [];
  const metric = results.find((candidate) => /acc/i.test(candidate.name)) ?? results[0];
  if (!metric && overview) {
    return `-- Runs per experiment and status
SELECT e.title AS experiment, r.status, count(*) AS runs
FROM runs r
LEFT JOIN experiments e ON e.experiment_id = r.experiment_id
GROUP BY ALL
ORDER BY experiment, runs DESC`;
  }
  const name = metric?.name ?? 'test_acc';
  return `-- Mean ${name.replace(/\s+/g, ' ')} per trial, over the runs that reported it
SELECT e.title AS experiment, t.trial,
       count(*) AS runs,
       avg(m.value) AS mean,
       stddev_samp(m.value) AS sd,
       min(m.value) AS lowest,
       max(m.value) AS highest
FROM metrics m
JOIN trials t ON t.trial_id = m.trial_id
JOIN experiments e ON e.experiment_id = t.experiment_id
WHERE m.level = 'results' AND m.metric = ${literal(name)}
GROUP BY ALL
ORDER BY experiment, mean DESC`;
}
