import { flushToIPC, IntColumn, NumberColumn, TextColumn } from '../columns.ts';
import type { MappedParam } from './mapping.ts';
import type { Conflict } from './messages.ts';
import type { TrialIndex } from './trial-index.ts';

/**
 * One value per param of a trial (or run): the first given wins (files in the order they came,
 * rows in file order). A second, different value is reported; the same value again is not news.
 */
export function keepFirstValues(params: MappedParam[], index: TrialIndex): { params: MappedParam[]; conflicts: Conflict[] } {
  const kept = new Map<string, MappedParam>();
  const conflicts: Conflict[] = [];
  for (const param of params) {
    const id = JSON.stringify([param.trialId, param.runId, param.key]);
    const first = kept.get(id);
    if (!first) kept.set(id, param);
    else if (first.value !== param.value) {
      conflicts.push({
        key: param.key,
        target: index.describe(param),
        kept: { value: first.value, source: first.source },
        dropped: { value: param.value, source: param.source },
      });
    }
  }
  return { params: [...kept.values()], conflicts };
}

/** The params rows as Arrow IPC in the table's column order (created empty by PARAMS_DDL), by trial, run and key. */
export function paramsIPC(params: MappedParam[]): Uint8Array {
  const ordered = [...params].sort((a, b) =>
    (a.trialId ?? Infinity) - (b.trialId ?? Infinity) || (a.runId ?? -1) - (b.runId ?? -1) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const columns = { trial_id: new IntColumn(), run_id: new IntColumn(), key: new TextColumn(), value: new TextColumn(), value_num: new NumberColumn(), source: new TextColumn() };
  for (const p of ordered) {
    columns.trial_id.push(p.trialId);
    columns.run_id.push(p.runId);
    columns.key.push(p.key);
    columns.value.push(p.value);
    columns.value_num.push(p.value_num);
    columns.source.push(p.source);
  }
  return flushToIPC(columns);
}
