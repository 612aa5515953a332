import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { readCatalog, type Catalog } from '../../src/query/catalog.ts';
import { compileQuery } from '../../src/query/compile.ts';
import { QuerySpecError } from '../../src/query/problems.ts';
import { runQuery } from '../../src/query/run.ts';
import type { QuerySpec } from '../../src/query/spec.ts';
import { resolveQuery } from '../../src/query/validate.ts';
import { plainRows } from '../../src/result/values.ts';
import { createNodeEngine, load } from '../fixtures/engine.ts';
import { relativeError, T_PPF, tQuantile } from '../fixtures/reference-stats.ts';
import { snapshotPlan, writeSnapshot, type SnapshotDescription } from './random-snapshot.ts';
import { invalidSpec, validSpec } from './random-specs.ts';
import { referenceQuery, type Row } from './reference-query.ts';
import { sameCell, sortedColumn, unmatched } from './same-rows.ts';
import { sqlShape } from './sql-shape.ts';

// Fixed seeds: a failure prints its counterexample and replays the same way every time.
const SEED = 20261130;
const SNAPSHOTS = 5;

let engine: Engine;
let snapshots: Awaited<ReturnType<typeof writeSnapshot>>[];
beforeAll(async () => {
  engine = await createNodeEngine();
  snapshots = await Promise.all(fc.sample(snapshotPlan, { seed: SEED, numRuns: SNAPSHOTS }).map(writeSnapshot));
});
afterAll(() => engine.close());

/** Loads snapshot i and returns its catalog, checked against what was written. */
async function use(i: number): Promise<{ d: SnapshotDescription; catalog: Catalog }> {
  await load(engine, snapshots[i].files);
  const d = snapshots[i].description;
  const catalog = await readCatalog(engine);
  expect(catalog.experiments.map((e) => e.title)).toEqual(d.experiments.map((e) => e.title));
  expect(catalog.trials.map((t) => t.name)).toEqual(d.trials.map((t) => t.name));
  expect([...catalog.params].sort()).toEqual([...new Set(d.params.map((p) => p.key))].sort());
  return { d, catalog };
}

describe('the reference', () => {
  // Its t quantiles (for ciNN) are its own code: checked against scipy's before they judge ours.
  it("computes scipy's t quantiles to 1e-12", () => {
    for (const [key, expected] of Object.entries(T_PPF)) {
      const [p, df] = key.split(',').map(Number);
      expect(relativeError(tQuantile(p, df), expected), key).toBeLessThan(1e-12);
    }
  });
});

describe('random valid specs', () => {
  it('give the rows the plain-JS reference gives', async () => {
    for (let i = 0; i < SNAPSHOTS; i++) {
      const { d, catalog } = await use(i);
      await fc.assert(fc.asyncProperty(validSpec(d), async (spec) => {
        const expected = referenceQuery(d, spec);
        fc.pre(!expected.ambiguous);
        const result = await runQuery(engine, spec, { catalog });
        const rows = plainRows(result.rows) as Row[];
        expect(result.rows.schema.fields.map((f) => f.name)).toEqual(expected.columns);
        expect(rows.length).toBe(spec.limit === undefined ? expected.rows.length : Math.min(spec.limit, expected.rows.length));
        expect(unmatched(rows, expected.rows, expected.columns)).toBe('');
        const [order] = spec.order_by ?? [];
        if (order !== undefined) {
          const column = order.replace(/^-/, '');
          const descending = order.startsWith('-');
          const want = sortedColumn(expected.rows, column, descending);
          rows.forEach((r, at) => expect(sameCell(r[column], want[at]), `${column} at ${at}: ${r[column]} vs ${want[at]}`).toBe(true));
        }
      }), { numRuns: 60, seed: SEED + i });
    }
  });
});

describe('random invalid specs', () => {
  it('are rejected with a QuerySpecError listing each problem at its path', async () => {
    const { d, catalog } = await use(0);
    await fc.assert(fc.asyncProperty(invalidSpec(d), async (spec) => {
      const error = await runQuery(engine, spec as QuerySpec, { catalog }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(QuerySpecError);
      const { problems } = error as QuerySpecError;
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(typeof p.path === 'string' && p.path.length > 0, JSON.stringify(p)).toBe(true);
        expect(typeof p.message === 'string' && p.message.length > 0, JSON.stringify(p)).toBe(true);
      }
    }), { numRuns: 400, seed: SEED });
  });
});

/** A catalog with the fixed names, and one more in every role: benign or random. */
function catalogWith(name: string): Catalog {
  return {
    experiments: [{ id: 1, title: 'lr_sweep' }, { id: 2, title: name }],
    trials: [{ id: 1, experimentId: 1, name: 'lr=0.01' }, { id: 2, experimentId: 2, name }],
    statuses: ['completed'],
    metrics: [{ name: 'test_acc', level: 'results' }, { name, level: 'results' }],
    params: ['lr', name],
  };
}

/** Every place a name reaches SQL: filters, metrics, the outlier metric and a param key (an identifier). */
const NAMED_SPECS: ((name: string) => QuerySpec)[] = [
  (name) => ({ experiments: { names: [name] }, trials: { names: [name] }, metrics: { names: [name] } }),
  (name) => ({ trials: { exclude: [name] }, metrics: { names: ['test_acc'] }, exclude_outliers: { metric: name, method: 'iqr' } }),
  (name) => ({ metrics: { names: [name, 'test_acc'] }, exclude_outliers: { metric: name, method: 'zscore', within: 'experiment' }, group_by: ['trial'], aggregate: ['mean'] }),
  (name) => ({ metrics: { names: ['test_acc'] }, group_by: [`param:${name}`], aggregate: ['count', 'ci95'], order_by: [`-${name}`] }),
];
const PARAM_SPEC = 3;
const RESERVED = ['lr_sweep', 'lr=0.01', 'test_acc', 'lr', 'experiment', 'trial', 'metric', 'count', 'ci95_low', 'ci95_high'];

describe('random names', () => {
  it('never change the structure of the SQL, and the SQL runs', async () => {
    await use(0);
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.stringMatching(/^['"\\;\-/*\u0000 a-z]{0,20}$/),
      fc.constantFrom(`'`, `"`, `''`, `\\'`, `--`, `/*`, `*/`, `;`, `\u0000`, `x' OR '1'='1`, `"; DROP TABLE runs; --`),
    );
    await fc.assert(fc.asyncProperty(hostile, fc.integer({ min: 0, max: NAMED_SPECS.length - 1 }), async (name, which) => {
      fc.pre(!RESERVED.includes(name) && !name.startsWith('-') && !name.startsWith('+'));
      // A param key becomes a column name, which cannot be empty or hold NUL: refused by validation.
      if (which === PARAM_SPEC && (name === '' || name.includes('\0'))) {
        await expect(runQuery(engine, NAMED_SPECS[which](name), { catalog: catalogWith(name) })).rejects.toBeInstanceOf(QuerySpecError);
        return;
      }
      const benign = /loss|err/i.test(name) ? 'zz_loss' : 'zz_name';
      const shapeOf = (n: string) => sqlShape(compileQuery(resolveQuery(NAMED_SPECS[which](n), catalogWith(n))).sql);
      expect(shapeOf(name)).toBe(shapeOf(benign));
      await runQuery(engine, NAMED_SPECS[which](name), { catalog: catalogWith(name) });
    }), { numRuns: 300, seed: SEED });
  });
});
