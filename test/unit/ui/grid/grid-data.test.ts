import { describe, expect, it } from 'vitest';
import { Bool, DateDay, Decimal, Float64, Int32, Int64, List, Field, Table, TimestampMicrosecond, Utf8, makeData, makeVector, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { gridFromArrow, gridFromRows, type GridData } from '../../../../src/ui/grid/grid-data.ts';

const column = (data: GridData, index: number) => Array.from({ length: data.rowCount }, (_, row) => data.value(row, index));

describe('gridFromArrow', () => {
  it('reads integers, doubles and dictionary strings from tableFromArrays', () => {
    const data = gridFromArrow(
      tableFromArrays({
        id: Int32Array.from([3, 1, 2]),
        loss: Float64Array.from([0.5, Number.NaN, -1.25]),
        name: ['b', 'a', 'c'],
      }),
    );
    expect(data.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'loss', type: 'number' },
      { name: 'name', type: 'text' },
    ]);
    expect(data.rowCount).toBe(3);
    expect(column(data, 0)).toEqual([3, 1, 2]);
    expect(column(data, 1)).toEqual([0.5, Number.NaN, -1.25]);
    expect(column(data, 2)).toEqual(['b', 'a', 'c']);
  });

  it('turns 64-bit integers into numbers only when they fit exactly', () => {
    const data = gridFromArrow(new Table({ big: vectorFromArray([1n, -5n, 2n ** 60n + 1n, null], new Int64()) }));
    expect(data.columns[0].type).toBe('integer');
    expect(column(data, 0)).toEqual([1, -5, 2n ** 60n + 1n, null]);
    expect(typeof data.value(0, 0)).toBe('number');
  });

  it('keeps NaN and null apart in doubles, and nulls in strings and booleans', () => {
    const data = gridFromArrow(
      new Table({
        x: vectorFromArray([1.5, Number.NaN, null], new Float64()),
        s: vectorFromArray(['x', null, ''], new Utf8()),
        ok: vectorFromArray([true, false, null], new Bool()),
      }),
    );
    expect(data.columns.map((c) => c.type)).toEqual(['number', 'text', 'boolean']);
    expect(column(data, 0)).toEqual([1.5, Number.NaN, null]);
    expect(column(data, 1)).toEqual(['x', null, '']);
    expect(column(data, 2)).toEqual([true, false, null]);
  });

  it('gives timestamps and dates as Dates', () => {
    const at = Date.UTC(2026, 2, 1, 9, 0, 41, 250);
    const data = gridFromArrow(
      new Table({
        at: vectorFromArray([at + 0.5, null], new TimestampMicrosecond()),
        day: vectorFromArray([Date.UTC(2026, 2, 1), null], new DateDay()),
      }),
    );
    expect(data.columns.map((c) => c.type)).toEqual(['date', 'date']);
    const value = data.value(0, 0);
    expect(value).toBeInstanceOf(Date);
    // Millisecond precision: a Date has no microseconds.
    expect((value as Date).getTime()).toBe(at);
    expect((data.value(0, 1) as Date).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(data.value(1, 0)).toBeNull();
    expect(data.value(1, 1)).toBeNull();
  });

  it('scales decimals into numbers', () => {
    // 123.45 and -0.05 as unscaled 128-bit little-endian words, scale 2.
    const words = new Uint32Array([12345, 0, 0, 0, -5 >>> 0, 0xffffffff, 0xffffffff, 0xffffffff]);
    const decimals = makeVector(makeData({ type: new Decimal(2, 18, 128), length: 2, nullCount: 0, data: words }));
    const data = gridFromArrow(new Table({ price: decimals }));
    expect(data.columns[0].type).toBe('number');
    expect(column(data, 0)).toEqual([123.45, -0.05]);
  });

  it('calls lists and other nested values "other"', () => {
    const lists = vectorFromArray([[1, 2], null], new List(new Field('item', new Int32(), true)));
    const data = gridFromArrow(new Table({ xs: lists }));
    expect(data.columns[0].type).toBe('other');
    expect(Array.from(data.value(0, 0) as Iterable<number>)).toEqual([1, 2]);
    expect(data.value(1, 0)).toBeNull();
  });
});

describe('gridFromRows', () => {
  it('takes every key in first-seen order, missing keys as null', () => {
    const data = gridFromRows([{ b: 1, a: 'x' }, { a: 'y', c: true }, { d: null }]);
    expect(data.columns.map((c) => c.name)).toEqual(['b', 'a', 'c', 'd']);
    expect(data.rowCount).toBe(3);
    expect([0, 1, 2].map((row) => data.value(row, 0))).toEqual([1, null, null]);
    expect([0, 1, 2].map((row) => data.value(row, 2))).toEqual([null, true, null]);
  });

  it('types a column by its values', () => {
    const data = gridFromRows([
      { n: 1, f: 1, s: 'a', b: true, mixed: 1, none: null, list: [1, 2] },
      { n: 2, f: 2.5, s: null, b: false, mixed: 'one', none: null, list: [] },
    ]);
    expect(Object.fromEntries(data.columns.map((c) => [c.name, c.type]))).toEqual({
      n: 'integer',
      f: 'number',
      s: 'text',
      b: 'boolean',
      mixed: 'other',
      none: 'other',
      list: 'other',
    });
    expect(data.value(0, 6)).toEqual([1, 2]);
  });

  it('handles no rows', () => {
    const data = gridFromRows([]);
    expect(data.columns).toEqual([]);
    expect(data.rowCount).toBe(0);
  });
});
