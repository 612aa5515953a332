import { describe, expect, it } from 'vitest';
import { Float64, Int32, Table, TimestampMicrosecond, Utf8, vectorFromArray } from 'apache-arrow';
import { tableToCSV } from '../../../src/result/export/csv.ts';
import { tableToJSON } from '../../../src/result/export/json.ts';
import { tableToText } from '../../../src/result/export/text.ts';
import { isoTimestamp } from '../../../src/result/values.ts';

const table = new Table({
  trial: vectorFromArray(['lr=0.01', 'a "quoted", name', null], new Utf8()),
  runs: vectorFromArray([5, 12, null], new Int32()),
  mean: vectorFromArray([0.912345678, Number.NaN, 1e-7], new Float64()),
  at: vectorFromArray([Date.UTC(2026, 2, 1, 9, 0, 41), Date.UTC(2026, 2, 1, 9, 0, 41) + 0.5, null], new TimestampMicrosecond()),
});

describe('isoTimestamp', () => {
  it('keeps microseconds and drops a zero fraction', () => {
    expect(isoTimestamp(Date.UTC(2026, 2, 1, 9, 0, 41))).toBe('2026-03-01T09:00:41');
    expect(isoTimestamp(Date.UTC(2026, 2, 1, 9, 0, 41) + 123.456)).toBe('2026-03-01T09:00:41.123456');
    expect(isoTimestamp(Date.UTC(1969, 11, 31, 23, 59, 59) + 0.001)).toBe('1969-12-31T23:59:59.000001');
  });
});

describe('exports', () => {
  it('writes RFC 4180 CSV with empty fields for NULL', () => {
    expect(tableToCSV(table)).toBe(
      'trial,runs,mean,at\r\n' +
        'lr=0.01,5,0.912345678,2026-03-01T09:00:41\r\n' +
        '"a ""quoted"", name",12,NaN,2026-03-01T09:00:41.000500\r\n' +
        ',,1e-7,\r\n',
    );
  });

  it('writes JSON rows with null for NULL and NaN', () => {
    expect(JSON.parse(tableToJSON(table))).toEqual([
      { trial: 'lr=0.01', runs: 5, mean: 0.912345678, at: '2026-03-01T09:00:41' },
      { trial: 'a "quoted", name', runs: 12, mean: null, at: '2026-03-01T09:00:41.000500' },
      { trial: null, runs: null, mean: 1e-7, at: null },
    ]);
  });

  it('aligns a text table and says how many rows were cut', () => {
    const text = tableToText(table, 2).split('\n');
    expect(text[0]).toBe('trial             runs      mean  at');
    expect(text[2]).toBe('lr=0.01              5  0.912346  2026-03-01T09:00:41');
    expect(text.at(-1)).toBe('(3 rows, first 2 shown)');
  });
});
