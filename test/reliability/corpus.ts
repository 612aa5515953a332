// The bad-input corpus (issue 9): every kind of broken, odd or hostile file a user may drop,
// built from code at test time. Each case says what must happen: it loads (with the counts and
// values the builder wrote) or it is refused with a message naming the problem.
import * as parquet from 'parquet-wasm/node';
import { createNodeEngine } from '../../src/engine/node.ts';
import { nodeReaderModules } from '../../src/ingest/node-readers.ts';
import type { NamedFile } from '../../src/ingest/parquet.ts';
import { tableToParquet } from '../../src/result/export/parquet.ts';
import { FLAT_EXPORT_SQL } from '../../src/snapshot/flat-export.ts';
import { SnapshotWriter } from '../../src/sample/writer.ts';
import { sqliteToParquetTables } from '../fixtures/parquet.ts';
import { load } from '../fixtures/engine.ts';
import { flipBits, sqlitePageSize } from './corpus-bytes.ts';

export interface Counts {
  experiments: number;
  trials: number;
  runs: number;
  metrics: number;
}

/** A query over the loaded canonical tables and the rows it must give. */
export interface ValueCheck {
  sql: string;
  rows: Record<string, unknown>[];
}

export interface CorpusCase {
  name: string;
  description: string;
  files: NamedFile[];
  expect: 'loads' | 'refused';
  /** For refusals: what the message must say. */
  mention?: RegExp;
  counts?: Counts;
  values?: ValueCheck[];
  /** Warnings a load must give (each matched by one warning). */
  warnings?: RegExp[];
}

export const HOSTILE_TRIAL = '<img src=x onerror=alert(1)>';
export const LONG_NAME = 'x'.repeat(9_990) + '_long_name';
export const RTL_TRIAL = 'تجربة_معدل_التعلم';
export const EMOJI_EXPERIMENT = '🧪 sweep 🚀';
export const COMBINING_METRIC = 'acc\u0301\u0323_e\u0308';

