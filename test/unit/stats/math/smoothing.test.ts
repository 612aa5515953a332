import { describe, expect, it } from 'vitest';
import { ema, movingAverage } from '../../../../src/stats/math/smoothing.ts';
import { expectAllClose } from './close.ts';

const LOSS = [2.5, 1.8, 1.2, 0.9, 0.7, 0.6, 0.65, 0.5];

describe('ema', () => {
  it('follows s0 = x0, s_t = α·x_t + (1 − α)·s_{t−1} (by hand)', () => {
    // 2.5; 0.3·1.8 + 0.7·2.5 = 2.29; 0.3·1.2 + 0.7·2.29 = 1.963
    expectAllClose(ema(LOSS, 0.3).slice(0, 3), [2.5, 2.29, 1.963], 1e-15);
  });

  it.each([
    // pandas.Series(LOSS).ewm(alpha=α, adjust=False).mean(), pandas 1.5.3 (Debian python3-pandas)
    [0.3, [2.5, 2.29, 1.963, 1.6441, 1.3608699999999998, 1.1326089999999998, 0.9878262999999998, 0.8414784099999999]],
    [0.5, [2.5, 2.15, 1.6749999999999998, 1.2874999999999999, 0.9937499999999999, 0.796875, 0.7234375, 0.61171875]],
    [1.0, LOSS],
  ])('α = %f matches pandas', (alpha, expected) => expectAllClose(ema(LOSS, alpha as number), expected as number[]));

  it('returns NaN for α outside (0, 1] and nothing for nothing', () => {
    expect(ema([1, 2], 0)).toEqual([NaN, NaN]);
    expect(ema([1, 2], 1.5)).toEqual([NaN, NaN]);
    expect(ema([], 0.5)).toEqual([]);
  });
});

describe('movingAverage', () => {
  it('averages the trailing window, and what there is before it fills (by hand)', () => {
    // (2.5), (2.5 + 1.8)/2, (2.5 + 1.8 + 1.2)/3, (1.8 + 1.2 + 0.9)/3
    expectAllClose(movingAverage(LOSS, 3).slice(0, 4), [2.5, 2.15, 5.5 / 3, 1.3], 1e-15);
  });

  it.each([
    // pandas.Series(LOSS).rolling(window, min_periods=1).mean(), pandas 1.5.3
    [1, LOSS],
    [3, [2.5, 2.15, 1.8333333333333333, 1.3, 0.9333333333333332, 0.7333333333333334, 0.65, 0.5833333333333334]],
    [20, [2.5, 2.15, 1.8333333333333333, 1.6, 1.42, 1.2833333333333334, 1.1928571428571428, 1.10625]],
  ])('window %i matches pandas', (window, expected) => expectAllClose(movingAverage(LOSS, window as number), expected as number[]));

  it('does not keep a trace of a huge value once it has left the window', () => {
    // pandas.Series([1e10, 1, 2, 3, 4, 5, 6]).rolling(2, min_periods=1).mean()
    expectAllClose(movingAverage([1e10, 1, 2, 3, 4, 5, 6], 2), [10000000000.0, 5000000000.5, 1.5, 2.5, 3.5, 4.5, 5.5], 1e-15);
  });

  it('returns NaN for a window that is not a positive whole number', () => {
    expect(movingAverage([1, 2], 0)).toEqual([NaN, NaN]);
    expect(movingAverage([1, 2], 1.5)).toEqual([NaN, NaN]);
  });
});
