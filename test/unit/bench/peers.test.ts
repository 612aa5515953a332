import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerDifference } from '../../../bench/answers.ts';
import { plainJsPeer, type CanonicalTables } from '../../../bench/peers/plain-js.ts';
import type { Peer, PeerOptions } from '../../../bench/peers/peer.ts';
import { sqljsPeer } from '../../../bench/peers/sqljs.ts';
import { WELCH_EXPERIMENT, WORKLOADS, type Answer, type WorkloadId } from '../../../bench/workloads.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { nodeReaderModules } from '../../../src/ingest/node-readers.ts';
import { generateSnapshot } from '../../../src/sample/generate.ts';
import { SnapshotWriter } from '../../../src/sample/writer.ts';
import { createNodeEngine, load, scalar } from '../../fixtures/engine.ts';
import { mean, sd } from '../../fixtures/reference-stats.ts';

/** Both peers over one snapshot: sql.js on its bytes, plain JS on the canonical tables our engine made of them. */
async function peersOf(engine: Engine, bytes: Uint8Array, options: PeerOptions): Promise<[Peer, Peer]> {
  await load(engine, { name: 'snapshot.db', bytes });
  const tables = {} as CanonicalTables;
  for (const name of ['experiments', 'trials', 'runs', 'metrics'] as const) tables[name] = await engine.query(`SELECT * FROM ${name}`);
  return [sqljsPeer((await nodeReaderModules.sqlite()).sql, bytes, options), plainJsPeer(tables, options)];
}

const columns = (id: WorkloadId) => WORKLOADS.find((w) => w.id === id)!.columns;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('peers on a generated snapshot', () => {
  // Width 2 over 12 epochs puts 6 points in a column, so M4 has to drop some; 25 of 160 runs are kept.
  const M4 = { m4Width: 2, m4Runs: 25 };
  let peers: [Peer, Peer];
  beforeAll(async () => {
    const bytes = await generateSnapshot({ seed: 7, experiments: 4, trialsPerExperiment: 10, runsPerTrial: 4, epochs: 12, failureRate: 0.1, batchesPerEpoch: 1 });
    peers = await peersOf(engine, bytes, M4);
  });
  afterAll(() => peers.forEach((p) => p.close()));

  it.each(WORKLOADS.map((w) => w.id))('%s: sql.js and plain JS agree', async (id) => {
    const [sqljs, plain] = await Promise.all(peers.map((p) => p.answer(id)));
    expect(sqljs.rows.length).toBeGreaterThan(0);
    expect(answerDifference(sqljs, plain)).toBeNull();
  });

  it('has crashed runs, and M4 keeps its runs but drops points', async () => {
    expect(await scalar(engine, 'SELECT count(*) FROM runs WHERE NOT has_results AND epochs < 12')).toBeGreaterThan(0);
    const m4 = (await peers[0].answer('m4')).rows;
    const runs = [...new Set(m4.map((r) => r[0]))];
    const expected = await engine.query(`SELECT DISTINCT run_id FROM metrics WHERE metric = 'val_loss' AND isfinite(value) ORDER BY run_id LIMIT ${M4.m4Runs}`);
    expect(runs).toEqual(Array.from(expected.getChild('run_id')!.toArray(), Number));
    const points = await scalar(engine, `SELECT count(*) FROM metrics WHERE metric = 'val_loss' AND run_id <= ${runs.at(-1)} AND isfinite(value)`);
    expect(m4.length).toBeLessThan(Number(points));
  });

  it('welch compares every pair of trials with 2 values or more, and only those', async () => {
    const usable = Number(await scalar(engine, `SELECT count(*) FROM (
      SELECT trial_id FROM metrics JOIN experiments USING (experiment_id)
      WHERE title = '${WELCH_EXPERIMENT}' AND metric = 'test_acc' GROUP BY trial_id HAVING count(*) >= 2)`));
    expect(usable).toBeLessThan(10); // crashes leave some trial with a single value
    expect((await peers[1].answer('welch')).rows).toHaveLength((usable * (usable - 1)) / 2);
  });
});

/*
 * A snapshot small enough to answer by hand. lr_sweep: trial 1 has an IQR outlier (5.0), a tie
 * and a NULL; trial 2 has one run; trial 3 has an IQR of 0 (so its 0.9 stays); trial 4 has two
 * runs. "other": trial 5's three runs carry the curves (ties, a NULL, an Infinity), trial 6's run
 * crashed (curves, no results). Run 99 does not exist: its value is an orphan and counts nowhere.
 */
