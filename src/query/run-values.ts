import { keyOutputs, nameJoins, paramValues, pipeline } from './compile.ts';
import type { GroupKey, ResolvedQuery } from './spec.ts';
import { ident, literal, renderWith, type Select } from './sql.ts';

/**
 * One row per run in scope with its value of one metric (NULL when it has none), labelled with
 * the group keys: the input of the processors, which need the runs without a value too (to count
 * them as missing) but not the runs the outlier rule excluded.
 */
export function compileRunValues(query: ResolvedQuery, metric: string, by: GroupKey[]): string {
  const ctes = pipeline(query);
  const params = by.flatMap((k, i) => (k.kind === 'param' ? [{ key: k.key, cte: `param_${i}` }] : []));
  for (const { key, cte } of params) ctes.push([cte, paramValues(key)]);
  const excluded = query.outliers ? ' ANTI JOIN excluded AS x ON x.run_id = s.run_id' : '';
  ctes.push(['run_values', {
    select: ['s.run_id', 's.trial_id', 's.experiment_id', 's.status', ...params.map(({ cte }) => `${cte}.value AS ${cte}`), 'k.value'],
    from: `scope_runs AS s${excluded} LEFT JOIN kept AS k ON k.run_id = s.run_id AND k.metric = ${literal(metric)}${params.map(({ cte }) => ` LEFT JOIN ${cte} ON ${cte}.run_id = s.run_id`).join('')}`,
  }]);
  const outputs = keyOutputs(by);
  const main: Select = {
    select: [...outputs.map((o) => o.select), 'g.run_id', ...(outputs.some((o) => o.name === 'status') ? [] : ['g.status']), 'g.value'],
    from: `run_values AS g${outputs.some((o) => o.name === 'experiment' || o.name === 'trial') ? nameJoins(by) : ''}`,
    orderBy: [...outputs.map((o) => o.order), 'g.run_id'],
  };
  return renderWith(ctes, main);
}

/**
 * One row per run in scope, whatever its status: experiment, trial (and its id), the params asked for (as
 * `param:<key>` columns), the epochs it reached and when it started. The failure analysis input.
 */
export function compileRunFacts(query: ResolvedQuery, params: string[]): string {
  const ctes = pipeline({ ...query, runs: { ...query.runs, status: null } }).slice(0, 1);
  const keys = [...new Set(params)];
  keys.forEach((key, i) => ctes.push([`param_${i}`, paramValues(key)]));
  ctes.push(['run_facts', {
    select: ['s.run_id', 's.trial_id', 's.experiment_id', 's.status', 'r.epochs', 'r.start_time', ...keys.map((_, i) => `param_${i}.value AS param_${i}`)],
    from: `scope_runs AS s JOIN runs AS r ON r.run_id = s.run_id${keys.map((_, i) => ` LEFT JOIN param_${i} ON param_${i}.run_id = s.run_id`).join('')}`,
  }]);
  return renderWith(ctes, {
    select: ['e.title AS experiment', 'g.trial_id', 't.trial', 'g.run_id', 'g.status', 'g.epochs', 'g.start_time', ...keys.map((key, i) => `g.param_${i} AS ${ident(`param:${key}`)}`)],
    from: `run_facts AS g${nameJoins([{ kind: 'trial' }])}`,
    orderBy: ['g.run_id'],
  });
}
