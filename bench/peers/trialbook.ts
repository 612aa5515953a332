import type { Engine } from '../../src/engine/engine.ts';
import { readCatalog, type Catalog } from '../../src/query/catalog.ts';
import { compileM4 } from '../../src/query/m4.ts';
import { runQuery } from '../../src/query/run.ts';
import { plainRows, type PlainValue } from '../../src/result/values.ts';
import { sortRows } from '../answers.ts';
import { resolveWorkload, type M4Size } from '../statements.ts';
import { M4_RUNS, M4_WIDTH, WELCH_EXPERIMENT, WORKLOADS, type Answer, type WorkloadId } from '../workloads.ts';
import type { Peer } from './peer.ts';

type Row = Record<string, PlainValue>;

/** Trialbook through its public API: query specs, the M4 statement and the compare processor. */
export async function trialbookPeer(engine: Engine, m4: M4Size = {}): Promise<Peer> {
  const catalog = await readCatalog(engine);
  const trialId = trialIds(catalog);
  const workload = (id: WorkloadId) => WORKLOADS.find((w) => w.id === id)!;
  const answer = (id: WorkloadId, rows: Row[], columns: string[], keys: number): Answer => ({
    columns: workload(id).columns,
    rows: sortRows(rows.map((row) => columns.map((column) => (column === 'trial_id' ? trialId(row) : number(row[column])))), keys),
  });
  return {
    name: 'Trialbook (DuckDB-WASM)',
    async answer(id) {
      if (id === 'm4') {
        const sql = compileM4(resolveWorkload(workload(id), catalog), { metric: 'val_loss', width: m4.m4Width ?? M4_WIDTH, runLimit: m4.m4Runs ?? M4_RUNS });
        return answer(id, plainRows(await engine.query(sql)), ['run_id', 'epoch', 'value'], 2);
      }
      const result = await runQuery(engine, workload(id).spec, { catalog });
      if (id === 'welch') return welchAnswer(result.analyses[0].tables.find((t) => t.name === 'pairs')!.rows as Row[], trialId);
      const rows = plainRows(result.rows);
      if (id === 'best-epoch') return answer(id, rows, ['run_id', 'epoch', 'value'], 1);
      if (id === 'curves-ci') return answer(id, rows, ['trial_id', 'epoch', 'runs', 'mean', 'std', 'ci95_low', 'ci95_high'], 2);
      return answer(id, rows, ['trial_id', 'count', 'mean', 'std', 'ci95_low', 'ci95_high'], 1);
    },
    close: () => void engine.close(),
  };
}

/** Grouped results name their experiment and trial; answers identify trials by id. */
export function trialIds(catalog: Catalog): (row: Record<string, unknown>) => number {
  const experiments = new Map(catalog.experiments.map((e) => [e.id, e.title]));
  const ids = new Map(catalog.trials.map((t) => [`${experiments.get(t.experimentId)}\u0000${t.name}`, t.id]));
  return (row) => {
    const id = ids.get(`${row.experiment}\u0000${row.trial}`);
    if (id === undefined) throw new Error(`no trial ${String(row.trial)} in ${String(row.experiment)}`);
    return id;
  };
}

/**
 * The compare processor's pairs (of WELCH_EXPERIMENT's trials), each as trial_a < trial_b by id (t
 * changes sign when swapped). A pair with a trial of fewer than 2 values has no test (the processor
 * lists it with its reason), so the answer leaves it out.
 */
function welchAnswer(pairs: Row[], trialId: (row: Record<string, unknown>) => number): Answer {
  const rows = pairs.filter((pair) => Number(pair.n_a) >= 2 && Number(pair.n_b) >= 2).map((pair) => {
    const a = trialId({ experiment: WELCH_EXPERIMENT, trial: pair.group_a });
    const b = trialId({ experiment: WELCH_EXPERIMENT, trial: pair.group_b });
    const t = number(pair.statistic);
    return a < b ? [a, b, t, number(pair.df), number(pair.p)] : [b, a, -t, number(pair.df), number(pair.p)];
  });
  return { columns: ['trial_a', 'trial_b', 't', 'df', 'p'], rows: sortRows(rows, 2) };
}

const number = (value: PlainValue): number => (value === null || value === undefined ? NaN : Number(value));
