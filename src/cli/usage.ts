/** A mistake in how the command was called (exit code 2), as opposed to bad input (exit code 1). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `trialbook: analyse Experiment Manager snapshots (tracker.db or Parquet)

Usage:
  trialbook inspect <snapshot…> [--json]          what the snapshot holds: experiments, runs by status, metrics
  trialbook sql <snapshot…> "<SQL>" [--format table|csv|json]
                                                  run SQL on the canonical tables
  trialbook run <snapshot…> <query.yaml|template> [--format table|json|csv|parquet|arrow] [--out FILE] [--sql]
                [--config analytics_config.yaml]
                                                  run a query spec and its analyses (or a template from
                                                  queries/: overview, per-trial, best-epoch, training-curves,
                                                  failure-analysis); --sql prints the SQL it compiles to
  trialbook convert <snapshot…> <out.parquet>     write the flat metrics Parquet file

A snapshot is a SQLite file, several per-table Parquet files (EXPERIMENT.parquet, …) or a folder
of them, or one flat metrics Parquet file. Params files (.yaml, .yml, .json, .csv with each
trial's hyperparameters) may be given beside it; without them, params are parsed from trial
names (lr=0.01, bs_64). Tables: experiments, trials, runs, metrics, label_metrics, artifacts, params.`;
