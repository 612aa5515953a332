import { describe, expect, it } from 'vitest';
import { lnGammaRatio, studentTCdf, studentTSf, studentTTwoSidedP } from '../../../../src/stats/t-distribution.ts';
import { expectClose } from './close.ts';

// scipy.stats.t.sf(t, df), scipy 1.17.1
const SF: [number, number, number][] = [
  [0.0, 5.0, 0.5],
  [0.5, 1.0, 0.35241638234956674],
  [-1.2, 3.0, 0.8418689426509474],
  [2.1, 7.5, 0.035618535729039044],
  [3.0, 29.0, 0.002749596066951706],
  [-2.0, 100.0, 0.9758939106344332],
  [1.7, 10000.0, 0.04458101136385251],
  [12.0, 4.0, 0.0001382142742514865],
  [40.0, 10.0, 1.1404288715428768e-12],
  [-6.0, 2.3, 0.9905257960043254],
];

// 2 * scipy.stats.t.sf(abs(t), df)
const TWO_SIDED: [number, number, number][] = [
  [0.01, 10.0, 0.9922179749909714],
  [1.0, 1.0, 0.5000000000000001],
  [2.2, 9.0, 0.05534057279861165],
  [-3.5, 14.2, 0.0034680700031724672],
  [8.0, 18.0, 2.4507205322191e-7],
  [1000.0, 18.0, 3.6784151376334376e-44],
  [-1000.0, 18.0, 3.6784151376334376e-44],
  [100000.0, 3.0, 2.2053155808932545e-15],
  [25.0, 200.0, 1.8539096107492594e-63],
  [4.0, 1.5, 0.08983252695432825],
  [2.0, 100000.0, 0.04550296345750651],
];

// numpy.log(scipy.special.poch(x, d)) = ln Γ(x + d) − ln Γ(x)
const LN_GAMMA_RATIO: [number, number, number][] = [
  [0.5, 0.5, -0.5723649429246999],
  [3.0, 0.5, 0.507826421787129],
  [9.5, 2.0, 4.602667055769973],
  [10.0, 0.5, 1.1387977393222943],
  [15.0, 0.5, 1.34569330837693],
  [19.5, 0.5, 1.4787976782384007],
  [20.0, 0.5, 1.4916167873313029],
  [25.0, 3.0, 9.772809228894012],
  [55.5, 0.5, 2.0059392885873137],
  [1000.0, 0.5, 3.4537526394969973],
  [1000000.0, 0.5, 6.907755153982137],
  [12.0, 7.25, 19.624291691309672],
];

describe('Student t tails', () => {
  it.each(SF)('sf(%f, df=%f) matches scipy', (t, df, expected) => {
    expectClose(studentTSf(t, df), expected);
    expectClose(studentTCdf(-t, df), expected);
  });

  it.each(TWO_SIDED)('two-sided p(%f, df=%f) matches scipy, also far below 1e-16', (t, df, expected) => expectClose(studentTTwoSidedP(t, df), expected));

  it('keeps the digits of p near 1 for tiny t (1 − p = (2/π)·atan(t) for df = 1)', () => {
    expectClose(1 - studentTTwoSidedP(1e-6, 1), (2 / Math.PI) * Math.atan(1e-6), 1e-9);
  });

  it('handles infinite t and bad df', () => {
    expect(studentTTwoSidedP(Infinity, 3)).toBe(0);
    expect(studentTSf(-Infinity, 3)).toBe(1);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTTwoSidedP(1, 0)).toBeNaN();
    expect(studentTTwoSidedP(NaN, 3)).toBeNaN();
  });

  it.each(LN_GAMMA_RATIO)('lnGammaRatio(%f, %f) matches scipy', (x, d, expected) => expectClose(lnGammaRatio(x, d), expected, 1e-12));
});
