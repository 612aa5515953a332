import { describe, expect, it } from 'vitest';
import { sqlStatementCount, sqlTableReferences } from '../../../src/notebook/sql-references.ts';
import { specInput } from '../../../src/notebook/references.ts';

describe('sqlTableReferences', () => {
  it.each([
    ['SELECT * FROM per_trial', ['per_trial']],
    ['select a.x from per_trial a join curves b on a.trial = b.trial', ['per_trial', 'curves']],
    ['SELECT * FROM a, b AS bee, c WHERE a.x = 1', ['a', 'b', 'c']],
    ['FROM per_trial SELECT mean', ['per_trial']],
    ['SELECT * FROM "My Cell" LEFT JOIN cells.other USING (id)', ['My Cell', 'other']],
    ['SELECT * FROM main.runs', []],
    ['SELECT * FROM range(10)', []],
    ['WITH best AS (SELECT * FROM per_trial) SELECT * FROM best', ['per_trial']],
    ['SELECT * FROM (SELECT * FROM inner_cell) t, outer_cell', ['inner_cell', 'outer_cell']],
    ["SELECT 'FROM fake' AS s, per_trial FROM runs -- FROM commented\n/* JOIN hidden */", ['runs']],
    ['SELECT per_trial.mean FROM runs WHERE trial IN (SELECT trial FROM per_trial)', ['runs', 'per_trial']],
    ['SELECT * FROM a WHERE x IN (1, 2), b', ['a']],
  ])('%s', (sql, expected) => {
    expect(sqlTableReferences(sql)).toEqual(expected);
  });
});

describe('specInput', () => {
  it('reads the input of an analysis or chart spec', () => {
    expect(specInput('input: per_trial\ncompare: {}')).toBe('per_trial');
    expect(specInput('compare: {}')).toBeNull();
    expect(specInput('input: [a, b')).toBeNull();
    expect(specInput('- a')).toBeNull();
  });
});

describe('sqlStatementCount', () => {
  it.each([
    ['SELECT 1', 1],
    ['SELECT 1;', 1],
    ['SELECT 1; SELECT 2;  ', 2],
    ["SELECT ';' AS s -- ;\n", 1],
    ['', 0],
  ])('%j has %i', (sql, n) => {
    expect(sqlStatementCount(sql)).toBe(n);
  });
});
