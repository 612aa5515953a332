// Writes Experiment Manager snapshots row by row, the way the Python tracker does,
// so tests and benchmarks can build exactly the shapes (and oddities) real files have.
import { nodeReaderModules } from '../ingest/node-readers.ts';
import type { Database, SqlValue, Statement } from 'sql.js';
import { experimentManagerDDL } from './schema.ts';

export interface SchemaVersionRow {
  version: string;
  migration_name: string;
  applied_at: string;
}

export interface WriterOptions {
  batchTables?: boolean;
  nullableTotalVal?: boolean;
  /** The tracker leaves SCHEMA_VERSION empty; pass a row to imitate migrated files. */
  schemaVersion?: SchemaVersionRow | null;
}

export type ArtifactLink =
  | { experimentId: number }
  | { trialId: number }
  | { runId: number }
  | { resultsRunId: number }
  | { epoch: { runId: number; idx: number } }
  | { batch: { runId: number; epochIdx: number; idx: number } };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Python's naive `datetime.isoformat()` on the UTC fields of `date`: no fraction when the
 * microseconds are 0, else exactly 6 digits. `extraMicros` (0–999) adds the sub-millisecond
 * part a JS Date cannot hold, so generated times can look like real tracker times.
 */
export function isoformat(date: Date, extraMicros = 0): string {
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const micros = date.getUTCMilliseconds() * 1000 + extraMicros;
  return micros === 0 ? base : `${base}.${pad(micros, 6)}`;
}

/** SQLite's `datetime('now')` form (`YYYY-MM-DD HH:MM:SS`), which some tracker paths write. */
export function sqliteDatetime(date: Date): string {
  return isoformat(new Date(Math.floor(date.getTime() / 1000) * 1000)).replace('T', ' ');
}

// One SQL text per kind of write; statements are prepared once and reused, which is
// what makes millions of rows feasible in sql.js.
const SQL_TEXT = {
  schemaVersion: 'INSERT INTO SCHEMA_VERSION (version, migration_name, applied_at) VALUES (?, ?, ?)',
  experiment: 'INSERT INTO EXPERIMENT (id, title, desc, start_time, update_time) VALUES (?, ?, ?, ?, ?)',
  trial: 'INSERT INTO TRIAL (id, name, experiment_id, start_time, update_time) VALUES (?, ?, ?, ?, ?)',
  run: 'INSERT INTO TRIAL_RUN (id, trial_id, status, start_time, update_time) VALUES (?, ?, ?, ?, ?)',
  epoch: 'INSERT INTO EPOCH (idx, trial_run_id, time) VALUES (?, ?, ?)',
  batch: 'INSERT INTO BATCH (idx, epoch_idx, trial_run_id, time) VALUES (?, ?, ?, ?)',
  results: 'INSERT OR IGNORE INTO RESULTS (trial_run_id, time) VALUES (?, ?)',
  metric: 'INSERT INTO METRIC (id, type, total_val, per_label_val) VALUES (?, ?, ?, ?)',
  artifact: 'INSERT INTO ARTIFACT (id, type, loc) VALUES (?, ?, ?)',
  epochMetric: 'INSERT INTO EPOCH_METRIC (epoch_idx, epoch_trial_run_id, metric_id) VALUES (?, ?, ?)',
  batchMetric: 'INSERT INTO BATCH_METRIC (batch_idx, epoch_idx, trial_run_id, metric_id) VALUES (?, ?, ?, ?)',
  resultsMetric: 'INSERT INTO RESULTS_METRIC (results_id, metric_id) VALUES (?, ?)',
  experimentArtifact: 'INSERT INTO EXPERIMENT_ARTIFACT (experiment_id, artifact_id) VALUES (?, ?)',
  trialArtifact: 'INSERT INTO TRIAL_ARTIFACT (trial_id, artifact_id) VALUES (?, ?)',
  runArtifact: 'INSERT INTO TRIAL_RUN_ARTIFACT (trial_run_id, artifact_id) VALUES (?, ?)',
  resultsArtifact: 'INSERT INTO RESULTS_ARTIFACT (results_id, artifact_id) VALUES (?, ?)',
  epochArtifact: 'INSERT INTO EPOCH_ARTIFACT (epoch_idx, epoch_trial_run_id, artifact_id) VALUES (?, ?, ?)',
  batchArtifact:
    'INSERT INTO BATCH_ARTIFACT (batch_idx, epoch_idx, trial_run_id, artifact_id) VALUES (?, ?, ?, ?)',
} as const;

