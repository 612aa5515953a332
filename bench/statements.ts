import type { Catalog } from '../src/query/catalog.ts';
import { compileQuery } from '../src/query/compile.ts';
import { compileM4 } from '../src/query/m4.ts';
import { specWithDefaults } from '../src/query/run.ts';
import { compileRunValues } from '../src/query/run-values.ts';
import type { ResolvedQuery } from '../src/query/spec.ts';
import { resolveQuery } from '../src/query/validate.ts';
import { M4_RUNS, M4_WIDTH, WORKLOADS, type Workload, type WorkloadId } from './workloads.ts';

export interface M4Size {
  m4Width?: number;
  m4Runs?: number;
}

export const resolveWorkload = (workload: Workload, catalog: Catalog): ResolvedQuery => resolveQuery(specWithDefaults(workload.spec), catalog);

/**
 * The SQL Trialbook runs for each workload, in order: a query's statement and its diagnostics;
 * the M4 statement; for the comparison, the query, its diagnostics and the processor's per-run
 * input. Native DuckDB runs exactly these texts.
 */
export function workloadStatements(catalog: Catalog, m4: M4Size = {}): Record<WorkloadId, string[]> {
  const entries = WORKLOADS.map((workload) => {
    const query = resolveWorkload(workload, catalog);
    if (workload.id === 'm4') return [workload.id, [compileM4(query, { metric: 'val_loss', width: m4.m4Width ?? M4_WIDTH, runLimit: m4.m4Runs ?? M4_RUNS })]];
    const compiled = compileQuery(query);
    const statements = [compiled.sql, compiled.diagnosticsSql];
    if (workload.id === 'welch') statements.push(compileRunValues({ ...query, groupBy: [], aggregates: [], orderBy: [], limit: null }, 'test_acc', [{ kind: 'trial' }]));
    return [workload.id, statements];
  });
  return Object.fromEntries(entries);
}
