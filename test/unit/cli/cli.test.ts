import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { sqliteToParquetTables } from '../../fixtures/parquet.ts';

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
