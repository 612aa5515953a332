import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import type { Engine } from '../../../src/engine/engine.ts';
import { describeDuckDBError } from '../../../src/engine/engine.ts';
import { plainRows } from '../../../src/result/values.ts';
import { createNodeEngine, rows } from '../../fixtures/engine.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('the Node engine', () => {
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
