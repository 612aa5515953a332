/**
 * The benchmark's workloads, defined once. Trialbook runs each through its public API (a query
 * spec or a processor); every peer computes the same answer its own way, and the answers must
 * agree (answers.ts) before any time is reported: a fast wrong answer is not a result.
 */
import type { QuerySpec } from '../src/query/spec.ts';

export const WORKLOAD_IDS = ['per-trial-ci', 'per-trial-ci-iqr', 'best-epoch', 'curves-ci', 'm4', 'welch'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

/** The experiment whose 10 trials are compared pairwise (the generator gives every experiment 10 trials). */
export const WELCH_EXPERIMENT = 'lr_sweep';
/** M4: the curves of this many runs (the lowest run ids with the metric) at this many pixel columns. */
export const M4_RUNS = 1000;
export const M4_WIDTH = 100;

export interface Workload {
  id: WorkloadId;
  title: string;
  /** Trialbook's query for it (for m4 and welch: the scope their statement or processor reads). */
  spec: QuerySpec;
  /** The answer's columns; its rows are sorted by the leading key columns. */
  columns: string[];
}

const TEST_ACC = { names: ['test_acc'], level: 'results' } as const;
const VAL_LOSS = { names: ['val_loss'], level: 'epoch' } as const;
const CI = ['count', 'mean', 'std', 'ci95'];
/** Every run, whatever its status (a query's default is the completed runs). */
const ANY = { status: 'any' } as const;

export const WORKLOADS: Workload[] = [
  {
    id: 'per-trial-ci',
    title: 'Per-trial mean test_acc with 95% CI',
    spec: { runs: ANY, metrics: { ...TEST_ACC, names: [...TEST_ACC.names] }, group_by: ['trial'], aggregate: CI },
    columns: ['trial_id', 'n', 'mean', 'sd', 'ci_low', 'ci_high'],
  },
  {
    id: 'per-trial-ci-iqr',
    title: 'The same after IQR exclusion within each trial',
    spec: {
      runs: ANY,
      metrics: { ...TEST_ACC, names: [...TEST_ACC.names] },
      exclude_outliers: { metric: 'test_acc', method: 'iqr', threshold: 1.5, within: 'trial' },
      group_by: ['trial'],
      aggregate: CI,
    },
    columns: ['trial_id', 'n', 'mean', 'sd', 'ci_low', 'ci_high'],
  },
  {
    id: 'best-epoch',
    title: 'Best epoch per run (min val_loss)',
    spec: { runs: ANY, metrics: { ...VAL_LOSS, names: [...VAL_LOSS.names] }, per_run: 'best' },
    columns: ['run_id', 'epoch', 'value'],
  },
  {
    id: 'curves-ci',
    title: 'val_loss curve per trial and epoch with 95% CI',
    spec: { runs: ANY, metrics: { ...VAL_LOSS, names: [...VAL_LOSS.names] }, group_by: ['trial', 'epoch'], aggregate: ['runs', 'mean', 'std', 'ci95'] },
    columns: ['trial_id', 'epoch', 'n', 'mean', 'sd', 'ci_low', 'ci_high'],
  },
  {
    id: 'm4',
    title: `M4 val_loss curves of ${M4_RUNS.toLocaleString('en-US')} runs at ${M4_WIDTH} px`,
    spec: { runs: ANY, metrics: { ...VAL_LOSS, names: [...VAL_LOSS.names] } },
    columns: ['run_id', 'epoch', 'value'],
  },
  {
    id: 'welch',
    title: `Pairwise Welch t-tests of ${WELCH_EXPERIMENT}'s 10 trials (test_acc)`,
    spec: { runs: ANY, experiments: { names: [WELCH_EXPERIMENT] }, metrics: { ...TEST_ACC, names: [...TEST_ACC.names] }, analyze: [{ compare: { metric: 'test_acc', by: 'trial', test: 'welch' } }] },
    columns: ['trial_a', 'trial_b', 't', 'df', 'p'],
  },
];

/** A workload's answer: numbers only (NaN for a missing value), rows sorted by the key columns. */
export interface Answer {
  columns: string[];
  rows: number[][];
}
