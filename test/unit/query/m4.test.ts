import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { compileCurvePoints, compileM4, type M4Options } from '../../../src/query/m4.ts';
import type { ResolvedQuery } from '../../../src/query/spec.ts';
import { mulberry32 } from '../../../src/sample/generate.ts';
import { createNodeEngine, rows } from '../../fixtures/engine.ts';

interface Point { run: number; x: number; y: number | null }

const QUERY: ResolvedQuery = {
  experiments: { ids: [], names: [], from: null, to: null },
  trials: { ids: [], names: [], exclude: [] },
  runs: { ids: [], status: null },
  metrics: { names: ['loss'], level: 'epoch', lowerIsBetter: ['loss'] },
  perRun: null,
  outliers: null,
  groupBy: [],
  aggregates: [],
  orderBy: [],
  limit: null,
};

/** Random curves with ties (values from a small set), NULL and NaN values, gaps and one-point runs. */
function randomPoints(seed: number): Point[] {
  const rng = mulberry32(seed);
  const points: Point[] = [];
  const runs = 1 + Math.floor(rng() * 8);
  for (let run = 1; run <= runs; run++) {
    const length = Math.floor(rng() * 60);
    const start = Math.floor(rng() * 10);
    for (let x = start; x < start + length; x++) {
      if (rng() < 0.15) continue;
      const r = rng();
      points.push({ run, x, y: r < 0.05 ? null : r < 0.08 ? NaN : Math.floor(rng() * 4) / 2 });
    }
  }
  return points;
}

