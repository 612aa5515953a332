import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Engine } from '../../../src/engine/engine.ts';
import type { NamedFile } from '../../../src/ingest/parquet.ts';
import { readCatalog } from '../../../src/query/catalog.ts';
import { runQuery } from '../../../src/query/run.ts';
import { plainRows } from '../../../src/result/values.ts';
import { SnapshotWriter } from '../../../src/sample/writer.ts';
import { readOverview } from '../../../src/snapshot/overview.ts';
import { createNodeEngine, load, rows, scalar } from '../../fixtures/engine.ts';
import { sqliteToParquetTables } from '../../fixtures/parquet.ts';

/** The sample's trials: lr=0.1 (#1), lr=0.01 (#2), lr=0.001 (#3), mlp_baseline (#4), resnet18 (#5), vit_tiny (#6), no_aug (#7), flip_crop (#8), randaugment (#9), sgd_momentum (#10), adam (#11), adamw (#12); runs 1–60, five per trial in order. */
const sample: NamedFile = { name: 'sample.db', bytes: new Uint8Array(readFileSync(new URL('../../../static/sample.db', import.meta.url))) };
const example: NamedFile = { name: 'tracker-example.db', bytes: new Uint8Array(readFileSync(new URL('../../../../shared/fixtures/tracker-example.db', import.meta.url))) };
const file = (name: string, content: string): NamedFile => ({ name, bytes: new TextEncoder().encode(content) });

type ParamRow = { trial_id: number | null; run_id: number | null; key: string; value: string | null; value_num: number | null; source: string };
const params = (engine: Engine, where = 'true') => rows<ParamRow>(engine, `SELECT * FROM params WHERE ${where} ORDER BY trial_id, run_id NULLS FIRST, key, source`);

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('without params files: parsed from trial names', () => {
  it('gives the sample an lr for its lr_sweep trials, labelled as parsed', async () => {
    const report = await load(engine, sample);
    expect(report.paramsFiles).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(await params(engine)).toEqual([
      { trial_id: 1, run_id: null, key: 'lr', value: '0.1', value_num: 0.1, source: 'trial name' },
      { trial_id: 2, run_id: null, key: 'lr', value: '0.01', value_num: 0.01, source: 'trial name' },
      { trial_id: 3, run_id: null, key: 'lr', value: '0.001', value_num: 0.001, source: 'trial name' },
    ]);
    expect((await readOverview(engine)).params).toEqual([{ key: 'lr', trials: 3, values: 3, source: 'trial name' }]);
  });

  it('makes group_by: [param:lr] work end to end, matching a plain SQL computation', async () => {
    await load(engine, sample);
    const result = await runQuery(engine, { experiments: { names: ['lr_sweep'] }, metrics: { names: ['test_acc'] }, group_by: ['param:lr'], aggregate: ['count', 'mean'] }, { catalog: await readCatalog(engine) });
    const expected = await rows<{ lr: string; count: number; mean: number }>(engine, `
      SELECT substr(t.trial, 4) AS lr, count(*)::INTEGER AS count, avg(m.value) AS mean
      FROM metrics m JOIN runs r USING (run_id) JOIN trials t ON t.trial_id = r.trial_id
      WHERE m.metric = 'test_acc' AND r.status = 'completed' AND t.experiment_id = 1 GROUP BY t.trial ORDER BY lr`);
    const got = plainRows(result.rows) as { lr: string; count: number; mean: number }[];
    expect(got.map((row) => row.lr)).toEqual(['0.001', '0.01', '0.1']);
    for (const [i, row] of got.entries()) {
      expect(row.count).toBe(Number(expected[i].count));
      expect(Math.abs(row.mean - expected[i].mean)).toBeLessThan(1e-12);
    }
  });

  it('parses names in every layout (per-table Parquet here)', async () => {
    const writer = await SnapshotWriter.create();
    const experiment = writer.experiment({ title: 'sweep', start_time: '2026-01-01T00:00:00' });
    for (const name of ['lr_0.01__bs_64', 'lr=0.1,bs=128', 'baseline']) writer.run(writer.trial(experiment, { name, start_time: '2026-01-01T00:00:00' }), { start_time: '2026-01-01T00:00:00' });
    await load(engine, await sqliteToParquetTables(writer.export()));
    expect((await params(engine)).map((p) => [p.trial_id, p.key, p.value])).toEqual([[1, 'bs', '64'], [1, 'lr', '0.01'], [2, 'bs', '128'], [2, 'lr', '0.1']]);
  });
});