type Kind = keyof typeof SQL_TEXT;
type IdTable = 'EXPERIMENT' | 'TRIAL' | 'TRIAL_RUN' | 'METRIC' | 'ARTIFACT';

export class SnapshotWriter {
  private readonly statements = new Map<Kind, Statement>();
  private inTransaction = false;
  /** Last time given for each run, the default RESULTS time (a run ends at its last event). */
  private readonly lastTime = new Map<number, string>();
  private readonly withResults = new Set<number>();
  /** Next AUTOINCREMENT id per table, so inserts need no RETURNING round trip (twice as fast). */
  private readonly nextIds = new Map<IdTable, number>();

  private constructor(private readonly db: Database) {}

  static async create(options: WriterOptions = {}): Promise<SnapshotWriter> {
    // Through Trialbook's loader: sql.js is one module per process, and ingest needs its memory.
    const SQL = (await nodeReaderModules.sqlite()).sql;
    const db = new SQL.Database();
    // Neither journaling nor cache size changes the file's bytes; both only cost time here.
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536');
    db.exec(experimentManagerDDL(options));
    const writer = new SnapshotWriter(db);
    if (options.schemaVersion) {
      const v = options.schemaVersion;
      writer.write('schemaVersion', [v.version, v.migration_name, v.applied_at]);
    }
    return writer;
  }

  experiment(e: { title: string; desc?: string | null; start_time: string; update_time?: string }): number {
    return this.insertId('experiment', 'EXPERIMENT', [e.title, e.desc ?? null, e.start_time, e.update_time ?? e.start_time]);
  }

  trial(experimentId: number, t: { name: string; start_time: string; update_time?: string }): number {
    return this.insertId('trial', 'TRIAL', [t.name, experimentId, t.start_time, t.update_time ?? t.start_time]);
  }

  /** The tracker creates runs as 'started' and never updates them; other tools write other statuses. */
  run(trialId: number, r: { status?: string; start_time: string; update_time?: string }): number {
    const id = this.insertId('run', 'TRIAL_RUN', [trialId, r.status ?? 'started', r.start_time, r.update_time ?? r.start_time]);
    this.lastTime.set(id, r.update_time ?? r.start_time);
    return id;
  }

  /** Does not check that the run exists: foreign keys are never enforced in real files. */
  epoch(runId: number, idx: number, time: string): void {
    this.write('epoch', [idx, runId, time]);
    this.lastTime.set(runId, time);
  }

  batch(runId: number, epochIdx: number, idx: number, time: string): void {
    this.write('batch', [idx, epochIdx, runId, time]);
    this.lastTime.set(runId, time);
  }

  /** Only the METRIC and EPOCH_METRIC rows; the EPOCH row is the caller's, so orphans stay possible. */
  epochMetric(runId: number, epochIdx: number, type: string, totalVal: number | null, perLabelVal?: string | null): number {
    const id = this.metric(type, totalVal, perLabelVal);
    this.write('epochMetric', [epochIdx, runId, id]);
    return id;
  }

  batchMetric(
    runId: number,
    epochIdx: number,
    batchIdx: number,
    type: string,
    totalVal: number | null,
    perLabelVal?: string | null,
  ): number {
    const id = this.metric(type, totalVal, perLabelVal);
    this.write('batchMetric', [batchIdx, epochIdx, runId, id]);
    return id;
  }

  /** Creates the RESULTS row of a run; a second call keeps the first time, as the tracker does. */
  results(runId: number, time: string): void {
    if (this.withResults.has(runId)) return;
    this.write('results', [runId, time]);
    this.withResults.add(runId);
    this.lastTime.set(runId, time);
  }

