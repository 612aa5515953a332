import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { sqliteToParquetTables } from '../../fixtures/parquet.ts';
import { mean, quantile, relativeError } from '../../fixtures/reference-stats.ts';

const bin = fileURLToPath(new URL('../../../bin/trialbook.js', import.meta.url));
const example = fileURLToPath(new URL('../../../../shared/fixtures/tracker-example.db', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trialbook-cli-'));

function trialbook(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('trialbook inspect', () => {
  it('reports experiments, runs by status and metrics as JSON', async () => {
    const { code, stdout } = await trialbook('inspect', example, '--json');
    expect(code).toBe(0);
    const inspected = JSON.parse(stdout);
    expect(inspected.experiments).toEqual([
      { id: 1, title: 'mnist_baseline', trials: 2, runs: 10, by_status: { completed: 9, failed: 0, incomplete: 1 }, start_time: expect.any(String) },
    ]);
    expect(inspected.runs).toEqual({ total: 10, by_status: { completed: 9, failed: 0, incomplete: 1 } });
    expect(inspected.metrics).toEqual([
      { name: 'test_acc', level: 'results', rows: 9, runs: 9 },
      { name: 'test_loss', level: 'results', rows: 9, runs: 9 },
      { name: 'train_loss', level: 'epoch', rows: 56, runs: 10 },
      { name: 'val_acc', level: 'epoch', rows: 56, runs: 10 },
    ]);
    expect(inspected.label_metrics).toBe(90);
    expect(inspected.warnings).toEqual([]);
  });

  it('reads a folder of per-table Parquet files', async () => {
    const folder = join(dir, 'export');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    for (const file of await sqliteToParquetTables(readFileSync(example))) writeFileSync(join(folder, file.name), file.bytes);
    const { code, stdout } = await trialbook('inspect', folder, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).runs.total).toBe(10);
  });

  it('exits non-zero with one line on stderr for bad input', async () => {
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'just some notes\n');
    const { code, stdout, stderr } = await trialbook('inspect', bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('trialbook inspect: notes.txt is neither a SQLite database nor a Parquet file: it looks like plain text (CSV?). Open the tracker.db that the Experiment Manager writes, or a Parquet export of it.\n');
    const missing = await trialbook('inspect', join(dir, 'nope.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.db: no such file or folder\n$/);
  });
});

describe('trialbook sql', () => {
  it('prints CSV and JSON', async () => {
    const sql = "SELECT trial, count(*) AS runs FROM runs JOIN trials USING (trial_id) GROUP BY trial ORDER BY trial";
    const csv = await trialbook('sql', example, sql, '--format', 'csv');
    expect(csv.stdout).toBe('trial,runs\r\nbatch_gradient,5\r\nperceptron,5\r\n');
    const json = await trialbook('sql', example, sql, '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual([
      { trial: 'batch_gradient', runs: 5 },
      { trial: 'perceptron', runs: 5 },
    ]);
    const table = await trialbook('sql', example, sql);
    expect(table.stdout.split('\n')[0]).toMatch(/^trial\s+runs$/);
  });

  it('reports an SQL error in one line, and SQL cannot reach files', async () => {
    const typo = await trialbook('sql', example, 'SELECT * FROM runz');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe('trialbook sql: Catalog Error: Table with name runz does not exist!\n');
    const file = await trialbook('sql', example, "SELECT * FROM read_csv('/etc/passwd')");
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/file system operations are disabled/);
  });
});

describe('trialbook convert', () => {
  it('writes the flat Parquet file, which loads back with the same counts', async () => {
    const out = join(dir, 'flat.parquet');
    const { code } = await trialbook('convert', example, out);
    expect(code).toBe(0);
    const table = tableFromIPC(parquet.readParquet(new Uint8Array(readFileSync(out))).intoIPCStream());
    expect(table.numRows).toBe(130); // one row per metric value; every run of the example has metrics
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      'experiment_id', 'experiment', 'experiment_start', 'trial_id', 'trial', 'trial_start', 'run_id', 'run_status', 'run_start',
      'level', 'epoch', 'batch', 'metric', 'value', 'time', 'per_label_val',
    ]);
    const inspected = JSON.parse((await trialbook('inspect', out, '--json')).stdout);
    expect(inspected.runs).toEqual({ total: 10, by_status: { completed: 9, failed: 0, incomplete: 1 } });
    expect(inspected.label_metrics).toBe(90);
  });
});