describe('params files dropped with the snapshot', () => {
  let report: Awaited<ReturnType<typeof load>>;
  beforeAll(async () => {
    report = await load(engine, [
      sample,
      // 1. a file named after its trial, by name or by id
      file('configs/lr=0.01.yaml', 'optimizer:\n  lr: 0.01\n  momentum: 0.9\nlayers: [64, 32]\n'),
      file('5.json', '{"depth": 18}'),
      // 2. objects that say which trial they are for (trial, trial_name, trial_id; the Experiment Manager's name + settings)
      file('adam.yaml', 'trial: adam\nlr: 0.001\n'),
      file('adamw.json', '{"trial_id": 12, "wd": 0.05}'),
      file('aug.json', '[{"trial_name": "no_aug", "aug": "none"}, {"trial": "flip_crop", "aug": "flip"}]'),
      file('trials.yaml', '- name: randaugment\n  id: 1\n  repeat: 3\n  settings:\n    aug: randaugment\n    magnitude: 9\n'),
      // 3. an object keyed by trial names or ids
      file('keyed.json', '{"mlp_baseline": {"hidden": [256]}, "6": {"patch": 4}}'),
      // 4. CSV: a trial column, one column per param; a run_id column maps rows to runs
      file('params.csv', 'trial,lr,bs\r\nlr=0.1,0.1,128\r\nsgd_momentum,0.05,\r\nlr=0.5,0.5,1\r\nlr=0.9,0.9,1\r\n'),
      file('runs.csv', 'run_id,seed\n1,11\n2,12\n99999,13\n'),
    ]);
  });

  it('maps each form to its trials, with the file as source', async () => {
    expect(report.files).toEqual(['sample.db', 'configs/lr=0.01.yaml', '5.json', 'adam.yaml', 'adamw.json', 'aug.json', 'trials.yaml', 'keyed.json', 'params.csv', 'runs.csv']);
    expect(report.paramsFiles).toHaveLength(9);
    expect((await params(engine)).map(({ trial_id, run_id, key, value, value_num, source }) => `${trial_id}/${run_id ?? '-'} ${key}=${value} (${value_num}) ${source}`)).toEqual([
      '1/- bs=128 (128) params.csv',
      '1/- lr=0.1 (0.1) params.csv',
      '1/1 seed=11 (11) runs.csv',
      '1/2 seed=12 (12) runs.csv',
      '2/- layers=[64,32] (null) configs/lr=0.01.yaml',
      '2/- optimizer.lr=0.01 (0.01) configs/lr=0.01.yaml',
      '2/- optimizer.momentum=0.9 (0.9) configs/lr=0.01.yaml',
      '4/- hidden=[256] (null) keyed.json',
      '5/- depth=18 (18) 5.json',
      '6/- patch=4 (4) keyed.json',
      '7/- aug=none (null) aug.json',
      '8/- aug=flip (null) aug.json',
      '9/- aug=randaugment (null) trials.yaml',
      '9/- magnitude=9 (9) trials.yaml',
      '10/- lr=0.05 (0.05) params.csv',
      '11/- lr=0.001 (0.001) adam.yaml',
      '12/- wd=0.05 (0.05) adamw.json',
    ]);
  });

  it('does not parse trial names when params files are given', async () => {
    expect(await scalar(engine, "SELECT count(*) FROM params WHERE source = 'trial name'")).toBe(0);
  });

  it('warns about rows and runs the snapshot does not have, naming the file', () => {
    expect(report.warnings).toEqual([
      'params.csv: 2 rows name trials the snapshot does not have (lr=0.5, lr=0.9); their params were not loaded. Trials are matched by their exact name, or by id.',
      'runs.csv: 1 row names a run the snapshot does not have (run 99999); its params were not loaded. Runs are matched by run_id (TRIAL_RUN id).',
    ]);
  });

  it('lists the params with their sources in the overview', async () => {
    const overview = await readOverview(engine);
    expect(overview.params).toContainEqual({ key: 'lr', trials: 1, values: 1, source: 'adam.yaml' });
    expect(overview.params).toContainEqual({ key: 'lr', trials: 2, values: 2, source: 'params.csv' });
    expect(overview.params).toContainEqual({ key: 'seed', trials: 1, values: 2, source: 'runs.csv' });
    expect(overview.params).toContainEqual({ key: 'aug', trials: 2, values: 2, source: 'aug.json' });
  });

  it('groups by a run’s own param', async () => {
    const result = await runQuery(engine, { trials: { ids: [1] }, metrics: { names: ['test_acc'] }, runs: { status: 'any' }, group_by: ['param:seed'], aggregate: ['runs'] }, { catalog: await readCatalog(engine) });
    const others = Number(await scalar(engine, "SELECT count(DISTINCT run_id) FROM metrics WHERE metric = 'test_acc' AND run_id IN (3, 4, 5)"));
    expect(plainRows(result.rows).map((row) => [row.seed, row.runs])).toEqual([['11', 1], ['12', 1], [null, others]]);
  });
});

