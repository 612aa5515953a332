import type { PlainValue } from '../../result/values.ts';

type Rows = Record<string, PlainValue>[];

/** M4's points (run_id, epoch, value) with their run's names and status, for colour and tooltips. */
export function curveRows(points: Rows, runs: Rows): Rows {
  const byId = new Map(runs.map((run) => [run.run_id, run]));
  return points.map((point) => {
    const run = byId.get(point.run_id);
    return { experiment: run?.experiment ?? null, trial: run?.trial ?? null, status: run?.status ?? null, ...point };
  });
}
