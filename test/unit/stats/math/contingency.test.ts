import { describe, expect, it } from 'vitest';
import { chiSquareIndependence, fisherExact2x2 } from '../../../../src/stats/math/contingency.ts';
import { expectAllClose, expectClose } from './close.ts';

// scipy.stats.fisher_exact(table) → statistic (odds ratio), pvalue; scipy 1.17.1
const FISHER: [number[][], number, number][] = [
  [[[8, 2], [1, 5]], 20.0, 0.034965034965034975],
  [[[1, 9], [11, 3]], 0.030303030303030304, 0.0027594561852200836],
  [[[0, 5], [5, 0]], 0.0, 0.007936507936507938],
  [[[3, 3], [3, 3]], 1.0, 1.0],
  [[[2, 7], [8, 2]], 0.07142857142857142, 0.02301413756522116],
  [[[5, 0], [0, 5]], Infinity, 0.007936507936507938],
  [[[10, 10], [10, 10]], 1.0, 1.0],
  [[[1, 2], [2, 1]], 0.25, 1.0],
  [[[100, 50], [70, 90]], 2.5714285714285716, 6.15077263100415e-5],
  [[[0, 10], [3, 7]], 0.0, 0.21052631578947367],
  [[[7, 1], [1, 7]], 49.0, 0.0101010101010101],
  [[[1200, 800], [950, 1100]], 1.736842105263158, 3.207262482859626e-18],
  [[[12, 5], [6, 18]], 7.2, 0.005183187181613616],
  [[[3, 0], [0, 1]], Infinity, 0.25],
  // Equal rows: the mirror image x = 30 is exactly as likely as the observed 20 and counts.
  [[[20, 30], [30, 20]], 0.4444444444444444, 0.0713424034882103],
  [[[49000, 51000], [51000, 49000]], 0.9231064975009612, 3.888402220288614e-19],
  [[[40000, 10000], [39000, 11000]], 1.1282051282051282, 8.679834443400673e-15],
];

// scipy.stats.chi2_contingency(table) → statistic, dof, pvalue, expected_freq; scipy 1.17.1
const CHI2: [number[][], number, number, number, number[][]][] = [
  [[[10, 20], [30, 25]], 2.706155303030302, 1, 0.0999616438735349, [[14.117647058823529, 15.882352941176471], [25.88235294117647, 29.11764705882353]]],
  [[[8, 2], [1, 5]], 3.8095238095238093, 1, 0.050961936967763424, [[5.625, 4.375], [3.375, 2.625]]],
  [[[12, 5, 7], [6, 18, 3]], 10.808756038647344, 2, 0.004496850485644469, [[8.470588235294118, 10.823529411764707, 4.705882352941177], [9.529411764705882, 12.176470588235293, 5.294117647058823]]],
  [
    [[5, 3, 2, 8], [4, 6, 9, 1], [7, 2, 3, 5]],
    13.914419934640522,
    6,
    0.030606887778257333,
    [[5.236363636363636, 3.6, 4.581818181818182, 4.581818181818182], [5.818181818181818, 4.0, 5.090909090909091, 5.090909090909091], [4.945454545454545, 3.4, 4.327272727272727, 4.327272727272727]],
  ],
  [[[3, 4, 5]], 0.0, 0, 1.0, [[3.0, 4.0, 5.0]]],
  [[[2], [3]], 0.0, 0, 1.0, [[2.0], [3.0]]],
  // Non-integer counts are accepted, as by scipy.
  [[[100, 0.5], [0.2, 50]], 143.15861111884846, 1, 5.426895741979598e-33, [[66.82216323822163, 33.67783676177837], [33.377836761778376, 16.822163238221638]]],
  [[[10, 10], [10, 10]], 0.0, 1, 1.0, [[10.0, 10.0], [10.0, 10.0]]],
  // Every |observed − expected| is below 0.5: Yates shrinks each to 0, never past the expected count.
  [[[6, 5], [5, 5.6]], 0.0, 1, 1.0, [[5.601851851851851, 5.398148148148148], [5.398148148148148, 5.201851851851852]]],
  [[[1000, 20], [950, 60]], 20.19501103065622, 1, 6.993508998761712e-6, [[979.8029556650247, 40.19704433497537], [970.1970443349753, 39.80295566502463]]],
];

describe("Fisher's exact test", () => {
  it.each(FISHER)('%j matches scipy', (table, oddsRatio, p) => {
    const r = fisherExact2x2(table);
    if (Number.isFinite(oddsRatio)) expectClose(r.oddsRatio, oddsRatio);
    else expect(r.oddsRatio).toBe(oddsRatio);
    expectClose(r.p, p);
    expect(r.reason).toBeUndefined();
  });

  it('is accurate where scipy is not: a 2,000,000-count table', () => {
    // scipy.stats.fisher_exact([[499000, 501000], [501000, 499000]]).pvalue = 0.004698431265590302 (2.4e-10 off);
    // the hypergeometric sum at 30 digits with mpmath.loggamma: 0.0046984312644577646637692647664
    expectClose(fisherExact2x2([[499000, 501000], [501000, 499000]]).p, 0.0046984312644577646637692647664, 1e-13);
  });

  it('gives p = 1 and no odds ratio when a row or column is empty (scipy: nan, 1.0)', () => {
    for (const table of [[[0, 0], [3, 4]], [[0, 3], [0, 4]]]) {
      expect(fisherExact2x2(table)).toEqual({ oddsRatio: NaN, p: 1, reason: 'A row or column of the table is all zeros, so the odds ratio is undefined (and p = 1).' });
    }
  });

  it('wants a 2 × 2 table of counts', () => {
    expect(fisherExact2x2([[1, 2, 3], [4, 5, 6]]).reason).toBe("Fisher's exact test here needs a 2 × 2 table.");
    expect(fisherExact2x2([[1, 2.5], [4, 5]]).reason).toBe("Fisher's exact test needs counts: whole numbers of at least 0.");
    expect(fisherExact2x2([[1, -2], [4, 5]]).p).toBeNaN();
  });
});

describe('chi-square test of independence', () => {
  it.each(CHI2)('%j matches scipy', (table, chi2, df, p, expected) => {
    const r = chiSquareIndependence(table);
    expectClose(r.chi2, chi2);
    expect(r.df).toBe(df);
    expectClose(r.p, p);
    r.expected.forEach((row, i) => expectAllClose(row, expected[i]));
    expect(r.reason).toBeUndefined();
  });

  it('gives a reason when an expected count is 0 (scipy raises ValueError)', () => {
    const r = chiSquareIndependence([[0, 3], [0, 4]]);
    expect(r.chi2).toBeNaN();
    expect(r.p).toBeNaN();
    expect(r.df).toBe(1);
    expect(r.expected).toEqual([[0, 3], [0, 4]]);
    expect(r.reason).toBe('A row or column of the table is all zeros, so some expected counts are 0 and the chi-square test is undefined.');
  });

  it('wants a rectangular table of counts', () => {
    expect(chiSquareIndependence([]).reason).toBe('The chi-square test needs a table with at least one cell and the same number of columns in every row.');
    expect(chiSquareIndependence([[1, 2], [3]]).p).toBeNaN();
    expect(chiSquareIndependence([[1, -2], [3, 4]]).reason).toBe('The chi-square test needs counts of at least 0.');
  });
});
