import { describe, expect, it } from 'vitest';
import { Float64, Int64, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { gridFromArrow, gridFromRows, type GridColumnType, type GridData } from '../../../../src/ui/grid/grid-data.ts';
import { sortedOrder } from '../../../../src/ui/grid/sort.ts';

/** A one-column grid over plain values. */
function grid(type: GridColumnType, values: unknown[]): GridData {
  return { columns: [{ name: 'x', type }], rowCount: values.length, value: (row) => values[row] };
}

const order = (data: GridData, direction: 'asc' | 'desc') => Array.from(sortedOrder(data, 0, direction));

describe('sortedOrder', () => {
  it('sorts numbers with null and NaN last in both directions', () => {
    const data = grid('number', [3, null, -1, Number.NaN, 10, 0.5, -Infinity, Infinity]);
    expect(order(data, 'asc')).toEqual([6, 2, 5, 0, 4, 7, 1, 3]);
    expect(order(data, 'desc')).toEqual([7, 4, 0, 5, 2, 6, 1, 3]);
  });

  it('is stable: equal values keep their order whichever the direction', () => {
    const data = grid('integer', [2, 1, 2, null, 1, 2, null]);
    expect(order(data, 'asc')).toEqual([1, 4, 0, 2, 5, 3, 6]);
    expect(order(data, 'desc')).toEqual([0, 2, 5, 1, 4, 3, 6]);
  });

  it('returns a Uint32Array over every row', () => {
    const result = sortedOrder(grid('number', [2, 1]), 0, 'asc');
    expect(result).toBeInstanceOf(Uint32Array);
    expect(Array.from(result)).toEqual([1, 0]);
    expect(sortedOrder(grid('number', []), 0, 'asc')).toHaveLength(0);
  });

  it('compares 64-bit integers past 2^53 exactly', () => {
    const big = 2n ** 60n;
    const data = gridFromArrow(new Table({ id: vectorFromArray([big + 2n, big + 1n, 5n, null, -(big + 1n)], new Int64()) }));
    expect(order(data, 'asc')).toEqual([4, 2, 1, 0, 3]);
    expect(order(data, 'desc')).toEqual([0, 1, 2, 4, 3]);
  });

  it('sorts text as people expect: numbers by value, case second, nulls last', () => {
    const data = grid('text', ['run 10', 'Run 2', null, 'run 9', 'apple', 'run 2', 'Äpple', '']);
    expect(order(data, 'asc').map((row) => data.value(row, 0))).toEqual(['', 'apple', 'Äpple', 'run 2', 'Run 2', 'run 9', 'run 10', null]);
    expect(order(data, 'desc').map((row) => data.value(row, 0))).toEqual(['run 10', 'run 9', 'Run 2', 'run 2', 'Äpple', 'apple', '', null]);
  });

  it('orders text exactly as the collator does, stable for texts it finds equal', () => {
    // A seeded mix of what trips a hand-written comparison: case, accents, digit runs with
    // leading zeros, punctuation and spaces, control characters.
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const pieces = ['a', 'A', 'b', 'é', 'E', 'z', '0', '00', '7', '10', '9', '-', '_', ' ', '.', 'run', 'Run', '\u0001', 'ß', 'ss'];
    const values = Array.from({ length: 3000 }, () =>
      random() < 0.05 ? null : Array.from({ length: 1 + Math.floor(random() * 5) }, () => pieces[Math.floor(random() * pieces.length)]).join(''),
    );
    const collator = new Intl.Collator(undefined, { numeric: true });
    const present = values.flatMap((value, row) => (value === null ? [] : [row]));
    const nulls = values.flatMap((value, row) => (value === null ? [row] : []));
    const asc = [...present].sort((a, b) => collator.compare(values[a]!, values[b]!) || a - b);
    const desc = [...present].sort((a, b) => collator.compare(values[b]!, values[a]!) || a - b);
    const data = grid('text', values);
    expect(order(data, 'asc')).toEqual([...asc, ...nulls]);
    expect(order(data, 'desc')).toEqual([...desc, ...nulls]);
  });

  it('orders plain ASCII names exactly as the collator does', () => {
    const values = Array.from({ length: 2000 }, (_, i) => `${['trial', 'Trial', 'run-', 'run_', 'x.'][i % 5]}${(i * 7919) % 1000}${i % 3 ? '' : 'b'}`);
    const collator = new Intl.Collator(undefined, { numeric: true });
    const expected = values.map((_, row) => row).sort((a, b) => collator.compare(values[a], values[b]) || a - b);
    expect(order(grid('text', values), 'asc')).toEqual(expected);
  });

  it('sorts Arrow timestamps by time', () => {
    const data = gridFromArrow(new Table({ at: vectorFromArray([Date.UTC(2026, 0, 2), null, Date.UTC(2025, 11, 31), Date.UTC(2026, 0, 1)], new TimestampMillisecond()) }));
    expect(order(data, 'asc')).toEqual([2, 3, 0, 1]);
    expect(order(data, 'desc')).toEqual([0, 3, 2, 1]);
  });

  it('sorts booleans false first', () => {
    const data = grid('boolean', [true, null, false, true, false]);
    expect(order(data, 'asc')).toEqual([2, 4, 0, 3, 1]);
    expect(order(data, 'desc')).toEqual([0, 3, 2, 4, 1]);
  });

  it('sorts a column of mixed values by their text', () => {
    const data = gridFromRows([{ v: 'b' }, { v: 10 }, { v: null }, { v: 9 }, { v: 'a' }]);
    expect(data.columns[0].type).toBe('other');
    expect(order(data, 'asc')).toEqual([3, 1, 4, 0, 2]);
  });

  it('sorts the chosen column of an Arrow table', () => {
    const data = gridFromArrow(
      new Table({
        name: vectorFromArray(['b', 'a', 'c'], new Utf8()),
        loss: vectorFromArray([0.2, null, 0.1], new Float64()),
      }),
    );
    expect(Array.from(sortedOrder(data, 0, 'asc'))).toEqual([1, 0, 2]);
    expect(Array.from(sortedOrder(data, 1, 'asc'))).toEqual([2, 0, 1]);
  });
});
