import { describe, expect, it } from 'vitest';
import { chiSquareSf, regularizedGammaQ } from '../../../../src/stats/math/chi-square.ts';
import { normalSf } from '../../../../src/stats/math/normal.ts';
import { expectClose } from './close.ts';

// scipy.stats.chi2.sf(x, df), scipy 1.17.1
const SF: [number, number, number][] = [
  [0.5, 1, 0.47950012218695337],
  [3.841458820694124, 1, 0.04999999999999989],
  [10.0, 1, 0.001565402258002549],
  [100.0, 1, 1.5239706048320995e-23],
  [1000.0, 1, 1.7958327848007363e-219],
  [2.0, 2, 0.36787944117144245],
  [5.991464547107979, 2, 0.05000000000000007],
  [0.1, 3, 0.9918374237318764],
  [7.8, 3, 0.050331097859853326],
  [4.0, 4, 0.40600584970983794],
  [20.0, 7, 0.005569683072945574],
  [3.0, 10, 0.9814240637778593],
  [30.0, 10, 0.000856641210775301],
  [55.0, 30, 0.0035499270232008744],
  [120.0, 100, 0.08440668109369177],
  [80.0, 100, 0.9296649333406051],
  [1100.0, 1000, 0.014614408126295192],
  [900.0, 1000, 0.9892827619087102],
  [1e-6, 5, 1.0],
  [250.0, 4, 6.509689997375721e-53],
];

describe('chi-square survival function', () => {
  it.each(SF)('sf(%f, df=%i) matches scipy', (x, df, expected) => expectClose(chiSquareSf(x, df), expected));

  it('agrees with closed forms: df = 1 is a two-sided normal tail, df = 2 is exp(−x/2)', () => {
    for (const z of [0.3, 1.5, 4, 12]) expectClose(chiSquareSf(z * z, 1), 2 * normalSf(z), 1e-13);
    for (const x of [0.01, 1, 7, 300]) expectClose(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-13);
  });

  it('is 1 at 0 and undefined without degrees of freedom', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-1, 3)).toBe(1);
    expect(chiSquareSf(2, 0)).toBeNaN();
    expect(regularizedGammaQ(-1, 2)).toBeNaN();
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
  });
});
