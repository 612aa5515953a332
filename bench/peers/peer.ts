import { sortRows } from '../answers.ts';
import { M4_RUNS, M4_WIDTH, WORKLOADS, type Answer, type WorkloadId } from '../workloads.ts';
import { welchTTest } from '../../src/stats/math/t-tests.ts';
import { studentTQuantile } from '../../src/stats/t-distribution.ts';

/** Another way to get the workloads' answers, timed against Trialbook and checked against it. */
export interface Peer {
  name: string;
  answer(id: WorkloadId): Answer | Promise<Answer>;
  close(): void;
}

/** Tests shrink M4 so that a small snapshot still has columns holding more than four points. */
export interface PeerOptions {
  m4Width?: number;
  m4Runs?: number;
}

export function m4Options(options: PeerOptions): { width: number; runs: number } {
  return { width: options.m4Width ?? M4_WIDTH, runs: options.m4Runs ?? M4_RUNS };
}

/** The k of the IQR fences (the per-trial-ci-iqr workload's threshold). */
export const IQR_K = 1.5;

const KEYS: Record<WorkloadId, number> = { 'per-trial-ci': 1, 'per-trial-ci-iqr': 1, 'best-epoch': 1, 'curves-ci': 2, m4: 2, welch: 2 };

export function answerOf(id: WorkloadId, rows: number[][]): Answer {
  return { columns: WORKLOADS.find((w) => w.id === id)!.columns, rows: sortRows(rows, KEYS[id]) };
}

// The quantile costs Newton steps on an incomplete beta; curves-ci asks for it once per trial and epoch.
const T975 = new Map<number, number>();

/** [n, mean, sd, ci_low, ci_high] from a group's count, mean and sum of squared deviations. */
export function ciStats(n: number, mean: number, squares: number): number[] {
  if (n < 2) return [n, mean, NaN, NaN, NaN];
  const sd = Math.sqrt(squares / (n - 1));
  let t = T975.get(n - 1);
  if (t === undefined) T975.set(n - 1, (t = studentTQuantile(0.975, n - 1)));
  const half = (t * sd) / Math.sqrt(n);
  return [n, mean, sd, mean - half, mean + half];
}

export interface TrialValues {
  trial: number;
  values: number[];
}

/** [trial_a, trial_b, t, df, p] for each pair a < b of trials (given in id order) that have 2 values or more. */
export function welchRows(trials: TrialValues[]): number[][] {
  const usable = trials.filter((g) => g.values.length >= 2);
  const rows: number[][] = [];
  for (let a = 0; a < usable.length; a++) {
    for (let b = a + 1; b < usable.length; b++) {
      const r = welchTTest(usable[a].values, usable[b].values);
      rows.push([usable[a].trial, usable[b].trial, r.t, r.df, r.p]);
    }
  }
  return rows;
}