  /** Like the tracker, the RESULTS row appears on first use; `time` defaults to the run's last time. */
  resultsMetric(runId: number, type: string, totalVal: number | null, perLabelVal?: string | null, time?: string): number {
    this.ensureResults(runId, time);
    const id = this.metric(type, totalVal, perLabelVal);
    this.write('resultsMetric', [runId, id]);
    return id;
  }

  artifact(type: string, loc: string, link: ArtifactLink | null): number {
    const id = this.insertId('artifact', 'ARTIFACT', [type, loc]);
    if (link === null) return id;
    if ('experimentId' in link) this.write('experimentArtifact', [link.experimentId, id]);
    else if ('trialId' in link) this.write('trialArtifact', [link.trialId, id]);
    else if ('runId' in link) this.write('runArtifact', [link.runId, id]);
    else if ('resultsRunId' in link) {
      this.ensureResults(link.resultsRunId);
      this.write('resultsArtifact', [link.resultsRunId, id]);
    } else if ('epoch' in link) this.write('epochArtifact', [link.epoch.idx, link.epoch.runId, id]);
    else this.write('batchArtifact', [link.batch.idx, link.batch.epochIdx, link.batch.runId, id]);
    return id;
  }

  /** Raw SQL for trap cases (orphans, NULLs, odd statuses) inside the same transaction. */
  exec(sql: string, params?: SqlValue[]): void {
    this.begin();
    this.db.run(sql, params);
    // Raw SQL may have inserted rows, so ids are re-read from the database next time.
    this.nextIds.clear();
  }

  /** Commits and returns the SQLite file; writing may continue afterwards. */
  export(): Uint8Array {
    this.commit();
    return this.db.export();
  }

  close(): void {
    this.commit();
    for (const stmt of this.statements.values()) stmt.free();
    this.statements.clear();
    this.db.close();
  }

  private ensureResults(runId: number, time?: string): void {
    if (this.withResults.has(runId)) return;
    const at = time ?? this.lastTime.get(runId);
    if (at === undefined) throw new Error(`no time known for run ${runId}; pass one`);
    this.results(runId, at);
  }

  private metric(type: string, totalVal: number | null, perLabelVal?: string | null): number {
    return this.insertId('metric', 'METRIC', [type, totalVal, perLabelVal ?? null]);
  }

  private statement(kind: Kind): Statement {
    let stmt = this.statements.get(kind);
    if (!stmt) {
      stmt = this.db.prepare(SQL_TEXT[kind]);
      this.statements.set(kind, stmt);
    }
    return stmt;
  }

  // Always reset, even when a constraint fails, so the statement never blocks COMMIT.
  private write(kind: Kind, params: SqlValue[]): void {
    this.begin();
    const stmt = this.statement(kind);
    try {
      stmt.bind(params);
      stmt.step();
    } finally {
      stmt.reset();
    }
  }

  /** Inserts with the id AUTOINCREMENT would pick; sqlite_sequence ends up the same. */
  private insertId(kind: Kind, table: IdTable, params: SqlValue[]): number {
    this.begin();
    const id = this.nextIds.get(table) ?? this.loadNextId(table);
    this.write(kind, [id, ...params]);
    this.nextIds.set(table, id + 1);
    return id;
  }

  // AUTOINCREMENT takes one more than the larger of sqlite_sequence and the largest id.
  private loadNextId(table: IdTable): number {
    const res = this.db.exec(
      `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '${table}'), 0),
                  coalesce((SELECT max(id) FROM ${table}), 0)) + 1`,
    );
    return Number(res[0].values[0][0]);
  }

  // One transaction for everything: per-row autocommit would make large snapshots take minutes.
  private begin(): void {
    if (this.inTransaction) return;
    this.db.exec('BEGIN');
    this.inTransaction = true;
  }

  private commit(): void {
    if (!this.inTransaction) return;
    this.db.exec('COMMIT');
    this.inTransaction = false;
  }
}
