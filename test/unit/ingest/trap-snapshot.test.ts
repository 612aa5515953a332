import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import type { LoadReport } from '../../../src/ingest/load.ts';
import { isoTimestamp } from '../../../src/result/values.ts';
import { createNodeEngine, load, rows, scalar } from '../../fixtures/engine.ts';
import { buildTrapSnapshot, NASTY_METRIC, UNICODE_TRIAL } from '../../fixtures/trap-snapshot.ts';

let engine: Engine;
let report: LoadReport;

beforeAll(async () => {
  engine = await createNodeEngine();
  report = await load(engine, { name: 'traps.db', bytes: await buildTrapSnapshot() });
});
afterAll(() => engine.close());

const runsByStatusRaw = async () =>
  Object.fromEntries((await rows<{ status_raw: string; status: string }>(engine, 'SELECT status_raw, status FROM runs')).map((r) => [r.status_raw, r.status]));

describe('a snapshot full of traps', () => {
  it('infers status from RESULTS and whole failure words, keeping the raw value', async () => {
    const statuses = await rows<{ status_raw: string; status: string; has_results: boolean }>(engine, 'SELECT status_raw, status, has_results FROM runs ORDER BY run_id');
    expect(statuses[0]).toEqual({ status_raw: 'started', status: 'completed', has_results: true });
    expect(statuses[1]).toEqual({ status_raw: 'FAILED', status: 'failed', has_results: true });
    const byRaw = await runsByStatusRaw();
    for (const raw of ['Error: CUDA out of memory', 'timeout', 'cancelled', 'Stopped', 'ABORTED']) expect(byRaw[raw], raw).toBe('failed');
    expect(byRaw['errored_out']).toBe('incomplete');
    expect(byRaw['completed']).toBe('incomplete');
    expect(await scalar(engine, "SELECT count(*) FROM runs WHERE status = 'incomplete'")).toBe(4);
  });

  it('parses every datetime form the tracker writes', async () => {
    const trials = await rows<{ start_time: number }>(engine, 'SELECT start_time FROM trials ORDER BY trial_id');
    expect(isoTimestamp(trials[0].start_time)).toBe('2026-03-01T09:00:01.250000');
    const experiments = await rows<{ start_time: number }>(engine, 'SELECT start_time FROM experiments ORDER BY experiment_id');
    expect(experiments.map((e) => isoTimestamp(e.start_time))).toEqual(['2026-03-01T09:00:00', '2026-03-02T10:00:00']);
    expect(await scalar(engine, 'SELECT count(*) FROM runs WHERE start_time IS NULL')).toBe(0);
  });

  it('ends a run at its latest EPOCH, BATCH or RESULTS time', async () => {
    const [done, crashed] = await rows<{ end_time: number; duration_s: number; epochs: number }>(
      engine,
      "SELECT end_time, duration_s, epochs FROM runs WHERE run_id IN (1, (SELECT max(run_id) - 1 FROM runs)) ORDER BY run_id",
    );
    expect(isoTimestamp(done.end_time)).toBe('2026-03-01T09:03:30');
    expect(done.duration_s).toBe(210);
    expect(done.epochs).toBe(2);
    expect(isoTimestamp(crashed.end_time)).toBe('2026-03-01T13:07:15.000001');
    expect(crashed.duration_s).toBeCloseTo(435.000001, 6);
  });

  it('keeps NULL total values and flattens nested per-label JSON', async () => {
    expect(await scalar(engine, "SELECT count(*) FROM metrics WHERE metric = 'confusion' AND value IS NULL")).toBe(1);
    const confusion = await rows<{ label: string; value: number }>(engine, "SELECT label, value FROM label_metrics WHERE metric = 'confusion' ORDER BY label");
    expect(confusion).toEqual([
      { label: 'cat/cat', value: 45 },
      { label: 'cat/dog', value: 5 },
      { label: 'dog/cat', value: 3 },
      { label: 'dog/dog', value: 47 },
    ]);
    const flat = await rows(engine, "SELECT run_id, level, label, value FROM label_metrics WHERE metric = 'test_acc' ORDER BY label");
    expect(flat).toEqual([
      { run_id: 1, level: 'results', label: 'cat', value: 0.9 },
      { run_id: 1, level: 'results', label: 'dog', value: 0.92 },
    ]);
    const mixed = await rows(engine, "SELECT label, value FROM label_metrics WHERE metric = 'mixed_labels' ORDER BY label");
    expect(mixed).toEqual([
      { label: 'a', value: 1 },
      { label: 'd/0', value: 1 },
      { label: 'd/1', value: 2 },
    ]);
    expect(report.warnings).toContain('1 per_label_val text is not valid JSON and was skipped.');
    expect(report.warnings).toContain('2 per-label entries are not a number and were skipped.');
  });

  it('loads hostile names as data and queries them safely', async () => {
    expect(await scalar(engine, `SELECT value FROM metrics WHERE metric = '${NASTY_METRIC.replaceAll("'", "''")}'`)).toBe(0.7);
    expect(await scalar(engine, 'SELECT count(*) FROM metrics')).toBeGreaterThan(0);
    expect(await scalar(engine, 'SELECT trial FROM trials WHERE trial_id = 2')).toBe(UNICODE_TRIAL);
    expect(await scalar(engine, 'SELECT description FROM experiments WHERE experiment_id = 1')).toBe('the "desc" column is an SQL keyword');
  });

  it('keeps every metric at its level with its epoch, batch and time', async () => {
    const levels = await rows(engine, 'SELECT level, count(*) AS n FROM metrics GROUP BY level ORDER BY level');
    expect(levels).toEqual([
      { level: 'batch', n: 2 },
      { level: 'epoch', n: 3 },
      { level: 'results', n: 6 },
    ]);
    const batch = await rows<{ epoch: number; batch: number; time: number }>(engine, "SELECT epoch, batch, time FROM metrics WHERE level = 'batch' ORDER BY batch");
    expect(batch.map((b) => [b.epoch, b.batch, isoTimestamp(b.time)])).toEqual([
      [1, 0, '2026-03-01T13:06:00'],
      [1, 1, '2026-03-01T13:07:15.000001'],
    ]);
  });

  it('links artifacts at every level, and keeps unlinked ones', async () => {
    const artifacts = await rows(engine, 'SELECT type, level, experiment_id, trial_id, run_id, epoch FROM artifacts ORDER BY artifact_id');
    expect(artifacts).toEqual([
      { type: 'checkpoint', level: 'run', experiment_id: 1, trial_id: 1, run_id: 1, epoch: null },
      { type: 'metrics', level: 'experiment', experiment_id: 1, trial_id: null, run_id: null, epoch: null },
      { type: 'params', level: 'trial', experiment_id: 1, trial_id: 1, run_id: null, epoch: null },
      { type: 'checkpoint', level: 'epoch', experiment_id: 1, trial_id: 1, run_id: 1, epoch: 1 },
      { type: 'unknown', level: null, experiment_id: null, trial_id: null, run_id: null, epoch: null },
    ]);
  });

  it('leaves out metric rows without a link, and links without a metric row, and says so', async () => {
    expect(await scalar(engine, "SELECT count(*) FROM metrics WHERE metric = 'stray'")).toBe(0);
    expect(report.warnings).toContain('1 METRIC row is linked to no results, epoch or batch and was left out.');
    expect(report.warnings).toContain('1 metric link points to no METRIC row and was left out.');
  });

  it('keeps orphan runs and says so', async () => {
    expect(await scalar(engine, 'SELECT count(*) FROM runs WHERE trial_id = 999 AND experiment_id IS NULL')).toBe(1);
    expect(report.warnings).toContain('1 run belongs to no trial in the file (kept, without trial or experiment).');
  });

  it('creates the params table (filled from trial names here; see params-*.test.ts)', async () => {
    expect(await rows(engine, "SELECT column_name FROM information_schema.columns WHERE table_name = 'params' ORDER BY ordinal_position")).toEqual(
      ['trial_id', 'run_id', 'key', 'value', 'value_num', 'source'].map((column_name) => ({ column_name })),
    );
  });
});

describe('an older snapshot without BATCH tables', () => {
  it('loads with no batch metrics', async () => {
    const older = await createNodeEngine();
    try {
      const result = await load(older, { name: 'old.db', bytes: await buildTrapSnapshot({ batchTables: false }) });
      expect(result.rawRows.BATCH).toBe(0);
      expect(await scalar(older, "SELECT count(*) FROM metrics WHERE level = 'batch'")).toBe(0);
      expect(await scalar(older, 'SELECT count(*) FROM runs')).toBe(11);
    } finally {
      await older.close();
    }
  });
});
