import { describe, expect, it } from 'vitest';
import { adjustPValues, type PAdjustMethod } from '../../../../src/stats/math/p-adjust.ts';
import { expectAllClose } from './close.ts';

const P = [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04, 0.9];
const TIES = [0.02, 0.02, 0.02, 0.3];
const SMALL = [1e-12, 3e-8, 0.0004, 0.049];
const LARGE = [0.6, 0.7, 0.8, 0.95];

// statsmodels.stats.multitest.multipletests(p, method=m)[1] with m = 'holm', 'bonferroni',
// 'fdr_bh' (here 'bh'); statsmodels 0.13.5 from Debian's python3-statsmodels.
const CASES: [string, number[], PAdjustMethod, number[]][] = [
  ['P', P, 'holm', [0.07, 0.2, 0.18, 0.04, 0.6000000000000001, 1.0, 0.2, 1.0]],
  ['P', P, 'bonferroni', [0.08, 0.32, 0.24, 0.04, 1.0, 1.0, 0.32, 1.0]],
  ['P', P, 'bh', [0.04, 0.064, 0.064, 0.04, 0.26666666666666666, 0.5714285714285714, 0.064, 0.9]],
  ['TIES', TIES, 'holm', [0.08, 0.08, 0.08, 0.3]],
  ['TIES', TIES, 'bonferroni', [0.08, 0.08, 0.08, 1.0]],
  ['TIES', TIES, 'bh', [0.02666666666666667, 0.02666666666666667, 0.02666666666666667, 0.3]],
  ['SMALL', SMALL, 'holm', [4e-12, 8.999999999999999e-8, 0.0008, 0.049]],
  ['SMALL', SMALL, 'bonferroni', [4e-12, 1.2e-7, 0.0016, 0.196]],
  ['SMALL', SMALL, 'bh', [4e-12, 6e-8, 0.0005333333333333334, 0.049]],
  ['ONE', [0.03], 'holm', [0.03]],
  ['ONE', [0.03], 'bonferroni', [0.03]],
  ['ONE', [0.03], 'bh', [0.03]],
  ['LARGE', LARGE, 'holm', [1.0, 1.0, 1.0, 1.0]],
  ['LARGE', LARGE, 'bonferroni', [1.0, 1.0, 1.0, 1.0]],
  ['LARGE', LARGE, 'bh', [0.95, 0.95, 0.95, 0.95]],
];

describe('adjustPValues', () => {
  it.each(CASES)('%s, %s matches statsmodels', (_, p, method, expected) => expectAllClose(adjustPValues(p, method), expected));

  it.each([
    // multipletests([0.01, 0.04, 0.03], method=m)[1]: the NaN entries are not tests
    ['holm', [0.03, NaN, 0.06, 0.06, NaN]],
    ['bonferroni', [0.03, NaN, 0.12, 0.09, NaN]],
    ['bh', [0.030000000000000002, NaN, 0.04, 0.04, NaN]],
  ] as [PAdjustMethod, number[]][])('%s passes NaN through without counting it', (method, expected) => {
    expectAllClose(adjustPValues([0.01, NaN, 0.04, 0.03, NaN], method), expected);
  });

  it('treats values outside [0, 1] as not p-values', () => {
    expectAllClose(adjustPValues([0.01, 1.5, -0.2, 0.03], 'bonferroni'), [0.02, NaN, NaN, 0.06]);
    expect(adjustPValues([], 'holm')).toEqual([]);
  });
});
