import { describe, expect, it } from 'vitest';
import { studentTTest, welchTTest, type TTestResult } from '../../../../src/stats/math/t-tests.ts';
import { expectClose } from './close.ts';

interface Case {
  name: string;
  a: number[];
  b: number[];
  t: number;
  df: number;
  p: number;
  se: number;
  meanDiff: number;
  ci95: [number, number];
  ci90: [number, number];
}

const NORMAL_A = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3, 6.1];
const NORMAL_B = [4.2, 4.8, 5.0, 4.6, 5.2, 4.4, 4.9, 4.7];
const UNEQUAL_A = [0.912, 0.905, 0.921, 0.899, 0.915];
const UNEQUAL_B = [0.871, 0.902, 0.858, 0.889, 0.867, 0.893, 0.88, 0.861, 0.875, 0.899, 0.884, 0.87];
const N2_A = [1.0, 2.0];
const N2_B = [3.0, 5.0];
const IDENTICAL_A = [0.3, 0.5, 0.4, 0.6];
const IDENTICAL_B = [0.3, 0.5, 0.4, 0.6];
// t ≈ 7385: p ≈ 1e-60, which 1 − cdf would have rounded to 0.
const HUGE_A = Array.from({ length: 10 }, (_, i) => 100.0 + 0.01 * i);
const HUGE_B = Array.from({ length: 10 }, (_, i) => 0.01 * i);
// One group without spread, the other with: still a test (Welch df = nb − 1).
const ONESIDED_ZERO_A = [2.0, 2.0, 2.0];
const ONESIDED_ZERO_B = [1.0, 1.5, 0.5, 1.2];
const N1STUDENT_A = [1.0];
const N1STUDENT_B = [2.0, 3.0, 4.0];

// scipy.stats.ttest_ind(a, b, equal_var=False) → statistic, df, pvalue, confidence_interval(0.95) and (0.90);
// se from scipy.stats._stats_py._unequal_var_ttest_denom(var(a, ddof=1), na, var(b, ddof=1), nb)
const WELCH: Case[] = [
  { name: 'normal', a: NORMAL_A, b: NORMAL_B, t: 4.301619797107516, df: 12.206416671261879, p: 0.0009903329107136222, se: 0.20631762960472932, meanDiff: 0.8874999999999993, ci95: [0.4388141590765855, 1.336185840923413], ci90: [0.5203000748474134, 1.2546999251525852] },
  { name: 'unequal', a: UNEQUAL_A, b: UNEQUAL_B, t: 5.506648809859325, df: 12.66879144354881, p: 0.00011085873242936144, se: 0.005687064446636954, meanDiff: 0.03131666666666666, ci95: [0.018997779410336285, 0.043635553922997034], ci90: [0.021225080758718623, 0.04140825257461469] },
  { name: 'n2', a: N2_A, b: N2_B, t: -2.23606797749979, df: 1.4705882352941178, p: 0.19872738893452602, se: 1.118033988749895, meanDiff: -2.5, ci95: [-9.418522830071064, 4.418522830071064], ci90: [-6.725979956426927, 1.7259799564269231] },
  { name: 'identical', a: IDENTICAL_A, b: IDENTICAL_B, t: 0.0, df: 6.0, p: 1.0, se: 0.09128709291752768, meanDiff: 0.0, ci95: [-0.22337146951647133, 0.22337146951647133], ci90: [-0.1773872788229082, 0.17738727882290808] },
  { name: 'huge', a: HUGE_A, b: HUGE_B, t: 7385.4894587600475, df: 18.0, p: 8.60794069230411e-60, se: 0.013540064007726447, meanDiff: 100.0, ci95: [99.9715533810999, 100.0284466189001], ci90: [99.97652066777293, 100.02347933222707] },
  { name: 'onesided_zero', a: ONESIDED_ZERO_A, b: ONESIDED_ZERO_B, t: 4.520394038593421, df: 3.0, p: 0.020242767589853414, se: 0.21015867021530818, meanDiff: 0.95, ci95: [0.28118131644995525, 1.6188186835500447], ci90: [0.4554202700087184, 1.4445797299912813] },
];
// scipy.stats.ttest_ind(a, b, equal_var=True) → statistic, df, pvalue, confidence_interval(0.95) and (0.90);
// se from scipy.stats._stats_py._equal_var_ttest_denom(var(a, ddof=1), na, var(b, ddof=1), nb)
const STUDENT: Case[] = [
  { name: 'normal', a: NORMAL_A, b: NORMAL_B, t: 4.301619797107516, df: 14.0, p: 0.0007312486920486889, se: 0.20631762960472932, meanDiff: 0.8874999999999993, ci95: [0.44499269454101964, 1.330007305458979], ci90: [0.5241106677881395, 1.2508893322118588] },
  { name: 'unequal', a: UNEQUAL_A, b: UNEQUAL_B, t: 4.4549595997327405, df: 15.0, p: 0.0004630999293536, se: 0.007029618555585867, meanDiff: 0.03131666666666666, ci95: [0.016333389390904597, 0.04629994394242872], ci90: [0.018993391357413743, 0.04363994197591957] },
  { name: 'n2', a: N2_A, b: N2_B, t: -2.23606797749979, df: 2.0, p: 0.1548457452714834, se: 1.118033988749895, meanDiff: -2.5, ci95: [-7.310511993647414, 2.310511993647414], ci90: [-5.764643125495054, 0.7646431254950512] },
  { name: 'identical', a: IDENTICAL_A, b: IDENTICAL_B, t: 0.0, df: 6.0, p: 1.0, se: 0.09128709291752768, meanDiff: 0.0, ci95: [-0.22337146951647133, 0.22337146951647133], ci90: [-0.1773872788229082, 0.17738727882290808] },
  { name: 'huge', a: HUGE_A, b: HUGE_B, t: 7385.4894587600475, df: 18.0, p: 8.60794069230411e-60, se: 0.013540064007726447, meanDiff: 100.0, ci95: [99.9715533810999, 100.0284466189001], ci90: [99.97652066777293, 100.02347933222707] },
  { name: 'onesided_zero', a: ONESIDED_ZERO_A, b: ONESIDED_ZERO_B, t: 3.8204302547666527, df: 5.0, p: 0.012367704932447475, se: 0.24866309202077683, meanDiff: 0.95, ci95: [0.3107911724582296, 1.5892088275417704], ci90: [0.44893184091557337, 1.4510681590844263] },
  { name: 'n1student', a: N1STUDENT_A, b: N1STUDENT_B, t: -1.7320508075688774, df: 2.0, p: 0.22540333075851665, se: 1.1547005383792515, meanDiff: -2.0, ci95: [-6.96827542350066, 2.9682754235006596], ci90: [-5.371708921694099, 1.3717089216940965] },
];

