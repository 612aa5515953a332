import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeReaderModules } from '../../../src/ingest/node-readers.ts';
import type { Database, SqlValue } from 'sql.js';
import { generateSnapshot } from '../../../src/sample/generate.ts';

// sql.js is one module per process; everyone takes it from Trialbook's loader, as the writer does.
const SQL = (await nodeReaderModules.sqlite()).sql;
const sampleBytes = await generateSnapshot({});
const sample = new SQL.Database(sampleBytes);

function rows(db: Database, sql: string): SqlValue[][] {
  return db.exec(sql)[0]?.values ?? [];
}
const one = (db: Database, sql: string): SqlValue => rows(db, sql)[0]?.[0];
const col = (db: Database, sql: string): SqlValue[] => rows(db, sql).map((r) => r[0]);

const metricTypes = (db: Database, link: string) =>
  col(db, `SELECT DISTINCT m.type FROM ${link} l JOIN METRIC m ON m.id = l.metric_id ORDER BY 1`);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

describe('generateSnapshot: determinism', () => {
  it('gives identical bytes for the same seed and different ones for another seed', async () => {
    expect(sameBytes(await generateSnapshot({}), sampleBytes)).toBe(true);
    expect(sameBytes(await generateSnapshot({ seed: 42 }), sampleBytes)).toBe(true);
    expect(sameBytes(await generateSnapshot({ seed: 7 }), sampleBytes)).toBe(false);
  });

  it('matches the bundled static/sample.db (rerun `npm run sample` after changing the generator)', () => {
    const path = fileURLToPath(new URL('../../../static/sample.db', import.meta.url));
    if (!existsSync(path)) return;
    expect(sameBytes(new Uint8Array(readFileSync(path)), sampleBytes)).toBe(true);
  });
});