describe('what cannot be matched is said, never dropped silently', () => {
  it.each(([
    [file('params.json', '{"lr": 1, "bs": 2}'), "params.json could not be matched to trials, so its params were not loaded: its name (params) is no trial's name or id, it has no trial, trial_name, trial_id or run_id key, and none of its keys is a trial's name or id. Name the file after its trial (lr=0.1.yaml), add a trial: key, or key its params by trial name."],
    [file('one.yaml', 'trial: lr=0.5\nlr: 0.5\n'), 'one.yaml names a trial the snapshot does not have (lr=0.5); its params were not loaded. Trials are matched by their exact name, or by id.'],
    [file('list.yaml', '- trial: adam\n  lr: 0.1\n- lr: 0.2\n- 3\n'), 'list.yaml: 1 item has no trial, trial_name, trial_id or run_id (item 2); its params were not loaded. Say which trial each one is for.'],
    [file('list.yaml', '- trial: adam\n  lr: 0.1\n- 3\n'), 'list.yaml: 1 item is not a set of params (key: value) and was skipped (item 2).'],
    [file('keyed.json', '{"adam": {"lr": 1}, "adamw": 5, "zzz": {"lr": 2}}'), 'keyed.json: 1 entry names a trial the snapshot does not have (zzz); its params were not loaded. Trials are matched by their exact name, or by id.'],
    [file('keyed.json', '{"adam": {"lr": 1}, "adamw": 5}'), 'keyed.json: 1 entry is not a set of params (key: value) and was skipped (adamw).'],
    [file('rows.csv', 'trial,lr\nadam,0.1\n,0.2\n'), 'rows.csv: 1 row has no trial, trial_name, trial_id or run_id (line 3); its params were not loaded. Say which trial each one is for.'],
    [file('semi.csv', 'trial;lr\nadam;0.1\n'), 'semi.csv has no trial, trial_name, trial_id or run_id column (it seems to separate fields with semicolons; Trialbook reads comma-separated values), so its rows could not be matched to trials and were not loaded. Add one: trial,lr,batch_size …'],
    [file('empty.json', '  \n'), 'empty.json is empty; it gave no params.'],
    [file('scalar.yaml', '42\n'), 'scalar.yaml holds a single value, not params (key: value); it gave none.'],
  ] as [NamedFile, string][]).map(([params, warning]) => [params.name, params, warning] as const))('%s', async (_name, params, warning) => {
    const report = await load(engine, [sample, params]);
    expect(report.warnings).toContain(warning);
  });

  it('reads a file keyed by trials as such, even when the file is named after a trial', async () => {
    await load(engine, [sample, file('adam.json', '{"adam": {"lr": 0.001}, "adamw": {"lr": 0.002}}')]);
    expect((await params(engine)).map((p) => [p.trial_id, p.key, p.value])).toEqual([[11, 'lr', '0.001'], [12, 'lr', '0.002']]);
  });

  it('keeps the first of two different values for the same param, and says so', async () => {
    const report = await load(engine, [sample, file('a.yaml', 'trial: adam\nlr: 0.001\nbs: 64\n'), file('b.csv', 'trial,lr,bs\nadam,0.002,64\n')]);
    expect(await params(engine)).toEqual([
      { trial_id: 11, run_id: null, key: 'bs', value: '64', value_num: 64, source: 'a.yaml' },
      { trial_id: 11, run_id: null, key: 'lr', value: '0.001', value_num: 0.001, source: 'a.yaml' },
    ]);
    expect(report.warnings).toEqual(['1 param is given twice with different values; the first value is kept: lr of trial adam (#11): 0.001 (a.yaml), not 0.002 (b.csv).']);
  });
});

describe('trial names shared by several experiments', () => {
  let shared: NamedFile;
  beforeAll(async () => {
    const writer = await SnapshotWriter.create();
    for (const title of ['first', 'second']) {
      const experiment = writer.experiment({ title, start_time: '2026-01-01T00:00:00' });
      writer.run(writer.trial(experiment, { name: 'base', start_time: '2026-01-01T00:00:00' }), { start_time: '2026-01-01T00:00:00' });
    }
    shared = { name: 'shared.db', bytes: writer.export() };
  });

  it('a file named after the trial applies to each; an experiment column narrows a row down', async () => {
    await load(engine, [shared, file('base.yaml', 'dropout: 0.1\n'), file('p.csv', 'experiment,trial,lr\nsecond,base,0.5\n2,base,0.5\n')]);
    expect((await params(engine)).map((p) => [p.trial_id, p.key, p.value])).toEqual([[1, 'dropout', '0.1'], [2, 'dropout', '0.1'], [2, 'lr', '0.5']]);
  });
});

describe('a params file that cannot be read', () => {
  it('fails the whole load with its name and line, and the snapshot open before stays', async () => {
    await load(engine, [sample, file('adam.yaml', 'trial: adam\nlr: 0.001\n')]);
    const before = await params(engine);
    expect(before).toHaveLength(1);
    const error = await load(engine, [example, file('broken.yaml', 'trial: perceptron\nlr: [0.1\n')]).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^broken\.yaml is not valid YAML: line \d+, column \d+: .*Fix it, or open the snapshot without it\.$/);
    expect(await scalar(engine, 'SELECT count(*) FROM trials')).toBe(12);
    expect(await scalar(engine, 'SELECT count(*) FROM runs')).toBe(60);
    expect(await params(engine)).toEqual(before);
    expect(await scalar(engine, "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'staging_%'")).toBe(0);
  });

  it('params files alone are refused, and the snapshot open before stays', async () => {
    await expect(load(engine, [file('params.json', '{}')])).rejects.toThrow('params.json: params files need a snapshot: drop them together with tracker.db');
    expect(await scalar(engine, 'SELECT count(*) FROM runs')).toBe(60);
  });
});
