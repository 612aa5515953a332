import { describe, it, expect } from 'vitest';
import { nodeReaderModules } from '../../../src/ingest/node-readers.ts';
import type { Database, SqlValue } from 'sql.js';
import { experimentManagerDDL } from '../../../src/sample/schema.ts';
import { SnapshotWriter, isoformat, sqliteDatetime } from '../../../src/sample/writer.ts';

// sql.js is one module per process; everyone takes it from Trialbook's loader, as the writer does.
const SQL = (await nodeReaderModules.sqlite()).sql;

function open(bytes: Uint8Array): Database {
  return new SQL.Database(bytes);
}

function rows(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const stmt = db.prepare(sql);
  stmt.bind(params);
  const out: SqlValue[][] = [];
  while (stmt.step()) out.push(stmt.get());
  stmt.free();
  return out;
}

const one = (db: Database, sql: string, params: SqlValue[] = []): SqlValue => rows(db, sql, params)[0]?.[0];

const COLUMNS: Record<string, string[]> = {
  SCHEMA_VERSION: ['id', 'version', 'migration_name', 'description', 'applied_at', 'rollback_script'],
  EXPERIMENT: ['id', 'title', 'desc', 'start_time', 'update_time'],
  TRIAL: ['id', 'name', 'experiment_id', 'start_time', 'update_time'],
  TRIAL_RUN: ['id', 'trial_id', 'status', 'start_time', 'update_time'],
  RESULTS: ['trial_run_id', 'time'],
  EPOCH: ['idx', 'trial_run_id', 'time'],
  METRIC: ['id', 'type', 'total_val', 'per_label_val'],
  ARTIFACT: ['id', 'type', 'loc'],
  EXPERIMENT_ARTIFACT: ['experiment_id', 'artifact_id'],
  TRIAL_ARTIFACT: ['trial_id', 'artifact_id'],
  TRIAL_RUN_ARTIFACT: ['trial_run_id', 'artifact_id'],
  RESULTS_METRIC: ['results_id', 'metric_id'],
  RESULTS_ARTIFACT: ['results_id', 'artifact_id'],
  EPOCH_METRIC: ['epoch_idx', 'epoch_trial_run_id', 'metric_id'],
  EPOCH_ARTIFACT: ['epoch_idx', 'epoch_trial_run_id', 'artifact_id'],
};
const BATCH_COLUMNS: Record<string, string[]> = {
  BATCH: ['idx', 'epoch_idx', 'trial_run_id', 'time'],
  BATCH_METRIC: ['batch_idx', 'epoch_idx', 'trial_run_id', 'metric_id'],
  BATCH_ARTIFACT: ['batch_idx', 'epoch_idx', 'trial_run_id', 'artifact_id'],
};
const LINK_TABLES = [
  'EXPERIMENT_ARTIFACT', 'TRIAL_ARTIFACT', 'TRIAL_RUN_ARTIFACT', 'RESULTS_METRIC', 'RESULTS_ARTIFACT',
  'EPOCH_METRIC', 'EPOCH_ARTIFACT', 'BATCH_METRIC', 'BATCH_ARTIFACT',
];

function userTables(db: Database): string[] {
  return rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'sqlite_sequence' ORDER BY name").map(
    (r) => String(r[0]),
  );
}

