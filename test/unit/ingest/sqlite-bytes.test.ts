import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Engine } from '../../../src/engine/engine.ts';
import { generateSnapshot } from '../../../src/sample/generate.ts';
import { createNodeEngine, load, rows } from '../../fixtures/engine.ts';
import { buildTrapSnapshot } from '../../fixtures/trap-snapshot.ts';

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const TABLES = ['experiments', 'trials', 'runs', 'metrics', 'label_metrics', 'artifacts'];

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

async function snapshotTables(): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) tables[table] = await rows(engine, `SELECT * FROM ${table} ORDER BY ALL`);
  return tables;
}

// sql.js reads the file straight from the bytes given (no copy): they must come back untouched.
describe('reading a SQLite file in place', () => {
  it('leaves the bytes as they were, so the same bytes load the same tables again', async () => {
    const bytes = await generateSnapshot({ seed: 5 });
    const before = digest(bytes);
    const first = await load(engine, { name: 'sample.db', bytes });
    const tables = await snapshotTables();
    expect(digest(bytes)).toBe(before);
    const second = await load(engine, { name: 'sample.db', bytes });
    expect(second.rawRows).toEqual(first.rawRows);
    expect(await snapshotTables()).toEqual(tables);
    expect(digest(bytes)).toBe(before);
  });

  it('leaves a WAL-mode file and a view into a larger buffer untouched', async () => {
    const trap = await buildTrapSnapshot();
    const wal = trap.slice();
    wal[18] = 2;
    wal[19] = 2;
    // The file's bytes in the middle of a bigger buffer, as a File read or a fetch may hand them over.
    const padded = new Uint8Array(wal.length + 64);
    padded.set(wal, 32);
    const view = padded.subarray(32, 32 + wal.length);
    const before = digest(padded);
    const report = await load(engine, { name: 'wal.db', bytes: view });
    expect(report.warnings.join(' ')).toMatch(/WAL mode/);
    expect(digest(padded)).toBe(before);
    const fromView = await snapshotTables();
    await load(engine, { name: 'trap.db', bytes: trap });
    expect(await snapshotTables()).toEqual(fromView);
  });
});
