import { isGrouped, type Aggregate, type GroupKey, type ResolvedQuery } from './spec.ts';

/** The result's column names, which order_by may use and the compiler must produce in order. */
export function resultColumns(query: ResolvedQuery): string[] {
  if (!isGrouped(query)) return [...rowKeyColumns(query), 'value'];
  return [...keyColumns(query.groupBy), 'metric', ...query.aggregates.flatMap(aggregateColumns)];
}

/** Per-run (or per-epoch) rows: who the value belongs to, and where in the series it was taken. */
export function rowKeyColumns(query: ResolvedQuery): string[] {
  const columns = ['experiment_id', 'experiment', 'trial_id', 'trial', 'run_id', 'status', 'metric'];
  if (keepsPosition(query)) columns.push('epoch');
  if (keepsPosition(query) && query.metrics.level === 'batch') columns.push('batch');
  return columns;
}

/** Whether each row still has an epoch: every series row does, and so does a value picked from one. */
export function keepsPosition(query: ResolvedQuery): boolean {
  return query.metrics.level !== 'results' && query.perRun !== 'mean';
}

export function keyColumns(keys: GroupKey[]): string[] {
  const columns = keys.flatMap((key): string[] => {
    switch (key.kind) {
      case 'experiment': return ['experiment'];
      case 'trial': return ['experiment', 'trial'];
      case 'run': return ['experiment', 'trial', 'run_id'];
      case 'batch': return ['epoch', 'batch'];
      case 'param': return [key.key];
      default: return [key.kind];
    }
  });
  return [...new Set(columns)];
}

export function aggregateColumns(aggregate: Aggregate): string[] {
  return aggregate.kind === 'ci' ? [`${aggregate.column}_low`, `${aggregate.column}_high`] : [aggregate.column];
}
