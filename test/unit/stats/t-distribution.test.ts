import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../../src/stats/t-distribution.ts';

// scipy.stats.t.ppf(p, df), scipy 1.17.1
const SCIPY_PPF: [number, number, number][] = [
  [0.975, 9, 2.262157162798205],
  [0.995, 9, 3.249835541592126],
  [0.975, 7, 2.364624251592784],
  [0.975, 4, 2.7764451051977934],
  [0.975, 2, 4.302652729749462],
  [0.975, 1, 12.706204736174694],
  [0.95, 3, 2.3533634348018233],
  [0.975, 29, 2.045229642132703],
  [0.975, 1000, 1.9623390808264083],
  [0.999, 3, 10.214531852407383],
  [0.9, 12, 1.356217334023205],
];

describe('Student t quantiles', () => {
  it.each(SCIPY_PPF)('t(%f, df=%i) matches scipy to 1e-11 relative', (p, df, expected) => {
    const t = studentTQuantile(p, df);
    expect(Math.abs(t - expected) / expected).toBeLessThan(1e-11);
    expect(studentTCdf(t, df)).toBeCloseTo(p, 14);
  });

  it('is symmetric and undefined outside (0, 1)', () => {
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262157162798205, 12);
    expect(studentTQuantile(1, 9)).toBeNaN();
    expect(studentTQuantile(0.5, 0)).toBeNaN();
  });
});
