import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { Engine } from '../../../src/engine/engine.ts';
import { describeDuckDBError } from '../../../src/engine/engine.ts';
import { batchesToParquet } from '../../../src/result/export/parquet.ts';
import { plainRows } from '../../../src/result/values.ts';
import { createNodeEngine, rows } from '../../fixtures/engine.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('the Node engine', () => {
  it('streams a result a batch at a time, in order, with its column types', async () => {
    const batches = [];
    for await (const batch of engine.stream("SELECT i, 'r' || i AS label, count(*) OVER () AS n FROM range(5000) t(i) ORDER BY i DESC")) batches.push(batch);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((sum, b) => sum + b.numRows, 0)).toBe(5000);
    expect(batches[0].get(0)?.toJSON()).toEqual({ i: 4999, label: 'r4999', n: 5000 });
    expect(batches.at(-1)!.get(batches.at(-1)!.numRows - 1)?.toJSON()).toEqual({ i: 0, label: 'r0', n: 5000 });
  });

  it('writes a streamed result as one Parquet file, handed to parquet-wasm in parts', async () => {
    const parquet = await import('parquet-wasm/node');
    // Sorting 300k rows makes DuckDB answer the first call with 'pending': the stream must wait for it.
    const sql = "SELECT i, i * 0.5 AS half, 'r' || (i % 7) AS label FROM range(300000) t(i) ORDER BY i";
    const file = new Uint8Array(await new Response(await batchesToParquet(engine.stream(sql), parquet)).arrayBuffer());
    const back = tableFromIPC(parquet.readParquet(file).intoIPCStream());
    expect(back.numRows).toBe(300_000);
    expect(back.getChild('half')!.get(299_999)).toBe(149_999.5);
    expect(back.getChild('label')!.get(8)).toBe('r1');
    const empty = new Uint8Array(await new Response(await batchesToParquet(engine.stream(sql.replace("ORDER BY", "WHERE false ORDER BY")), parquet)).arrayBuffer());
    expect(tableFromIPC(parquet.readParquet(empty).intoIPCStream()).schema.fields.map((f) => f.name)).toEqual(['i', 'half', 'label']);
  });

  it('streams an empty result as one empty batch that still has its columns, and reports errors in words', async () => {
    const batches = [];
    for await (const batch of engine.stream('SELECT 1 AS a, 2.5 AS b WHERE false')) batches.push(batch);
    expect(batches.map((b) => [b.numRows, b.schema.fields.map((f) => f.name)])).toEqual([[0, ['a', 'b']]]);
    const failing = async () => {
      for await (const batch of engine.stream('SELECT * FROM no_such_table')) void batch;
    };
    await expect(failing()).rejects.toThrow(/Table with name no_such_table does not exist/);
  });

  it('takes data as Arrow IPC, creating and appending', async () => {
    await engine.insertArrow({ name: 'points' }, tableToIPC(tableFromArrays({ x: new Float64Array([1, 2]), label: ['a', 'b'] }), 'stream'));
    await engine.insertArrow({ name: 'points', append: true }, tableToIPC(tableFromArrays({ x: new Float64Array([3]), label: ['c'] }), 'stream'));
    expect(await rows(engine, 'SELECT sum(x) AS total, string_agg(label, \'\' ORDER BY label) AS labels, count(*) AS n FROM points')).toEqual([
      { total: 6, labels: 'abc', n: 3 },
    ]);
  });

  it('runs with extensions off and no file or network access, and cannot be switched back', async () => {
    expect(await rows(engine, "SELECT current_setting('autoload_known_extensions') AS autoload, current_setting('enable_external_access') AS external")).toEqual([
      { autoload: false, external: false },
    ]);
    await expect(engine.query("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/file system operations are disabled/);
    await expect(engine.query("ATTACH 'other.db'")).rejects.toThrow(/file system operations are disabled/);
    await expect(engine.query("COPY (SELECT 1) TO 'out.csv'")).rejects.toThrow(/file system operations are disabled/);
    await expect(engine.query('LOAD httpfs')).rejects.toThrow(/Loading external extensions is disabled/);
    await expect(engine.query('SET enable_external_access = true')).rejects.toThrow(/configuration has been locked/);
  });

  it('reports SQL errors with DuckDB\'s words and the SQL that failed', async () => {
    const error = await engine.query('SELECT * FROM no_such_table').catch((e) => e);
    expect(error.name).toBe('EngineError');
    expect(error.message).toMatch(/^Catalog Error: Table with name no_such_table does not exist!/);
    expect(error.sql).toBe('SELECT * FROM no_such_table');
  });
});

describe('describeDuckDBError', () => {
  it('unwraps the JSON envelope some bindings use', () => {
    expect(describeDuckDBError(new Error('{"exception_type":"Parser","exception_message":"syntax error at or near \\"SELEC\\""}'))).toBe(
      'Parser Error: syntax error at or near "SELEC"',
    );
    expect(describeDuckDBError('plain words ')).toBe('plain words');
  });
});

describe('result numbers', () => {
  it('come back as doubles at any depth: 64-bit integers, HUGEINT and DECIMAL in lists, structs and maps', async () => {
    const table = await engine.query(`SELECT 5::BIGINT AS a, [5::BIGINT, NULL, 6] AS l, {'n': 1024::BIGINT, 'd': -1.25::DECIMAL(5,2)} AS s,
      -123456789012.345::DECIMAL(18,3) AS d, [0.1::DECIMAL(38,10)] AS dl, -2::HUGEINT AS h, map([1::UBIGINT], [2::BIGINT]) AS m, NULL::BIGINT AS n`);
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      'Float64', 'List<Float64>', 'Struct<{n:Float64, d:Float64}>', 'Float64', 'List<Float64>', 'Float64', 'Map<{key:Float64, value:Float64}>', 'Float64',
    ]);
    expect(plainRows(table)).toEqual([{ a: 5, l: [5, null, 6], s: { n: 1024, d: -1.25 }, d: -123456789012.345, dl: [0.1], h: -2, m: { 1: 2 }, n: null }]);
  });
});
