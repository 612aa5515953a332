import type { Engine } from '../engine/engine.ts';
import { plainRows } from '../result/values.ts';
import type { Level } from './spec.ts';

/** The names a spec may use, read from the loaded snapshot; validation suggests from these. */
export interface Catalog {
  experiments: { id: number; title: string }[];
  trials: { id: number; experimentId: number; name: string }[];
  statuses: string[];
  metrics: { name: string; level: Level }[];
  params: string[];
}

const CATALOG_SQL = `SELECT
  (SELECT coalesce(list({'id': experiment_id, 'title': title} ORDER BY experiment_id), []) FROM experiments) AS experiments,
  (SELECT coalesce(list({'id': trial_id, 'experimentId': experiment_id, 'name': trial} ORDER BY trial_id), []) FROM trials) AS trials,
  (SELECT coalesce(list(DISTINCT status ORDER BY status), []) FROM runs) AS statuses,
  (SELECT coalesce(list({'name': metric, 'level': level} ORDER BY level, metric), [])
     FROM (SELECT DISTINCT metric, level FROM metrics)) AS metrics,
  (SELECT coalesce(list(DISTINCT key ORDER BY key), []) FROM params) AS params`;

export async function readCatalog(engine: Engine): Promise<Catalog> {
  const [row] = plainRows(await engine.query(CATALOG_SQL));
  return row as unknown as Catalog;
}
