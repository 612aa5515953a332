import { describe, expect, it } from 'vitest';
import { mannWhitneyU, type MannWhitneyMethod } from '../../../../src/stats/math/mann-whitney.ts';
import { expectClose } from './close.ts';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const RANGE_100 = range(0, 100);
// numpy.random.default_rng(7) draws rounded to 3–4 decimals, without ties.
const BIG_A = [0.0012, 0.2987, -0.2741, -0.8906, -0.4547, -0.9916, 0.0601, 1.3402, -0.4922, -0.6205, 0.4898, 0.3569, 0.1054, -0.9305, -0.0293, 0.6953, -1.3442, -0.4576, -1.9012, -1.2895, -1.8417, -0.2351, -1.2674, 0.2713, 0.1568, -0.1869, -2.5168, -0.5387, -0.0485, 0.1133, -1.5301, -0.4778, -0.9785, -0.8088, 1.0609, -0.8075, -0.0325, 0.8844, -0.5836, -0.1117, 0.1105, 0.0638, -1.2251, 0.0761, 1.3588, -1.5471, 0.8594, 0.1194, -0.6415, 2.0004];
const BIG_B = [1.2123, -0.7493, 0.5245, 1.0267, 0.2612, 1.1329, 0.3835, 1.1172, 1.8885, -0.2257, 0.6531, -0.0133, 0.5773, -0.7372, -0.1293, 0.2538, 1.3488, 1.5952, -0.8735, -0.3446, 1.0969, -1.5424, -0.0132, 0.3527, 1.707, 1.1394, 0.1228, 0.0814, 0.1998, 1.9735, 0.022, 0.1463, 0.8026, 0.3292, 0.2527, -0.6641, 0.4385, 0.0064, 1.6161, 1.1031, 0.4259, 1.1184, 0.1101, 1.5021, 0.4446, 1.0334, -0.8409, 0.7967, -1.2382, -1.5853];
const MID_A = [9.391, 8.2, 10.328, 14.49, 8.337, 8.752, 10.411, 10.986, 9.647, 9.588, 11.405, 11.04];
const MID_B = [9.933, 11.842, 12.071, 9.891, 12.52, 10.284, 13.944, 12.385, 12.179, 10.818, 11.763, 8.005, 9.737, 12.726, 7.743];
const EIGHT = [1.847, -0.746, 1.757, 0.155, 1.779, 1.131, -0.537, 2.249];
const THIRTY = [1.442, -0.066, -0.274, -0.16, -0.975, 1.099, -0.543, -0.051, -0.793, -0.626, -1.278, 1.257, -0.154, 0.966, 0.013, -0.694, -0.327, -0.56, 0.008, -0.375, -0.3, -1.379, -0.807, 1.654, -0.671, -1.054, 0.337, 1.407, -1.454, -0.209];

// scipy.stats.mannwhitneyu(a, b) (or with method=… where a sixth column is given) → statistic, pvalue,
// and the method scipy's 'auto' chose (scipy.stats._mannwhitneyu._mwu_choose_method); scipy 1.17.1
const CASES: [string, number[], number[], number, number, MannWhitneyMethod, MannWhitneyMethod?][] = [
  ['exact, no ties', [19, 22, 16, 29, 24], [20, 11, 17, 12], 17.0, 0.1111111111111111, 'exact'],
  ['exact, U1 below U2', [20, 11, 17, 12], [19, 22, 16, 29, 24], 3.0, 0.1111111111111111, 'exact'],
  ['exact, 8 against 30', EIGHT, THIRTY, 188.0, 0.01348235009475397, 'exact'],
  ['exact, far tail', [101, 102, 103], RANGE_100, 300.0, 1.1308954996013593e-05, 'exact'],
  ['ties, small', [1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 6], 7.0, 0.1620516143696369, 'asymptotic'],
  ['asymptotic, 12 against 15', MID_A, MID_B, 60.0, 0.1500223283340055, 'asymptotic'],
  ['asymptotic, ties, larger', [1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6], [2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8], 29.5, 0.025229499230761128, 'asymptotic'],
  ['all equal', [4, 4, 4], [4, 4], 3.0, 1.0, 'asymptotic'],
  ['one against one', [1], [2], 0.0, 1.0, 'exact'],
  ['one against five', [3.5], [1, 2, 3, 4, 5], 3.0, 1.0, 'exact'],
  ['separated, 20 against 20', range(0, 20), range(100, 120), 0.0, 6.795615128173358e-08, 'asymptotic'],
  ['forced exact, 50 against 50', BIG_A, BIG_B, 687.0, 7.660201923198743e-05, 'exact', 'exact'],
  ['asymptotic, 50 against 50', BIG_A, BIG_B, 687.0, 0.00010541671182993176, 'asymptotic'],
  ['forced asymptotic, small', [19, 22, 16, 29, 24], [20, 11, 17, 12], 17.0, 0.11134688653314041, 'asymptotic', 'asymptotic'],
  ['forced exact with ties', [1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 6], 7.0, 0.17748917748917747, 'exact', 'exact'],
];

describe('Mann–Whitney U', () => {
  it.each(CASES)('%s matches scipy', (_, a, b, u, p, method, forced) => {
    const result = mannWhitneyU(a, b, forced ? { method: forced } : {});
    expect(result.u).toBe(u);
    expectClose(result.p, p);
    expect(result.method).toBe(method);
    expect(result.reason).toBeUndefined();
  });

  it('counts the exact distribution for 50 against 50 quickly', () => {
    const started = performance.now();
    mannWhitneyU(BIG_A, BIG_B, { method: 'exact' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('needs a value in each group (scipy raises)', () => {
    expect(mannWhitneyU([], [1, 2])).toEqual({ u: NaN, p: NaN, method: null, reason: 'The Mann–Whitney test needs at least 1 value in each group (has 0 and 2).' });
  });
});