function columns(db: Database, table: string): string[] {
  return rows(db, `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).map((r) => String(r[0]));
}

function dbWithDDL(options: Parameters<typeof experimentManagerDDL>[0]): Database {
  const db = new SQL.Database();
  db.exec(experimentManagerDDL(options));
  return db;
}

describe('experimentManagerDDL', () => {
  it('creates every table with the documented columns, batch tables by default', () => {
    const db = dbWithDDL({});
    const expected = { ...COLUMNS, ...BATCH_COLUMNS };
    expect(userTables(db)).toEqual(Object.keys(expected).sort());
    for (const [table, cols] of Object.entries(expected)) expect(columns(db, table), table).toEqual(cols);
  });

  it('leaves out the batch tables for old snapshots', () => {
    const db = dbWithDDL({ batchTables: false });
    expect(userTables(db)).toEqual(Object.keys(COLUMNS).sort());
  });

  it('link tables have a primary key over all their columns and declare foreign keys', () => {
    const db = dbWithDDL({});
    for (const table of LINK_TABLES) {
      const pk = rows(db, `SELECT pk FROM pragma_table_info('${table}')`).map((r) => r[0]);
      expect(pk.every((p) => Number(p) > 0), table).toBe(true);
      expect(Number(one(db, `SELECT count(DISTINCT id) FROM pragma_foreign_key_list('${table}')`)), table).toBe(2);
    }
    expect(rows(db, "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('BATCH_METRIC') ORDER BY id DESC, seq")).toEqual([
      ['BATCH', 'batch_idx', 'idx'],
      ['BATCH', 'epoch_idx', 'epoch_idx'],
      ['BATCH', 'trial_run_id', 'trial_run_id'],
      ['METRIC', 'metric_id', 'id'],
    ]);
  });

  it('stores the DDL text exactly as the tracker does', () => {
    const db = dbWithDDL({});
    expect(one(db, "SELECT sql FROM sqlite_master WHERE name = 'METRIC'")).toBe(
      'CREATE TABLE METRIC (\n        id INTEGER PRIMARY KEY AUTOINCREMENT,\n        type VARCHAR(50) NOT NULL,\n' +
        '        total_val FLOAT NOT NULL,\n        per_label_val TEXT\n    )',
    );
  });

  it('makes total_val nullable only on request', () => {
    const notNull = (db: Database) => one(db, "SELECT \"notnull\" FROM pragma_table_info('METRIC') WHERE name = 'total_val'");
    expect(notNull(dbWithDDL({}))).toBe(1);
    expect(notNull(dbWithDDL({ nullableTotalVal: true }))).toBe(0);
  });
});

describe('isoformat', () => {
  it('formats like Python naive isoformat', () => {
    expect(isoformat(new Date(Date.UTC(2026, 2, 1, 9, 0, 41)))).toBe('2026-03-01T09:00:41');
    expect(isoformat(new Date(Date.UTC(2026, 2, 1, 9, 0, 41, 123)))).toBe('2026-03-01T09:00:41.123000');
    expect(isoformat(new Date(Date.UTC(2026, 2, 1, 9, 0, 41, 123)), 456)).toBe('2026-03-01T09:00:41.123456');
    expect(isoformat(new Date(Date.UTC(2026, 2, 1, 9, 0, 41)), 7)).toBe('2026-03-01T09:00:41.000007');
    expect(sqliteDatetime(new Date(Date.UTC(2026, 2, 1, 9, 0, 41, 999)))).toBe('2026-03-01 09:00:41');
  });
});

describe('SnapshotWriter', () => {
  const T0 = '2026-03-01T09:00:00.000001';

  it('writes the hierarchy with tracker defaults and times exactly as given', async () => {
    const w = await SnapshotWriter.create();
    const e = w.experiment({ title: 'exp', start_time: T0 });
    const t = w.trial(e, { name: 'lr=0.1', start_time: '2026-03-01 09:00:01' });
    const r1 = w.run(t, { start_time: '2026-03-01T09:00:02' });
    const r2 = w.run(t, { status: 'failed', start_time: T0, update_time: '2026-03-01T10:00:00.5' });
    expect([e, t, r1, r2]).toEqual([1, 1, 1, 2]);
    w.epoch(r1, 0, '2026-03-01T09:00:03.100000');
    const m = w.epochMetric(r1, 0, 'val_acc', 0.5, '{"cat": 0.4}');
    w.batch(r1, 0, 7, '2026-03-01T09:00:03.2');
    const b = w.batchMetric(r1, 0, 7, 'batch_loss', 1.25);
    const db = open(w.export());
    expect(rows(db, 'SELECT * FROM EXPERIMENT')).toEqual([[1, 'exp', null, T0, T0]]);
    expect(rows(db, 'SELECT * FROM TRIAL')).toEqual([[1, 'lr=0.1', 1, '2026-03-01 09:00:01', '2026-03-01 09:00:01']]);
    expect(rows(db, 'SELECT * FROM TRIAL_RUN ORDER BY id')).toEqual([
      [1, 1, 'started', '2026-03-01T09:00:02', '2026-03-01T09:00:02'],
      [2, 1, 'failed', T0, '2026-03-01T10:00:00.5'],
    ]);
    expect(rows(db, 'SELECT * FROM EPOCH')).toEqual([[0, 1, '2026-03-01T09:00:03.100000']]);
    expect(rows(db, 'SELECT * FROM BATCH')).toEqual([[7, 0, 1, '2026-03-01T09:00:03.2']]);
    expect(rows(db, 'SELECT * FROM METRIC ORDER BY id')).toEqual([
      [m, 'val_acc', 0.5, '{"cat": 0.4}'],
      [b, 'batch_loss', 1.25, null],
    ]);
    expect(rows(db, 'SELECT * FROM EPOCH_METRIC')).toEqual([[0, 1, m]]);
    expect(rows(db, 'SELECT * FROM BATCH_METRIC')).toEqual([[7, 0, 1, b]]);
    expect(one(db, 'SELECT count(*) FROM SCHEMA_VERSION')).toBe(0);
    expect(one(db, "SELECT typeof(total_val) FROM METRIC WHERE type = 'val_acc'")).toBe('real');
    w.close();
  });

  it('creates RESULTS on first resultsMetric, at the run\'s last time unless given', async () => {
    const w = await SnapshotWriter.create();
    const t = w.trial(w.experiment({ title: 'e', start_time: T0 }), { name: 't', start_time: T0 });
    const r1 = w.run(t, { start_time: T0 });
    w.epoch(r1, 0, '2026-03-01T09:01:00.000002');
    const a = w.resultsMetric(r1, 'test_acc', 0.9, '{"0": 0.9}');
    const b = w.resultsMetric(r1, 'test_loss', 0.3, null, '2026-03-01T09:05:00');
    const r2 = w.run(t, { start_time: T0 });
    w.resultsMetric(r2, 'test_acc', 0.8, undefined, '2026-03-01 09:09:09');
    const r3 = w.run(t, { start_time: T0 });
    w.results(r3, '2026-03-01T09:10:00');
    w.results(r3, '2026-03-01T09:20:00');
    const db = open(w.export());
    expect(rows(db, 'SELECT * FROM RESULTS ORDER BY trial_run_id')).toEqual([
      [r1, '2026-03-01T09:01:00.000002'],
      [r2, '2026-03-01 09:09:09'],
      [r3, '2026-03-01T09:10:00'],
    ]);
    expect(rows(db, 'SELECT results_id, metric_id FROM RESULTS_METRIC WHERE results_id = ?', [r1])).toEqual([
      [r1, a],
      [r1, b],
    ]);
  });

  it('links artifacts through the table matching the link', async () => {
    const w = await SnapshotWriter.create();
    const e = w.experiment({ title: 'e', start_time: T0 });
    const t = w.trial(e, { name: 't', start_time: T0 });
    const r = w.run(t, { start_time: T0 });
    w.epoch(r, 2, T0);
    w.batch(r, 2, 5, T0);
    const ids = [
      w.artifact('metrics', 'out/metrics.csv', { experimentId: e }),
      w.artifact('params', 'out/t/params.json', { trialId: t }),
      w.artifact('checkpoint', 'out/t/run1/model.pt', { runId: r }),
      w.artifact('unknown', 'out/report.html', { resultsRunId: r }),
      w.artifact('checkpoint', 'out/t/run1/epoch2.pt', { epoch: { runId: r, idx: 2 } }),
      w.artifact('custom kind', 'out/t/run1/b5.bin', { batch: { runId: r, epochIdx: 2, idx: 5 } }),
      w.artifact('checkpoint', '/abs/orphan.pt', null),
    ];
    const db = open(w.export());
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows(db, 'SELECT * FROM EXPERIMENT_ARTIFACT')).toEqual([[e, 1]]);
    expect(rows(db, 'SELECT * FROM TRIAL_ARTIFACT')).toEqual([[t, 2]]);
    expect(rows(db, 'SELECT * FROM TRIAL_RUN_ARTIFACT')).toEqual([[r, 3]]);
    expect(rows(db, 'SELECT * FROM RESULTS_ARTIFACT')).toEqual([[r, 4]]);
    expect(rows(db, 'SELECT * FROM RESULTS')).toEqual([[r, T0]]);
    expect(rows(db, 'SELECT * FROM EPOCH_ARTIFACT')).toEqual([[2, r, 5]]);
    expect(rows(db, 'SELECT * FROM BATCH_ARTIFACT')).toEqual([[5, 2, r, 6]]);
    expect(rows(db, 'SELECT type, loc FROM ARTIFACT WHERE id = 7')).toEqual([['checkpoint', '/abs/orphan.pt']]);
  });

  it('rejects NULL total_val like SQLite does, unless the column is nullable, and keeps writing', async () => {
    const strict = await SnapshotWriter.create();
    const r = strict.run(1, { start_time: T0 });
    strict.epoch(r, 0, T0);
    expect(() => strict.epochMetric(r, 0, 'confusion', null, '{"a": {"a": 1}}')).toThrow(/NOT NULL/);
    expect(strict.epochMetric(r, 0, 'val_acc', 0.5)).toBe(1);
    expect(one(open(strict.export()), 'SELECT count(*) FROM METRIC')).toBe(1);

    const lax = await SnapshotWriter.create({ nullableTotalVal: true });
    const r2 = lax.run(1, { start_time: T0 });
    lax.resultsMetric(r2, 'confusion', null, '{"a": {"a": 1}}');
    expect(rows(open(lax.export()), 'SELECT total_val, per_label_val FROM METRIC')).toEqual([[null, '{"a": {"a": 1}}']]);
  });

  it('keeps ids right after raw SQL and after an export', async () => {
    const w = await SnapshotWriter.create();
    const r = w.run(99, { status: 'weird status', start_time: T0 }); // orphan run: FKs are not enforced
    w.epoch(r, 0, T0);
    expect(w.epochMetric(r, 0, 'a', 1)).toBe(1);
    w.exec("INSERT INTO METRIC (id, type, total_val) VALUES (10, 'orphan', ?)", [2]);
    expect(w.epochMetric(r, 0, 'b', 3)).toBe(11);
    const first = open(w.export());
    expect(one(first, 'SELECT count(*) FROM METRIC')).toBe(3);
    expect(w.epochMetric(r, 0, 'c', 4)).toBe(12);
    const second = open(w.export());
    expect(rows(second, 'SELECT id FROM METRIC ORDER BY id').map((x) => x[0])).toEqual([1, 10, 11, 12]);
    expect(rows(second, 'SELECT name, seq FROM sqlite_sequence ORDER BY name')).toEqual([
      ['METRIC', 12],
      ['TRIAL_RUN', 1],
    ]);
    expect(one(second, 'SELECT trial_id FROM TRIAL_RUN')).toBe(99);
  });

  it('writes a SCHEMA_VERSION row and old-style files on request', async () => {
    const w = await SnapshotWriter.create({
      batchTables: false,
      schemaVersion: { version: '1.2.0', migration_name: 'add_batches', applied_at: T0 },
    });
    const db = open(w.export());
    expect(rows(db, 'SELECT version, migration_name, applied_at, description FROM SCHEMA_VERSION')).toEqual([
      ['1.2.0', 'add_batches', T0, null],
    ]);
    expect(userTables(db)).not.toContain('BATCH');
  });

  it('writes 200k metric rows quickly', async () => {
    const w = await SnapshotWriter.create();
    const started = performance.now();
    const r = w.run(1, { start_time: T0 });
    for (let e = 0; e < 20_000; e++) {
      w.epoch(r, e, T0);
      for (let k = 0; k < 10; k++) w.epochMetric(r, e, 'loss', k / 10);
    }
    const db = open(w.export());
    expect(one(db, 'SELECT count(*) FROM EPOCH_METRIC')).toBe(200_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
