import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalSf } from '../../../../src/stats/math/normal.ts';
import { expectClose } from './close.ts';

// scipy.stats.norm.cdf(x), scipy 1.17.1. Below −30 scipy itself is only good to ~2e-13 (checked
// against mpmath at 50 digits, which normalCdf matches to 5e-16), well inside 1e-9.
const CDF: [number, number][] = [
  [-37.5, 4.605353009581954e-308],
  [-30.0, 4.906713927147908e-198],
  [-20.0, 2.7536241186061556e-89],
  [-10.0, 7.61985302416047e-24],
  [-5.0, 2.866515718791933e-7],
  [-1.959963984540054, 0.025],
  [-0.5, 0.3085375387259869],
  [0.0, 0.5],
  [1e-10, 0.5000000000398942],
  [0.3, 0.6179114221889526],
  [0.67448975, 0.7499999999376898],
  [0.6744898, 0.7500000158265182],
  [1.0, 0.8413447460685429],
  [2.5, 0.9937903346742238],
  [5.65, 0.9999999919776081],
  [5.66, 0.9999999924313503],
  [7.0, 0.9999999999987201],
  [8.5, 1.0],
];

// scipy.stats.norm.sf(x)
const SF: [number, number][] = [
  [1.0, 0.15865525393145707],
  [3.0, 0.0013498980316300933],
  [6.0, 9.865876450376946e-10],
  [10.0, 7.61985302416047e-24],
  [20.0, 2.7536241186061556e-89],
  [38.0, 0.0],
];

// scipy.stats.norm.ppf(p)
const PPF: [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-100, -21.273453560965322],
  [1e-20, -9.262340089798409],
  [1e-10, -6.361340902404056],
  [1e-5, -4.264890793922825],
  [0.001, -3.090232306167813],
  [0.01, -2.3263478740408408],
  [0.02425, -1.972961051311885],
  [0.025, -1.9599639845400545],
  [0.1, -1.2815515655446004],
  [0.3, -0.5244005127080409],
  [0.49, -0.02506890825871106],
  [0.51, 0.02506890825871106],
  [0.7, 0.5244005127080407],
  [0.9, 1.2815515655446004],
  [0.975, 1.959963984540054],
  [0.99, 2.3263478740408408],
  [0.999999, 4.753424308817087],
  [0.999999999999, 7.0344869100478356],
];

describe('normal distribution', () => {
  it.each(CDF)('cdf(%f) matches scipy', (x, expected) => expectClose(normalCdf(x), expected));

  it.each(SF)('sf(%f) keeps the far right tail', (x, expected) => expectClose(normalSf(x), expected));

  it.each(PPF)('quantile(%f) matches scipy to 1e-14', (p, expected) => {
    expectClose(normalQuantile(p), expected, 1e-14);
    // The round trip amplifies the last bit of z by |z|, hence the looser check deep in the tail.
    expectClose(normalCdf(normalQuantile(p)), p, 1e-12);
  });

  it('has the right limits and rejects what is not a probability', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });
});
