import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { QuerySpecError } from '../../src/query/problems.ts';
import { runQuery } from '../../src/query/run.ts';
import { parseQueryYAML } from '../../src/query/yaml.ts';
import { createNodeEngine, load, rows } from '../fixtures/engine.ts';
import { flipBits } from './corpus-bytes.ts';
import { buildCorpus, type CorpusCase, type Counts } from './corpus.ts';

const cases = await buildCorpus();
const example = { name: 'tracker-example.db', bytes: new Uint8Array(readFileSync(new URL('../../../shared/fixtures/tracker-example.db', import.meta.url))) };
const EXAMPLE_COUNTS: Counts = { experiments: 1, trials: 2, runs: 10, metrics: 130 };
const templates = readdirSync('queries').map((file) => ({ file, spec: parseQueryYAML(readFileSync(join('queries', file), 'utf8')) }));

let engine: Engine;
/** Which snapshot the shared engine holds, so the example is reloaded only after a case replaced it. */
let holding = '';

beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

async function counts(): Promise<Counts> {
  const [row] = await rows<Record<keyof Counts, bigint>>(
    engine,
    'SELECT (SELECT count(*) FROM experiments) AS experiments, (SELECT count(*) FROM trials) AS trials, (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM metrics) AS metrics',
  );
  return { experiments: Number(row.experiments), trials: Number(row.trials), runs: Number(row.runs), metrics: Number(row.metrics) };
}

async function holdExample() {
  if (holding !== example.name) await load(engine, example);
  holding = example.name;
}

/** Every template runs: a metric the snapshot lacks may be a spec problem, nothing worse. */
async function expectTemplatesRun() {
  for (const { file, spec } of templates) {
    const outcome = await runQuery(engine, spec).catch((error: unknown) => error);
    if (outcome instanceof Error) expect(outcome, `${file}: ${outcome.message}`).toBeInstanceOf(QuerySpecError);
  }
}

describe.each(cases.filter((c) => c.expect === 'refused'))('refused: $name', (c: CorpusCase) => {
  it(`${c.description}: the message names the problem, and the snapshot open before still answers`, async () => {
    await holdExample();
    const error = await load(engine, c.files).then(() => null, (e: Error) => e);
    expect(error, 'it loaded').toBeInstanceOf(Error);
    expect(error!.message).toMatch(c.mention!);
    expect(await counts()).toEqual(EXAMPLE_COUNTS);
    expect(await rows(engine, "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'staging_%'")).toEqual([]);
    expect(await rows(engine, "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'loading_%'")).toEqual([]);
  });
});

describe.each(cases.filter((c) => c.expect === 'loads'))('loads: $name', (c: CorpusCase) => {
  it(`${c.description}: the counts and values written, warnings, and every template runs`, async () => {
    await holdExample();
    const report = await load(engine, c.files);
    holding = c.name;
    expect(await counts()).toEqual(c.counts);
    for (const check of c.values ?? []) expect(await rows(engine, check.sql), check.sql).toEqual(check.rows);
    expect(report.warnings).toHaveLength(c.warnings?.length ?? 0);
    for (const warning of c.warnings ?? []) expect(report.warnings.some((said) => warning.test(said)), `${warning} in ${report.warnings.join(' | ')}`).toBe(true);
    await expectTemplatesRun();
  });
});

// SQLite has no checksums: a flipped bit in a value loads as another value, which nothing can
// tell (PRAGMA quick_check passed all 10 such files of 300 flips tried, and failed 3 whose data read
// intact). What must hold for any flip: it loads or is refused in words, and the engine carries on.
describe('single-bit flips anywhere in a snapshot', () => {
  it('each loads or is refused as a snapshot problem, and the snapshot open before still answers', async () => {
    const outcomes = { loaded: 0, refused: 0 };
    for (let seed = 1; seed <= 60; seed++) {
      await holdExample();
      const flipped = { name: `flip-${seed}.db`, bytes: flipBits(example.bytes, seed, 100, example.bytes.length, 1) };
      const error = await load(engine, flipped).then(() => null, (e: Error) => e);
      if (error) {
        outcomes.refused++;
        expect(error.name, `seed ${seed}: ${error.message}`).toBe('SnapshotError');
        expect(error.message, `seed ${seed}`).toMatch(/flip-\d+\.db|snapshot/);
        expect(await counts(), `seed ${seed}`).toEqual(EXAMPLE_COUNTS);
      } else {
        outcomes.loaded++;
        holding = flipped.name;
        await expectTemplatesRun();
      }
    }
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'trialbook-corpus-'));

/** Runs the CLI in this process, with what it prints captured. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: 'stdout' | 'stderr') => ((chunk: string | Uint8Array) => {
    out[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    return { code: await main(argv), ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}

/** One file is given by its path; per-table Parquet files by their folder. */
function written(c: CorpusCase): string {
  const folder = join(dir, c.name.replace(/\W/g, '_'));
  mkdirSync(folder);
  for (const file of c.files) writeFileSync(join(folder, file.name), file.bytes);
  return c.files.length === 1 ? join(folder, c.files[0].name) : folder;
}

describe.each(cases)('trialbook inspect: $name', (c: CorpusCase) => {
  it(`${c.expect === 'loads' ? 'exits 0 with the overview' : 'exits 1 with one line naming the problem'}`, async () => {
    const { code, stdout, stderr } = await cli(['inspect', written(c)]);
    if (c.expect === 'loads') {
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^${c.counts!.experiments} experiments?, ${c.counts!.runs} runs?:`, 'm'));
    } else {
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^trialbook inspect: [^\n]+\n$/);
      expect(stderr).toMatch(c.mention!);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