describe('generateSnapshot: the default sample', () => {
  it('is small', () => {
    expect(sampleBytes.length).toBeLessThan(2 * 1024 * 1024);
  });

  it('has several experiments with ~3 trials and ~5 seed runs each', () => {
    expect(col(sample, 'SELECT title FROM EXPERIMENT ORDER BY id')).toEqual(['lr_sweep', 'arch_compare', 'augmentation', 'optimizer']);
    expect(col(sample, "SELECT name FROM TRIAL WHERE experiment_id = 1 ORDER BY id")).toEqual(['lr=0.1', 'lr=0.01', 'lr=0.001']);
    expect(col(sample, 'SELECT count(*) FROM TRIAL GROUP BY experiment_id')).toEqual([3, 3, 3, 3]);
    expect(new Set(col(sample, 'SELECT count(*) FROM TRIAL_RUN GROUP BY trial_id'))).toEqual(new Set([5]));
    expect(one(sample, 'SELECT count(*) FROM SCHEMA_VERSION')).toBe(0);
  });

  it('leaves runs at started, except a couple of failed ones, and has incomplete runs', () => {
    const statuses = Object.fromEntries(rows(sample, 'SELECT status, count(*) FROM TRIAL_RUN GROUP BY status'));
    expect(Object.keys(statuses).sort()).toEqual(['failed', 'started']);
    expect(statuses.failed).toBeGreaterThanOrEqual(1);
    expect(statuses.started).toBeGreaterThan(40);
    const unfinished = 'SELECT id FROM TRIAL_RUN WHERE id NOT IN (SELECT trial_run_id FROM RESULTS)';
    // Crashed runs still 'started' are what the tracker really leaves behind.
    expect(one(sample, `SELECT count(*) FROM TRIAL_RUN WHERE status = 'started' AND id IN (${unfinished})`)).toBeGreaterThan(0);
    expect(one(sample, `SELECT count(*) FROM TRIAL_RUN WHERE status = 'failed' AND id NOT IN (${unfinished})`)).toBe(0);
    const epochs = (where: string) =>
      col(sample, `SELECT count(*) FROM EPOCH WHERE trial_run_id ${where} GROUP BY trial_run_id`).map(Number);
    const finished = epochs(`NOT IN (${unfinished})`);
    expect(new Set(finished).size).toBe(1);
    expect(finished[0]).toBeGreaterThanOrEqual(20);
    expect(Math.max(...epochs(`IN (${unfinished})`))).toBeLessThan(finished[0]);
  });

  it('has epoch, batch and results metrics with per-label JSON', () => {
    expect(metricTypes(sample, 'EPOCH_METRIC')).toEqual(['learning_rate', 'train_loss', 'val_acc', 'val_loss']);
    expect(metricTypes(sample, 'BATCH_METRIC')).toEqual(['batch_loss']);
    expect(metricTypes(sample, 'RESULTS_METRIC')).toEqual(['confusion', 'test_acc', 'test_loss']);
    const linked = one(
      sample,
      'SELECT (SELECT count(*) FROM EPOCH_METRIC) + (SELECT count(*) FROM BATCH_METRIC) + (SELECT count(*) FROM RESULTS_METRIC)',
    );
    expect(linked).toBe(one(sample, 'SELECT count(*) FROM METRIC'));
    const perLabel = JSON.parse(String(one(sample, "SELECT per_label_val FROM METRIC WHERE type = 'test_acc' LIMIT 1")));
    expect(Object.keys(perLabel)).toHaveLength(10);
    expect(one(sample, "SELECT count(*) FROM METRIC WHERE type = 'test_acc' AND per_label_val IS NULL")).toBe(0);
    const [total, confusion] = rows(sample, "SELECT total_val, per_label_val FROM METRIC WHERE type = 'confusion' LIMIT 1")[0];
    expect(typeof total).toBe('number');
    const matrix = JSON.parse(String(confusion)) as Record<string, Record<string, number>>;
    expect(Object.keys(matrix)).toEqual(Object.keys(perLabel));
    expect(Object.values(matrix.cat).reduce((s, n) => s + n, 0)).toBe(1000);
  });

  it('makes trials meaningfully different', () => {
    const meanAcc = Object.fromEntries(
      rows(
        sample,
        `SELECT t.name, avg(m.total_val) FROM RESULTS_METRIC rm JOIN METRIC m ON m.id = rm.metric_id
         JOIN TRIAL_RUN r ON r.id = rm.results_id JOIN TRIAL t ON t.id = r.trial_id
         WHERE m.type = 'test_acc' GROUP BY t.id`,
      ),
    ) as Record<string, number>;
    expect(meanAcc['lr=0.01'] - meanAcc['lr=0.001']).toBeGreaterThan(0.03);
    expect(meanAcc.resnet18 - meanAcc.mlp_baseline).toBeGreaterThan(0.2);
    // Curves: loss falls and accuracy rises from the first to the last epoch of run 1.
    const first = (type: string, order: string) =>
      Number(one(sample, `SELECT m.total_val FROM EPOCH_METRIC e JOIN METRIC m ON m.id = e.metric_id
        WHERE e.epoch_trial_run_id = 1 AND m.type = '${type}' ORDER BY e.epoch_idx ${order} LIMIT 1`));
    expect(first('train_loss', 'DESC')).toBeLessThan(first('train_loss', 'ASC') / 5);
    expect(first('val_acc', 'DESC')).toBeGreaterThan(first('val_acc', 'ASC') + 0.3);
  });

  it('mixes the time formats the tracker writes', () => {
    const times = col(
      sample,
      `SELECT start_time FROM TRIAL_RUN UNION ALL SELECT time FROM EPOCH UNION ALL SELECT time FROM BATCH
       UNION ALL SELECT time FROM RESULTS`,
    ).map(String);
    const micro = times.filter((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(t)).length;
    const whole = times.filter((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(t)).length;
    const sqlite = times.filter((t) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(t)).length;
    expect(micro + whole + sqlite).toBe(times.length);
    expect(micro).toBeGreaterThan(times.length * 0.9);
    expect(whole).toBeGreaterThan(0);
    expect(sqlite).toBeGreaterThan(0);
    expect(one(sample, 'SELECT count(*) FROM TRIAL_RUN WHERE update_time != start_time AND status = \'started\'')).toBe(0);
  });

  it('links a checkpoint per finished run and a metrics CSV per experiment', () => {
    expect(
      one(sample, `SELECT count(*) FROM TRIAL_RUN_ARTIFACT l JOIN ARTIFACT a ON a.id = l.artifact_id
        WHERE a.type = 'checkpoint' AND l.trial_run_id IN (SELECT trial_run_id FROM RESULTS)`),
    ).toBe(one(sample, 'SELECT count(*) FROM RESULTS'));
    expect(one(sample, 'SELECT count(*) FROM TRIAL_RUN_ARTIFACT WHERE trial_run_id NOT IN (SELECT trial_run_id FROM RESULTS)')).toBe(0);
    expect(col(sample, `SELECT l.experiment_id FROM EXPERIMENT_ARTIFACT l JOIN ARTIFACT a ON a.id = l.artifact_id
      WHERE a.type = 'metrics' AND a.loc LIKE '%.csv' ORDER BY 1`)).toEqual([1, 2, 3, 4]);
  });
});

describe('generateSnapshot: options', () => {
  it('honours targetMetricRows within 20%', async () => {
    const db = new SQL.Database(await generateSnapshot({ targetMetricRows: 100_000 }));
    const n = Number(one(db, 'SELECT count(*) FROM METRIC'));
    expect(n).toBeGreaterThan(80_000);
    expect(n).toBeLessThan(120_000);
  }, 60_000);

  it('sizes experiments, trials, runs, epochs and batches', async () => {
    const db = new SQL.Database(
      await generateSnapshot({
        seed: 3, experiments: ['arch_compare', 'my custom exp'], trialsPerExperiment: 4, runsPerTrial: 2,
        epochs: 6, batchesPerEpoch: 0, failureRate: 0,
      }),
    );
    expect(col(db, 'SELECT title FROM EXPERIMENT ORDER BY id')).toEqual(['arch_compare', 'my custom exp']);
    expect(col(db, 'SELECT name FROM TRIAL WHERE experiment_id = 1 ORDER BY id')).toEqual([
      'mlp_baseline', 'resnet18', 'vit_tiny', 'mlp_baseline_v2',
    ]);
    expect(one(db, 'SELECT count(*) FROM TRIAL_RUN')).toBe(16);
    expect(one(db, 'SELECT count(*) FROM RESULTS')).toBe(16);
    expect(one(db, 'SELECT count(*) FROM EPOCH')).toBe(16 * 6);
    expect(one(db, 'SELECT count(*) FROM BATCH')).toBe(0);
  });

  it('writes old-style snapshots without batch tables', async () => {
    const db = new SQL.Database(await generateSnapshot({ experiments: 1, batchTables: false }));
    expect(one(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'BATCH%'")).toBe(0);
    expect(Number(one(db, 'SELECT count(*) FROM EPOCH_METRIC'))).toBeGreaterThan(0);
  });
});