async function handmadeSnapshot(): Promise<Uint8Array> {
  const w = await SnapshotWriter.create({ nullableTotalVal: true });
  const at = '2026-03-02T09:00:00';
  const results = (trial: number, values: (number | null)[]) => {
    for (const v of values) w.resultsMetric(w.run(trial, { start_time: at }), 'test_acc', v);
  };
  const curve = (run: number, values: (number | null)[]) => {
    values.forEach((v, e) => {
      w.epoch(run, e, at);
      w.epochMetric(run, e, 'val_loss', v);
    });
  };
  const sweep = w.experiment({ title: WELCH_EXPERIMENT, start_time: at });
  results(w.trial(sweep, { name: 'A', start_time: at }), [0.5, 0.6, 0.6, 0.7, 5.0, null]); // runs 1–6
  results(w.trial(sweep, { name: 'B', start_time: at }), [0.8]); // run 7
  results(w.trial(sweep, { name: 'C', start_time: at }), [0.7, 0.7, 0.7, 0.7, 0.9]); // runs 8–12
  results(w.trial(sweep, { name: 'F', start_time: at }), [0.85, 0.87]); // runs 13–14
  const other = w.experiment({ title: 'other', start_time: at });
  const d = w.trial(other, { name: 'D', start_time: at });
  results(d, [0.91, 0.93, 0.95]); // runs 15–17
  curve(15, [3, 1, 2, 4, 5, 9, 7, 6]);
  curve(16, [2, 1, 1, 3, 7, 8, 8, 6]);
  curve(17, [null, Infinity, 0.5, 0.5]);
  curve(w.run(w.trial(other, { name: 'E', start_time: at }), { start_time: at }), [0.4, 0.3]); // run 18
  w.epochMetric(99, 0, 'val_loss', 0.01);
  const bytes = w.export();
  w.close();
  return bytes;
}

// scipy.stats.t.ppf(0.975, df), quoted.
const T975: Record<number, number> = { 1: 12.706204736174694, 2: 4.302652729749462, 3: 3.1824463052837078, 4: 2.7764451051977934 };

function ci(keys: number[], x: number[]): number[] {
  if (x.length < 2) return [...keys, x.length, mean(x), NaN, NaN, NaN];
  const half = (T975[x.length - 1] * sd(x)) / Math.sqrt(x.length);
  return [...keys, x.length, mean(x), sd(x), mean(x) - half, mean(x) + half];
}

const curveValues: Record<number, number[]> = {
  0: [3, 2], 1: [1, 1], 2: [2, 1, 0.5], 3: [4, 3, 0.5], 4: [5, 7], 5: [9, 8], 6: [7, 8], 7: [6, 6],
};

const EXPECTED: Record<WorkloadId, number[][]> = {
  'per-trial-ci': [
    ci([1], [0.5, 0.6, 0.6, 0.7, 5.0]),
    ci([2], [0.8]),
    ci([3], [0.7, 0.7, 0.7, 0.7, 0.9]),
    ci([4], [0.85, 0.87]),
    ci([5], [0.91, 0.93, 0.95]),
  ],
  'per-trial-ci-iqr': [
    ci([1], [0.5, 0.6, 0.6, 0.7]), // Q1 0.6, Q3 0.7: 5.0 is above 0.85
    ci([2], [0.8]),
    ci([3], [0.7, 0.7, 0.7, 0.7, 0.9]),
    ci([4], [0.85, 0.87]),
    ci([5], [0.91, 0.93, 0.95]),
  ],
  'best-epoch': [[15, 1, 1], [16, 1, 1], [17, 2, 0.5], [18, 1, 0.3]],
  'curves-ci': [...Object.entries(curveValues).map(([e, x]) => ci([5, Number(e)], x)), ci([6, 0], [0.4]), ci([6, 1], [0.3])],
  // Runs 15–17 (the 3 lowest), epochs 0–7, width 2: epochs 0–3 in column 0, 4–7 in column 1.
  m4: [
    [15, 0, 3], [15, 1, 1], [15, 3, 4], [15, 4, 5], [15, 5, 9], [15, 7, 6],
    [16, 0, 2], [16, 1, 1], [16, 3, 3], [16, 4, 7], [16, 5, 8], [16, 7, 6], // ties go to the earlier epoch
    [17, 2, 0.5], [17, 3, 0.5],
  ],
  // scipy.stats.ttest_ind(a, b, equal_var=False): statistic, df, pvalue.
  welch: [
    [1, 3, 0.8395009855633909, 4.016507538689711, 0.44825155876502293],
    [1, 4, 0.7040455996016908, 4.001031525906569, 0.520221448046728],
    [3, 4, -2.9104275004359943, 4.446153846153847, 0.03841813286289225],
  ],
};

describe('peers on a handmade snapshot', () => {
  let peers: [Peer, Peer];
  beforeAll(async () => {
    peers = await peersOf(engine, await handmadeSnapshot(), { m4Width: 2, m4Runs: 3 });
  });
  afterAll(() => peers.forEach((p) => p.close()));

  for (const id of Object.keys(EXPECTED) as WorkloadId[]) {
    it(`${id}: both peers give the answer worked out by hand`, async () => {
      const expected: Answer = { columns: columns(id), rows: EXPECTED[id] };
      for (const peer of peers) expect(answerDifference(expected, await peer.answer(id)), peer.name).toBeNull();
    });
  }
});