/** The definition, one point at a time. */
function bruteForce(points: Point[], options: M4Options): number[][] {
  let finite = points.filter((p): p is { run: number; x: number; y: number } => p.y !== null && Number.isFinite(p.y));
  if (options.runLimit !== undefined) {
    const runs = [...new Set(finite.map((p) => p.run))].sort((a, b) => a - b).slice(0, options.runLimit);
    finite = finite.filter((p) => runs.includes(p.run));
  }
  if (!finite.length) return [];
  const x0 = options.x0 ?? Math.min(...finite.map((p) => p.x));
  const x1 = options.x1 ?? Math.max(...finite.map((p) => p.x));
  const cells = new Map<string, typeof finite>();
  for (const p of finite) {
    if (p.x < x0 || p.x > x1) continue;
    const key = `${p.run}:${Math.floor((options.width * (p.x - x0)) / (x1 - x0 + 1))}`;
    cells.set(key, [...(cells.get(key) ?? []), p]);
  }
  const kept = new Map<string, number[]>();
  for (const cell of cells.values()) {
    const byX = [...cell].sort((a, b) => a.x - b.x);
    const low = [...cell].sort((a, b) => a.y - b.y || a.x - b.x)[0];
    const high = [...cell].sort((a, b) => b.y - a.y || a.x - b.x)[0];
    for (const p of [byX[0], byX[byX.length - 1], low, high]) kept.set(`${p.run}:${p.x}`, [p.run, p.x, p.y]);
  }
  return [...kept.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('M4 downsampling in DuckDB', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(() => engine.close());

  async function store(points: Point[]) {
    const runs = [...new Set(points.map((p) => p.run))];
    const values = points.map((p, i) => `(${p.run}, ${p.x}, ${p.y === null ? 'NULL' : Number.isNaN(p.y) ? "'NaN'::DOUBLE" : p.y}, ${i})`);
    await engine.query(`
      CREATE OR REPLACE TABLE experiments AS SELECT 1 AS experiment_id, 'e' AS title, TIMESTAMP '2026-01-01' AS start_time;
      CREATE OR REPLACE TABLE trials AS SELECT 1 AS trial_id, 1 AS experiment_id, 't' AS trial;
      CREATE OR REPLACE TABLE runs AS SELECT unnest([${runs.join(', ') || 'NULL'}])::INTEGER AS run_id, 1 AS trial_id, 1 AS experiment_id, 'completed' AS status;
      CREATE OR REPLACE TABLE metrics (run_id INTEGER, trial_id INTEGER, experiment_id INTEGER, level VARCHAR, epoch INTEGER, batch INTEGER, metric VARCHAR, value DOUBLE, metric_id INTEGER);
      ${values.length ? `INSERT INTO metrics SELECT run_id, 1, 1, 'epoch', x, NULL, 'loss', y, id FROM (VALUES ${values.join(', ')}) v(run_id, x, y, id);` : ''}
      INSERT INTO metrics VALUES (1, 1, 1, 'epoch', 3, NULL, 'other', -100, -1);`);
  }

  async function m4(options: M4Options): Promise<number[][]> {
    return (await rows<{ run_id: number; epoch: number; value: number }>(engine, compileM4(QUERY, options))).map((r) => [r.run_id, r.epoch, r.value]);
  }

  it('keeps exactly the first, last, lowest and highest point per run and pixel column (random series)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const points = randomPoints(seed);
      await store(points);
      const options: M4Options = { metric: 'loss', width: 1 + (seed % 12), ...(seed % 3 === 0 ? { runLimit: 3 } : {}), ...(seed % 5 === 0 ? { x0: 5, x1: 30 } : {}) };
      expect(await m4(options), `seed ${seed}, ${JSON.stringify(options)}`).toEqual(bruteForce(points, options));
    }
  });

  it('reduces a long curve to at most four points per column, and keeps everything when columns outnumber points', async () => {
    const points = Array.from({ length: 1000 }, (_, x) => ({ run: 1, x, y: Math.round(Math.sin(x / 7) * 1024) / 1024 }));
    await store(points);
    const reduced = await m4({ metric: 'loss', width: 50 });
    expect(reduced.length).toBeLessThanOrEqual(200);
    expect(reduced.length).toBeGreaterThan(100);
    expect(reduced).toEqual(bruteForce(points, { metric: 'loss', width: 50 }));
    expect(await m4({ metric: 'loss', width: 2000 })).toHaveLength(1000);
  });

  it('fetches every point in range when a column spans under four epochs, else M4; at most 4 × width points per run either way', async () => {
    for (let seed = 41; seed <= 70; seed++) {
      const points = randomPoints(seed);
      await store(points);
      const finite = points.filter((p): p is { run: number; x: number; y: number } => p.y !== null && Number.isFinite(p.y));
      if (!finite.length) continue;
      const extent = { x0: Math.min(...finite.map((p) => p.x)), x1: Math.max(...finite.map((p) => p.x)), repeated: false };
      const options: M4Options = { metric: 'loss', width: 1 + (seed % 30), ...(seed % 4 === 0 ? { x0: 5, x1: 30 } : {}) };
      const got = (await rows<{ run_id: number; epoch: number; value: number }>(engine, compileCurvePoints(QUERY, options, extent))).map((r) => [r.run_id, r.epoch, r.value]);
      const [x0, x1] = [options.x0 ?? extent.x0, options.x1 ?? extent.x1];
      const all = finite.filter((p) => p.x >= x0 && p.x <= x1).map((p) => [p.run, p.x, p.y]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(got, `seed ${seed}`).toEqual((x1 - x0 + 1) / options.width < 4 ? all : bruteForce(points, options));
      const perRun = new Map<number, number>();
      for (const [run] of got) perRun.set(run, (perRun.get(run) ?? 0) + 1);
      for (const count of perRun.values()) expect(count).toBeLessThanOrEqual(4 * options.width);
    }
  });

  it('refuses what it cannot draw', () => {
    expect(() => compileM4({ ...QUERY, metrics: { ...QUERY.metrics, level: 'results' } }, { metric: 'loss', width: 10 })).toThrow(/epoch level/);
    expect(() => compileM4(QUERY, { metric: 'loss', width: 0 })).toThrow(/positive whole number/);
  });
});