function check(result: TTestResult, c: Case): void {
  expectClose(result.t, c.t);
  expectClose(result.df, c.df);
  expectClose(result.p, c.p);
  expectClose(result.se, c.se);
  expectClose(result.meanDiff, c.meanDiff);
  expectClose(result.ci[0], c.ci95[0]);
  expectClose(result.ci[1], c.ci95[1]);
  expect(result.reason).toBeUndefined();
}

describe("Welch's t-test", () => {
  it.each(WELCH)('$name matches scipy', (c) => {
    check(welchTTest(c.a, c.b), c);
    const ci90 = welchTTest(c.a, c.b, { confidence: 0.9 }).ci;
    expectClose(ci90[0], c.ci90[0]);
    expectClose(ci90[1], c.ci90[1]);
  });

  it('needs 2 values per group (scipy: nan)', () => {
    const r = welchTTest([1], [2, 3, 4]);
    expect(r.t).toBeNaN();
    expect(r.p).toBeNaN();
    expect(r.ci).toEqual([NaN, NaN]);
    expect(r.meanDiff).toBe(-2);
    expect(r.reason).toBe("Welch's t-test needs at least 2 values in each group (has 1 and 3).");
    expect(welchTTest([], []).reason).toBe("Welch's t-test needs at least 2 values in each group (has 0 and 0).");
  });

  it('gives a reason when neither group has spread', () => {
    // scipy.stats.ttest_ind([1, 1, 1], [1, 1, 1], equal_var=False): t = nan, p = nan (df reported as 1.0);
    // with [2, 2, 2] as the second group scipy says t = -inf, p = 0.0. Neither is a usable test.
    for (const b of [[1, 1, 1], [2, 2, 2]]) {
      const r = welchTTest([1, 1, 1], b);
      expect(r.t).toBeNaN();
      expect(r.p).toBeNaN();
      expect(r.df).toBeNaN();
      expect(r.se).toBe(0);
      expect(r.reason).toBe('Every value within each group is the same, so there is no spread to test the difference against.');
    }
    expect(welchTTest([1, 1, 1], [2, 2, 2]).meanDiff).toBe(-1);
  });

  it('computes the test but no interval for a confidence outside (0, 1)', () => {
    const r = welchTTest(NORMAL_A, NORMAL_B, { confidence: 95 });
    expectClose(r.p, 0.0009903329107136222);
    expect(r.ci).toEqual([NaN, NaN]);
    expect(r.reason).toBe('The confidence level must be between 0 and 1 (got 95).');
  });
});

describe("Student's t-test", () => {
  it.each(STUDENT)('$name matches scipy', (c) => {
    check(studentTTest(c.a, c.b), c);
    const ci90 = studentTTest(c.a, c.b, { confidence: 0.9 }).ci;
    expectClose(ci90[0], c.ci90[0]);
    expectClose(ci90[1], c.ci90[1]);
  });

  it('needs a value in each group and 3 in all', () => {
    expect(studentTTest([1], [2]).reason).toBe("Student's t-test needs at least 1 value in each group and 3 in all (has 1 and 1).");
    expect(studentTTest([], [1, 2, 3]).p).toBeNaN();
  });

  it('gives a reason when neither group has spread (scipy: t = -inf, p = 0.0 for [1, 1, 1] vs [2, 2, 2])', () => {
    const r = studentTTest([1, 1, 1], [2, 2, 2]);
    expect(r.p).toBeNaN();
    expect(r.df).toBe(4);
    expect(r.reason).toBe('Every value within each group is the same, so there is no spread to test the difference against.');
  });
});
