import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerDifference } from '../../../bench/answers.ts';
import { summarize } from '../../../bench/measure.ts';
import type { Peer } from '../../../bench/peers/peer.ts';
import { sqljsPeer } from '../../../bench/peers/sqljs.ts';
import { trialbookPeer } from '../../../bench/peers/trialbook.ts';
import { workloadStatements } from '../../../bench/statements.ts';
import { WORKLOADS } from '../../../bench/workloads.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { nodeReaderModules } from '../../../src/ingest/node-readers.ts';
import { readCatalog } from '../../../src/query/catalog.ts';
import { generateSnapshot } from '../../../src/sample/generate.ts';
import { createNodeEngine, load } from '../../fixtures/engine.ts';

// The benchmark times Trialbook only where a peer gives the same answer: here the peers are
// checked against Trialbook itself, on a snapshot small enough for a unit test.
describe('Trialbook answers the benchmark workloads as the peers do', () => {
  const M4 = { m4Width: 3, m4Runs: 20 };
  let engine: Engine;
  let ours: Peer;
  let sqljs: Peer;
  beforeAll(async () => {
    const bytes = await generateSnapshot({ seed: 11, experiments: 4, trialsPerExperiment: 10, runsPerTrial: 4, epochs: 10, failureRate: 0.15, batchesPerEpoch: 1 });
    engine = await createNodeEngine();
    await load(engine, { name: 'tracker.db', bytes });
    ours = await trialbookPeer(engine, M4);
    sqljs = sqljsPeer((await nodeReaderModules.sqlite()).sql, bytes, M4);
  });
  afterAll(() => {
    sqljs.close();
    ours.close();
  });

  it.each(WORKLOADS.map((w) => w.id))('%s', async (id) => {
    const expected = await sqljs.answer(id);
    const actual = await ours.answer(id);
    expect(actual.rows.length).toBeGreaterThan(0);
    expect(answerDifference(expected, actual)).toBeNull();
  });

  it('notices an answer that differs in one value or one row', async () => {
    const answer = await ours.answer('per-trial-ci');
    const nudged = { ...answer, rows: answer.rows.map((row, i) => (i === 2 ? row.map((v, c) => (c === 2 ? v * (1 + 1e-7) : v)) : row)) };
    expect(answerDifference(answer, nudged)).toMatch(/^row 3, mean:/);
    expect(answerDifference(answer, { ...answer, rows: answer.rows.slice(1) })).toMatch(/rows instead of/);
  });

  it('hands native DuckDB the statements Trialbook runs: a query, its diagnostics, and the processor input for welch', async () => {
    const statements = workloadStatements(await readCatalog(engine), M4);
    expect(statements['per-trial-ci']).toHaveLength(2);
    expect(statements.m4).toHaveLength(1);
    expect(statements.welch).toHaveLength(3);
    for (const list of Object.values(statements)) for (const sql of list) expect((await engine.query(sql)).numRows).toBeGreaterThan(0);
  });
});

describe('timing summary', () => {
  it('gives the median and the spread of the timed runs', () => {
    expect(summarize([5, 1, 3, 9, 7])).toEqual({ ms: [5, 1, 3, 9, 7], median: 5, min: 1, max: 9 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });
});