describe('trialbook run', () => {
  const sample = fileURLToPath(new URL('../../../static/sample.db', import.meta.url));

  it('runs the per-trial template: rows, excluded runs and meta, matching an independent computation', async () => {
    const { code, stdout } = await trialbook('run', sample, 'per-trial', '--format', 'json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['rows', 'excluded', 'analyses', 'meta']);
    expect(result.analyses.map((a: { title: string }) => a.title)).toEqual(["test_acc by trial: Welch's t-test, Holm"]);
    expect(Object.keys(result.rows[0])).toEqual(['experiment', 'trial', 'metric', 'count', 'mean', 'std', 'sem', 'median', 'min', 'max', 'p25', 'p75', 'ci95_low', 'ci95_high']);
    expect(result.meta.sql).toMatch(/^WITH scope_runs AS/);
    expect(result.meta.title).toBe('Per-trial test accuracy with 95% confidence intervals');

    // Independently: the raw values per trial, IQR fences by hand, mean of what is left.
    const raw = await trialbook('sql', sample, "SELECT t.trial, m.run_id, m.value FROM metrics m JOIN runs r USING (run_id) JOIN trials t ON t.trial_id = r.trial_id WHERE m.metric = 'test_acc' AND r.status = 'completed'", '--format', 'json');
    const byTrial = new Map<string, { run_id: number; value: number }[]>();
    for (const row of JSON.parse(raw.stdout)) byTrial.set(row.trial, [...(byTrial.get(row.trial) ?? []), row]);
    const expectedExcluded: number[] = [];
    for (const [trial, values] of byTrial) {
      const x = values.map((v) => v.value);
      const [q1, q3] = [quantile(x, 0.25), quantile(x, 0.75)];
      const inside = values.filter((v) => q3 === q1 || (v.value >= q1 - 1.5 * (q3 - q1) && v.value <= q3 + 1.5 * (q3 - q1)));
      expectedExcluded.push(...values.filter((v) => !inside.includes(v)).map((v) => v.run_id));
      const row = result.rows.find((r: { trial: string }) => r.trial === trial);
      expect(row.count, trial).toBe(inside.length);
      expect(relativeError(row.mean, mean(inside.map((v) => v.value))), trial).toBeLessThan(1e-9);
    }
    expect(result.excluded.map((e: { run_id: number }) => e.run_id).sort((a: number, b: number) => a - b)).toEqual(expectedExcluded.sort((a, b) => a - b));
    expect(result.rows.map((r: { mean: number }) => r.mean)).toEqual([...result.rows.map((r: { mean: number }) => r.mean)].sort((a, b) => b - a));
  });

  it.each([
    ['overview', 12, ['experiment', 'metric', 'runs', 'mean', 'std', 'min', 'median', 'max']],
    ['best-epoch', 55, ['experiment_id', 'experiment', 'trial_id', 'trial', 'run_id', 'status', 'metric', 'epoch', 'value']],
    ['training-curves', 12 * 25, ['experiment', 'trial', 'epoch', 'metric', 'runs', 'mean', 'std', 'ci95_low', 'ci95_high']],
  ])('runs the %s template on the sample', async (template, rows, columns) => {
    const { code, stdout, stderr } = await trialbook('run', sample, template, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.rows).toHaveLength(rows);
    expect(Object.keys(result.rows[0])).toEqual(columns);
  });

  it('writes CSV, Parquet and Arrow that read back to the same rows', async () => {
    const spec = join(dir, 'acc.yaml');
    writeFileSync(spec, 'metrics: { names: [test_acc] }\ngroup_by: [experiment]\naggregate: [count, mean]\n');
    const csv = await trialbook('run', sample, spec, '--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toBe('experiment,metric,count,mean');
    expect(csv.stdout.split('\r\n')).toHaveLength(4 + 2);
    const parquetOut = join(dir, 'acc.parquet');
    const written = await trialbook('run', sample, spec, '--format', 'parquet', '--out', parquetOut);
    expect(written.stderr).toBe(`wrote ${parquetOut}: 4 rows, 0 runs excluded\n`);
    const fromParquet = tableFromIPC(parquet.readParquet(new Uint8Array(readFileSync(parquetOut))).intoIPCStream());
    expect(fromParquet.numRows).toBe(4);
    const arrowOut = join(dir, 'acc.arrow');
    await trialbook('run', sample, spec, '--format', 'arrow', '--out', arrowOut);
    const fromArrow = tableFromIPC(readFileSync(arrowOut));
    expect(fromArrow.getChild('mean')?.toArray()).toEqual(fromParquet.getChild('mean')?.toArray());
    const csvMeans = csv.stdout.trim().split('\r\n').slice(1).map((line) => Number(line.split(',')[3]));
    expect(csvMeans).toEqual(Array.from(fromArrow.getChild('mean')!.toArray() as Float64Array));
  });

  it('prints the compiled SQL with --sql, and every problem of a bad spec with exit code 1', async () => {
    const sql = await trialbook('run', sample, 'best-epoch', '--sql');
    expect(sql.stdout).toMatch(/^WITH scope_runs AS \(/);
    expect(sql.stdout).toContain("m.metric IN ('val_loss')");
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'metrics: { names: [tst_acc] }\ngroup_by: [trail]\n');
    const { code, stdout, stderr } = await trialbook('run', sample, bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "trialbook run: The query spec has 2 problems:\n  metrics.names[0]: unknown metric 'tst_acc'; did you mean 'test_acc'?\n  group_by[0]: cannot group by 'trail'; use experiment, trial, run, status, epoch, batch, param:<key>; did you mean 'trial'?\n",
    );
    const missing = await trialbook('run', sample, 'no-such-template');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-template: no such query file or template \(templates: best-epoch, failure-analysis, overview, per-trial, training-curves\)/);
  });
});

describe('trialbook and params', () => {
  const sample = fileURLToPath(new URL('../../../static/sample.db', import.meta.url));

  it('run groups by a param parsed from the sample’s trial names', async () => {
    const spec = join(dir, 'by-lr.yaml');
    writeFileSync(spec, 'experiments: { names: [lr_sweep] }\nmetrics: { names: [test_acc] }\ngroup_by: [param:lr]\naggregate: [count, mean]\n');
    const { code, stdout, stderr } = await trialbook('run', sample, spec, '--format', 'csv');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\r\n');
    expect(lines[0]).toBe('lr,metric,count,mean');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2))).toEqual([['0.001', 'test_acc'], ['0.01', 'test_acc'], ['0.1', 'test_acc']]);
  });

  it('inspect shows the params, labelled as parsed from trial names, in text and JSON', async () => {
    const text = await trialbook('inspect', sample);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('\n1 param, parsed from trial names:\n  lr: 3 values in 3 trials (parsed from trial names)\n');
    const json = JSON.parse((await trialbook('inspect', sample, '--json')).stdout);
    expect(json.params).toEqual([{ key: 'lr', trials: 3, values: 3, source: 'trial name' }]);
  });

  it('inspect reads params files given as arguments, and from a folder and its configs/ subfolder', async () => {
    const params = join(dir, 'params.csv');
    writeFileSync(params, 'trial,lr,optimizer\nperceptron,0.1,sgd\nbatch_gradient,0.01,sgd\nmissing,1,x\n');
    const named = await trialbook('inspect', example, params, '--json');
    expect(named.code).toBe(0);
    const inspected = JSON.parse(named.stdout);
    expect(inspected.params).toEqual([
      { key: 'lr', trials: 2, values: 2, source: 'params.csv' },
      { key: 'optimizer', trials: 2, values: 1, source: 'params.csv' },
    ]);
    expect(inspected.warnings).toEqual(['params.csv: 1 row names a trial the snapshot does not have (missing); its params were not loaded. Trials are matched by their exact name, or by id.']);

    const { mkdirSync } = await import('node:fs');
    const folder = join(dir, 'with-configs');
    mkdirSync(join(folder, 'configs'), { recursive: true });
    for (const file of await sqliteToParquetTables(readFileSync(example))) writeFileSync(join(folder, file.name), file.bytes);
    writeFileSync(join(folder, 'configs', 'perceptron.yaml'), 'optimizer:\n  lr: 0.1\n');
    writeFileSync(join(folder, 'configs', 'batch_gradient.json'), '{"optimizer": {"lr": 0.01}}');
    const text = await trialbook('inspect', folder);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('\n1 param:\n  optimizer.lr: 1 value in 1 trial (from configs/batch_gradient.json)\n  optimizer.lr: 1 value in 1 trial (from configs/perceptron.yaml)\n');
  });

  it('a params file alone, or one that cannot be read, is bad input named in one line', async () => {
    const params = join(dir, 'alone.json');
    writeFileSync(params, '{"lr": 0.1}');
    const alone = await trialbook('inspect', params);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/^trialbook inspect: alone\.json: params files need a snapshot: drop them together with tracker\.db/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"trial": "perceptron",\n  "lr": 0.1,\n}');
    const bad = await trialbook('inspect', example, broken);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`trialbook inspect: broken.json is not valid JSON: line 3, column 1: unexpected "}"; a property name in double quotes was expected. Fix it, or open the snapshot without it.\n`);
  });
});
