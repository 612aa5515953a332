import { describe, expect, it } from 'vitest';
import { columnWidth, fullText, shortText } from '../../../../src/ui/grid/cell-text.ts';
import type { GridColumnType, GridData } from '../../../../src/ui/grid/grid-data.ts';

describe('shortText', () => {
  it('shows integers whole, with thousands separators', () => {
    expect(shortText(1234567, 'integer')).toBe('1,234,567');
    expect(shortText(-42, 'integer')).toBe('-42');
    expect(shortText(Number.MAX_SAFE_INTEGER, 'integer')).toBe('9,007,199,254,740,991');
    expect(shortText(2n ** 60n + 1n, 'integer')).toBe('1,152,921,504,606,846,977');
  });

  it('shows measurements at six significant digits', () => {
    expect(shortText(0.912345678, 'number')).toBe('0.912346');
    expect(shortText(0.1 + 0.2, 'number')).toBe('0.3');
    expect(shortText(1234.5678, 'number')).toBe('1,234.57');
    expect(shortText(-0.000123456789, 'number')).toBe('-0.000123457');
    expect(shortText(3, 'number')).toBe('3');
    expect(shortText(1500000, 'number')).toBe('1,500,000');
  });

  it('keeps two decimals from 100,000 up rather than round the fraction away', () => {
    expect(shortText(123456.789, 'number')).toBe('123,456.79');
    expect(shortText(9876543.21, 'number')).toBe('9,876,543.21');
  });

  it('uses exponent form for the very large and very small', () => {
    expect(shortText(1e-7, 'number')).toBe('1e-7');
    expect(shortText(-2.5e-9, 'number')).toBe('-2.5e-9');
    expect(shortText(1.23456789e20, 'number')).toBe('1.2346e+20');
  });

  it('names what is not a number, and null', () => {
    expect(shortText(Number.NaN, 'number')).toBe('NaN');
    expect(shortText(Infinity, 'number')).toBe('∞');
    expect(shortText(-Infinity, 'number')).toBe('−∞');
    expect(shortText(null, 'number')).toBe('—');
    expect(shortText(null, 'text')).toBe('—');
    expect(shortText(-0, 'number')).toBe('0');
    expect(shortText(-0, 'integer')).toBe('0');
  });

  it('shows timestamps to the second, from the UTC fields', () => {
    expect(shortText(new Date(Date.UTC(2026, 2, 1, 9, 5, 41, 678)), 'date')).toBe('2026-03-01 09:05:41');
    expect(shortText(new Date(Date.UTC(2026, 2, 1)), 'date')).toBe('2026-03-01 00:00:00');
  });

  it('shows text, booleans and nested values', () => {
    expect(shortText('lr=0.01', 'text')).toBe('lr=0.01');
    expect(shortText('', 'text')).toBe('');
    expect(shortText(true, 'boolean')).toBe('true');
    expect(shortText([1, 2], 'other')).toBe('[1,2]');
    expect(shortText({ a: 1 }, 'other')).toBe('{"a":1}');
    expect(shortText(new Uint8Array(3), 'other')).toBe('3 bytes');
  });

  it('cuts very long text short', () => {
    const long = 'x'.repeat(1000);
    expect(shortText(long, 'text')).toBe(`${'x'.repeat(256)}…`);
  });
});

describe('fullText', () => {
  it('gives numbers at full precision', () => {
    expect(fullText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(fullText(1234567)).toBe('1234567');
    expect(fullText(1e-7)).toBe('1e-7');
    expect(fullText(2n ** 60n + 1n)).toBe('1152921504606846977');
    expect(fullText(Number.NaN)).toBe('NaN');
    expect(fullText(-Infinity)).toBe('-Infinity');
  });

  it('gives the ISO timestamp with its fraction', () => {
    expect(fullText(new Date(Date.UTC(2026, 2, 1, 9, 5, 41, 678)))).toBe('2026-03-01T09:05:41.678000');
    expect(fullText(new Date(Date.UTC(2026, 2, 1, 9, 5, 41)))).toBe('2026-03-01T09:05:41');
  });

  it('gives text whole and null as nothing', () => {
    const long = 'x'.repeat(1000);
    expect(fullText(long)).toBe(long);
    expect(fullText(null)).toBe('');
    expect(fullText(false)).toBe('false');
    expect(fullText([1, [2]])).toBe('[1,[2]]');
  });
});

describe('columnWidth', () => {
  const grid = (name: string, type: GridColumnType, values: unknown[]): GridData => ({
    columns: [{ name, type }],
    rowCount: values.length,
    value: (row) => values[row],
  });

  it('fits the widest value or the name with its sort arrow', () => {
    expect(columnWidth(grid('count', 'integer', [1, 1234567, null]), 0)).toBe(9);
    expect(columnWidth(grid('learning_rate', 'number', [0.1]), 0)).toBe(15);
  });

  it('stays between 5 and 40 characters', () => {
    expect(columnWidth(grid('n', 'integer', [1]), 0)).toBe(5);
    expect(columnWidth(grid('s', 'text', ['x'.repeat(100)]), 0)).toBe(40);
  });

  it('reads the first 100 rows and 1 in 1,000 after them', () => {
    const values = (long: Record<number, number>) => Array.from({ length: 100_000 }, (_, row) => 'x'.repeat(long[row] ?? 1));
    expect(columnWidth(grid('s', 'text', values({ 42: 20 })), 0)).toBe(20);
    expect(columnWidth(grid('s', 'text', values({ 42: 20, 50_100: 30 })), 0)).toBe(30);
    expect(columnWidth(grid('s', 'text', values({ 50_000: 30 })), 0)).toBe(5);
  });
});

describe('shortText of label columns', () => {
  it('shows ids, epochs and ranks without thousands separators, and amounts with them', () => {
    expect(shortText(32137, 'integer', 'trial_id')).toBe('32137');
    expect(shortText(32137, 'number', 'run_id')).toBe('32137');
    expect(shortText(1200, 'number', 'epoch')).toBe('1200');
    expect(shortText(32137, 'integer', 'runs')).toBe('32,137');
    expect(shortText(0.5, 'number', 'run_id')).toBe('0.5');
  });
});
