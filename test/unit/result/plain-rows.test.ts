import { describe, expect, it } from 'vitest';
import { DataType, tableFromIPC, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { tableToCSV } from '../../../src/result/export/csv.ts';
import { tableToParquet, type ParquetWriterModule } from '../../../src/result/export/parquet.ts';
import { plainRowsToArrow } from '../../../src/result/export/plain-rows.ts';
import { plainRows } from '../../../src/result/values.ts';

const typeOf = (table: ReturnType<typeof plainRowsToArrow>, name: string) => table.schema.fields.find((field) => field.name === name)!.type;

describe('plainRowsToArrow', () => {
  it('types each column by its values and keeps NULL', () => {
    const table = plainRowsToArrow([
      { group: 'lr=0.1', mean: 0.91, runs: 5, significant: true },
      { group: null, mean: null, runs: 3, significant: false },
      { group: 'lr=0.01', mean: 0.88, runs: null, significant: null },
    ]);
    expect(table.numRows).toBe(3);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['group', 'mean', 'runs', 'significant']);
    expect(DataType.isUtf8(typeOf(table, 'group'))).toBe(true);
    expect(DataType.isFloat(typeOf(table, 'mean'))).toBe(true);
    expect(DataType.isFloat(typeOf(table, 'runs'))).toBe(true);
    expect(DataType.isBool(typeOf(table, 'significant'))).toBe(true);
    expect(plainRows(table)).toEqual([
      { group: 'lr=0.1', mean: 0.91, runs: 5, significant: true },
      { group: null, mean: null, runs: 3, significant: false },
      { group: 'lr=0.01', mean: 0.88, runs: null, significant: null },
    ]);
  });

  it('keeps NaN apart from NULL in a number column', () => {
    const table = plainRowsToArrow([{ p: Number.NaN }, { p: null }, { p: 0.5 }]);
    const p = table.getChild('p')!;
    expect(Number.isNaN(p.get(0))).toBe(true);
    expect(p.get(1)).toBeNull();
    expect(p.nullCount).toBe(1);
    expect(p.get(2)).toBe(0.5);
  });

  it('takes columns missing from some rows as NULL, in first-seen order', () => {
    const table = plainRowsToArrow([{ a: 1 }, { b: 'x' }, { a: 2, b: 'y' }]);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['a', 'b']);
    expect(plainRows(table)).toEqual([
      { a: 1, b: null },
      { a: null, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('writes nested values as JSON text, and a mixed column as text', () => {
    const table = plainRowsToArrow([
      { band: [0.1, 0.2], meta: { k: 'v' }, mixed: 1 },
      { band: null, meta: null, mixed: 'two' },
    ]);
    expect(DataType.isUtf8(typeOf(table, 'band'))).toBe(true);
    expect(DataType.isUtf8(typeOf(table, 'mixed'))).toBe(true);
    expect(plainRows(table)).toEqual([
      { band: '[0.1,0.2]', meta: '{"k":"v"}', mixed: '1' },
      { band: null, meta: null, mixed: 'two' },
    ]);
  });

  it('makes a column that is NULL throughout text', () => {
    const table = plainRowsToArrow([{ note: null }, { note: null }]);
    expect(DataType.isUtf8(typeOf(table, 'note'))).toBe(true);
    expect(table.getChild('note')!.nullCount).toBe(2);
  });

  it('makes an empty table of no rows', () => {
    const table = plainRowsToArrow([]);
    expect(table.numRows).toBe(0);
    expect(table.numCols).toBe(0);
  });

  it('survives the Arrow IPC round trip and writes CSV', () => {
    const table = plainRowsToArrow([
      { trial: 'a', mean: 0.5 },
      { trial: 'b, c', mean: null },
    ]);
    expect(plainRows(tableFromIPC(tableToIPC(table, 'file')))).toEqual(plainRows(table));
    expect(tableToCSV(table)).toBe('trial,mean\r\na,0.5\r\n"b, c",\r\n');
  });

  it('writes Parquet that reads back to the same rows and types', () => {
    const rows = [
      { trial: 'a', mean: 0.5, significant: true, note: null },
      { trial: null, mean: Number.NaN, significant: null, note: null },
    ];
    const file = tableToParquet(plainRowsToArrow(rows), parquet as unknown as ParquetWriterModule);
    const back = tableFromIPC(parquet.readParquet(file).intoIPCStream());
    expect(back.schema.fields.map((field) => String(field.type))).toEqual(['Utf8', 'Float64', 'Bool', 'Utf8']);
    const [first, second] = plainRows(back);
    expect(first).toEqual(rows[0]);
    expect(second.trial).toBeNull();
    expect(Number.isNaN(second.mean)).toBe(true);
    expect(second.significant).toBeNull();
  });
});