const T0 = '2026-03-01T09:00:00';
const at = (minutes: number) => `2026-03-01T${String(9 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

/** The well-formed snapshot the damaged cases start from: big enough for several pages. */
export const BASE_COUNTS: Counts = { experiments: 1, trials: 2, runs: 6, metrics: 6 * 20 * 2 + 6 };

async function baseWriter(): Promise<SnapshotWriter> {
  const w = await SnapshotWriter.create();
  const experiment = w.experiment({ title: 'baseline', start_time: T0 });
  for (const name of ['lr_0.1', 'lr_0.01']) {
    const trial = w.trial(experiment, { name, start_time: T0 });
    for (let r = 0; r < 3; r++) {
      const run = w.run(trial, { start_time: T0 });
      for (let epoch = 0; epoch < 20; epoch++) {
        w.epoch(run, epoch, at(epoch + 1));
        w.epochMetric(run, epoch, 'val_loss', 1 / (epoch + 1) + r / 100);
        w.epochMetric(run, epoch, 'train_loss', 1.5 / (epoch + 1));
      }
      w.resultsMetric(run, 'test_acc', 0.8 + r / 100);
    }
  }
  return w;
}

async function base(): Promise<Uint8Array> {
  return (await baseWriter()).export();
}

/** A small snapshot written by `fill`, on a fresh writer. */
async function written(fill: (w: SnapshotWriter) => void, options: Parameters<typeof SnapshotWriter.create>[0] = {}): Promise<Uint8Array> {
  const w = await SnapshotWriter.create(options);
  fill(w);
  return w.export();
}

/** Table -> root page number, to damage one table's page on purpose. */
async function rootPage(bytes: Uint8Array, table: string): Promise<number> {
  const { sql } = await nodeReaderModules.sqlite();
  const db = new sql.Database(bytes);
  try {
    return Number(db.exec(`SELECT rootpage FROM sqlite_master WHERE name = '${table}'`)[0].values[0][0]);
  } finally {
    db.close();
  }
}

/** The flat Parquet file `trialbook convert` writes for these SQLite bytes. */
async function flatParquet(bytes: Uint8Array): Promise<Uint8Array> {
  const engine = await createNodeEngine();
  try {
    await load(engine, { name: 'tracker.db', bytes });
    return tableToParquet(await engine.query(FLAT_EXPORT_SQL), parquet);
  } finally {
    await engine.close();
  }
}

const refused = (name: string, description: string, files: NamedFile[], mention: RegExp): CorpusCase => ({ name, description, files, expect: 'refused', mention });
const db = (name: string, bytes: Uint8Array): NamedFile[] => [{ name, bytes }];

/** Damaged copies of a good file: cut short, or with bits flipped. */
export async function damagedCases(): Promise<CorpusCase[]> {
  const good = await base();
  const page = sqlitePageSize(good);
  const runsPage = (await rootPage(good, 'TRIAL_RUN')) - 1;
  const tables = await sqliteToParquetTables(good);
  const runs = tables.find((file) => file.name === 'TRIAL_RUN.parquet')!;
  const others = tables.filter((file) => file !== runs);
  const flat = await flatParquet(good);
  const cut = (bytes: Uint8Array, length: number) => bytes.slice(0, length);
  const sqliteCut = /could not be read as SQLite.*damaged or was cut short/;
  return [
    refused('cut-header.db', 'SQLite cut inside its 100-byte header', db('cut-header.db', cut(good, 60)), sqliteCut),
    refused('cut-page1.db', 'SQLite cut after its first page (the schema)', db('cut-page1.db', cut(good, page)), sqliteCut),
    refused('cut-half.db', 'SQLite cut at half its length, mid-page', db('cut-half.db', cut(good, Math.floor(good.length / 2) + 123)), sqliteCut),
    refused('cut-last-page.db', 'SQLite missing only its last page', db('cut-last-page.db', cut(good, good.length - page)), sqliteCut),
    refused('flip-header.db', 'SQLite with seeded bit flips in the page size and format bytes of its header', db('flip-header.db', flipBits(good, 9, 16, 24, 3)), sqliteCut),
    refused('flip-page.db', "SQLite with seeded bit flips in the b-tree header of TRIAL_RUN's page", db('flip-page.db', flipBits(good, 7, runsPage * page, runsPage * page + 8, 4)), sqliteCut),
    refused('cut-tables', 'per-table Parquet with TRIAL_RUN.parquet cut at half', [...others, { name: runs.name, bytes: cut(runs.bytes, Math.floor(runs.bytes.length / 2)) }], /TRIAL_RUN\.parquet starts like a Parquet file but its end is missing/),
    refused('flip-tables', "per-table Parquet with bits flipped in TRIAL_RUN.parquet's footer", [...others, { name: runs.name, bytes: flipBits(runs.bytes, 3, runs.bytes.length - 60, runs.bytes.length - 8, 6) }], /TRIAL_RUN\.parquet could not be read as Parquet/),
    refused('cut-flat.parquet', 'flat Parquet cut at two thirds', db('cut-flat.parquet', cut(flat, Math.floor((flat.length * 2) / 3))), /cut-flat\.parquet starts like a Parquet file but its end is missing/),
    refused('flip-flat.parquet', 'flat Parquet with bits flipped in its footer', db('flip-flat.parquet', flipBits(flat, 5, flat.length - 80, flat.length - 8, 6)), /flip-flat\.parquet could not be read as Parquet/),
  ];
}

/** Files that are not snapshots, or snapshots without what the model needs. */
export async function foreignCases(): Promise<CorpusCase[]> {
  const { sql } = await nodeReaderModules.sqlite();
  const firefox = new sql.Database();
  firefox.exec(`CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER DEFAULT 0);
    CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER, visit_date INTEGER);
    INSERT INTO moz_places (url, title, visit_count) VALUES ('https://example.org/', 'Example', 3);`);
  const places = firefox.export();
  firefox.close();
  const noTrial = await written((w) => w.exec('DROP TABLE TRIAL'));
  const noStatus = await written((w) => w.exec('ALTER TABLE TRIAL_RUN DROP COLUMN status'));
  return [
    refused('empty.db', 'a file of zero bytes', db('empty.db', new Uint8Array(0)), /empty\.db is neither a SQLite database nor a Parquet file: it is empty/),
    refused('places.sqlite', "another application's SQLite database (a Firefox-like history)", db('places.sqlite', places), /no EXPERIMENT, no TRIAL, no TRIAL_RUN table: places\.sqlite is not an Experiment Manager snapshot \(SQLite\); found tables: MOZ_HISTORYVISITS, MOZ_PLACES/),
    refused('no-trial.db', 'a snapshot without its TRIAL table', db('no-trial.db', noTrial), /no TRIAL table: no-trial\.db is not an Experiment Manager snapshot/),
    refused('no-status.db', 'a snapshot whose TRIAL_RUN lacks the status column', db('no-status.db', noStatus), /no-status\.db looks like an Experiment Manager snapshot but TRIAL_RUN lacks status/),
  ];
}

/** Snapshots that are odd but whole: each loads, with exactly what was written. */
export async function oddCases(): Promise<CorpusCase[]> {
  const loads = (name: string, description: string, bytes: Uint8Array, counts: Counts, values: ValueCheck[] = [], warnings: RegExp[] = []): CorpusCase => ({
    name, description, files: db(name, bytes), expect: 'loads', counts, values, warnings,
  });
  const one = (w: SnapshotWriter, title = 'e') => w.trial(w.experiment({ title, start_time: T0 }), { name: 't', start_time: T0 });

  const zero = await written(() => {});
  const orphans = await written((w) => {
    const run = w.run(one(w), { start_time: T0 });
    w.epoch(run, 0, at(1));
    w.epochMetric(run, 0, 'val_loss', 0.5);
    w.run(99, { start_time: T0 });
    w.epochMetric(77, 0, 'val_loss', 0.25);
  });
  const nonFinite = await written((w) => {
    const run = w.run(one(w), { start_time: T0 });
    w.results(run, at(5));
    [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null].forEach((value, i) => w.resultsMetric(run, `m${i}`, value));
  }, { nullableTotalVal: true });
  const hostile = await written((w) => {
    const experiment = w.experiment({ title: EMOJI_EXPERIMENT, start_time: T0 });
    for (const name of [HOSTILE_TRIAL, LONG_NAME, RTL_TRIAL]) {
      const run = w.run(w.trial(experiment, { name, start_time: T0 }), { start_time: T0 });
      for (let epoch = 0; epoch < 3; epoch++) {
        w.epoch(run, epoch, at(epoch + 1));
        w.epochMetric(run, epoch, 'val_loss', 1 / (epoch + 1));
        w.epochMetric(run, epoch, COMBINING_METRIC, epoch / 10);
      }
      w.resultsMetric(run, 'test_acc', 0.9);
    }
  });
  const noRuns = await written((w) => {
    w.trial(w.experiment({ title: 'idle', start_time: T0 }), { name: 'never_ran', start_time: T0 });
    const run = w.run(one(w, 'busy'), { start_time: T0 });
    w.resultsMetric(run, 'test_acc', 0.75, null, at(3));
  });
  const silent = await written((w) => {
    const run = w.run(one(w), { start_time: T0 });
    for (let epoch = 0; epoch < 3; epoch++) w.epoch(run, epoch, at(epoch + 1));
  });
  const names = 'SELECT e.title, t.trial FROM trials t JOIN experiments e USING (experiment_id) ORDER BY t.trial_id';
  return [
    loads('zero-rows.db', 'a valid snapshot with every table empty', zero, { experiments: 0, trials: 0, runs: 0, metrics: 0 }),
    loads('orphans.db', 'a run of a trial that does not exist, a metric of a run that does not exist', orphans, { experiments: 1, trials: 1, runs: 2, metrics: 2 },
      [{ sql: 'SELECT run_id, trial_id, experiment_id FROM runs ORDER BY run_id', rows: [{ run_id: 1, trial_id: 1, experiment_id: 1 }, { run_id: 2, trial_id: 99, experiment_id: null }] },
       { sql: 'SELECT run_id, value FROM metrics ORDER BY run_id', rows: [{ run_id: 1, value: 0.5 }, { run_id: 77, value: 0.25 }] }],
      [/^1 run belongs to no trial in the file/, /^1 metric value belongs to no run in the file/]),
    // SQLite stores a bound NaN as NULL; ±Infinity are REALs and stay what they are.
    loads('non-finite.db', 'metric values NaN, +Infinity, -Infinity and NULL', nonFinite, { experiments: 1, trials: 1, runs: 1, metrics: 4 },
      [{ sql: 'SELECT metric, value FROM metrics ORDER BY metric', rows: [{ metric: 'm0', value: null }, { metric: 'm1', value: Infinity }, { metric: 'm2', value: -Infinity }, { metric: 'm3', value: null }] }],
      [/^2 metric values have no total value/]),
    loads('hostile-names.db', 'a 10,000-character trial name, HTML, right-to-left text, emoji and combining marks in names', hostile, { experiments: 1, trials: 3, runs: 3, metrics: 21 },
      [{ sql: names, rows: [HOSTILE_TRIAL, LONG_NAME, RTL_TRIAL].map((trial) => ({ title: EMOJI_EXPERIMENT, trial })) },
       { sql: `SELECT DISTINCT metric FROM metrics WHERE level = 'epoch' ORDER BY metric`, rows: [{ metric: COMBINING_METRIC }, { metric: 'val_loss' }] }]),
    loads('no-runs.db', 'an experiment whose only trial never ran', noRuns, { experiments: 2, trials: 2, runs: 1, metrics: 1 },
      [{ sql: 'SELECT e.title, count(r.run_id) AS runs FROM experiments e LEFT JOIN runs r USING (experiment_id) GROUP BY e.title ORDER BY e.title', rows: [{ title: 'busy', runs: 1 }, { title: 'idle', runs: 0 }] }]),
    loads('epochs-no-metrics.db', 'a run with three epochs and no metric at all', silent, { experiments: 1, trials: 1, runs: 1, metrics: 0 },
      [{ sql: 'SELECT epochs, status, duration_s FROM runs', rows: [{ epochs: 3, status: 'incomplete', duration_s: 180 }] }]),
  ];
}

/** Edited files: values of the wrong type, ids that repeat. */
export async function editedCases(): Promise<CorpusCase[]> {
  const textValue = await written((w) => {
    const run = w.trial(w.experiment({ title: 'e', start_time: T0 }), { name: 't', start_time: T0 });
    w.resultsMetric(w.run(run, { start_time: T0 }), 'test_acc', 0.5, null, at(1));
    w.exec("UPDATE METRIC SET total_val = 'abc'");
  });
  const textId = await written((w) => {
    w.trial(w.experiment({ title: 'e', start_time: T0 }), { name: 't', start_time: T0 });
    w.exec("UPDATE TRIAL SET experiment_id = 'abc'");
  });
  const duplicate = await written((w) => {
    const trial = w.trial(w.experiment({ title: 'e', start_time: T0 }), { name: 't', start_time: T0 });
    // An edited file: TRIAL_RUN re-created without its primary key, so an id can repeat.
    w.exec('DROP TABLE TRIAL_RUN');
    w.exec('CREATE TABLE TRIAL_RUN (id INT, trial_id INT NOT NULL, status VARCHAR(50) NOT NULL, start_time TEXT NOT NULL, update_time TEXT NOT NULL)');
    w.exec(`INSERT INTO TRIAL_RUN VALUES (1, ${trial}, 'started', '${T0}', '${T0}'), (1, ${trial}, 'failed', '${T0}', '${T0}')`);
    w.epoch(1, 0, at(1));
    w.epochMetric(1, 0, 'val_loss', 0.5);
  });
  return [
    refused('text-total-val.db', "the text 'abc' in METRIC.total_val", db('text-total-val.db', textValue), /text-total-val\.db: METRIC\.total_val holds the text 'abc'/),
    refused('text-id.db', "the text 'abc' in TRIAL.experiment_id", db('text-id.db', textId), /text-id\.db: TRIAL\.experiment_id holds the text 'abc'/),
    refused('duplicate-ids.db', 'two TRIAL_RUN rows with id 1', db('duplicate-ids.db', duplicate), /duplicate-ids\.db: TRIAL_RUN\.id 1 is used by 2 rows/),
  ];
}

export async function buildCorpus(): Promise<CorpusCase[]> {
  return [...(await damagedCases()), ...(await foreignCases()), ...(await oddCases()), ...(await editedCases())];
}
