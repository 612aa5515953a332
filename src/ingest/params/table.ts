import { literal } from '../sql.ts';
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

const ROWS_PER_STATEMENT = 500;

const number = (value: number | null) => (value === null ? 'NULL' : `CAST(${String(value)} AS DOUBLE)`);
const integer = (value: number | null) => (value === null ? 'NULL' : String(value));
const text = (value: string | null) => (value === null ? 'NULL' : literal(value));

/** INSERT statements for the params table (created empty by PARAMS_DDL), ordered by trial, run and key. */
export function insertParams(params: MappedParam[]): string[] {
  const ordered = [...params].sort((a, b) =>
    (a.trialId ?? Infinity) - (b.trialId ?? Infinity) || (a.runId ?? -1) - (b.runId ?? -1) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const statements: string[] = [];
  for (let start = 0; start < ordered.length; start += ROWS_PER_STATEMENT) {
    const values = ordered
      .slice(start, start + ROWS_PER_STATEMENT)
      .map((p) => `(${integer(p.trialId)}, ${integer(p.runId)}, ${text(p.key)}, ${text(p.value)}, ${number(p.value_num)}, ${text(p.source)})`);
    statements.push(`INSERT INTO main.params VALUES ${values.join(', ')}`);
  }
  return statements;
}
