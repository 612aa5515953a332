/**
 * Smoothing of a series (one value per epoch). Both return one value per input value. A
 * parameter out of range gives all NaN rather than an exception, like the other functions here.
 */

/**
 * Exponential moving average, = pandas Series.ewm(alpha=α, adjust=False).mean():
 * s₀ = x₀, sₜ = α·xₜ + (1 − α)·sₜ₋₁, for 0 < α ≤ 1 (α = 1 returns the series unchanged).
 */
export function ema(values: number[], alpha: number): number[] {
  if (!(alpha > 0 && alpha <= 1)) return values.map(() => NaN);
  let state = NaN;
  return values.map((v, i) => (state = i === 0 ? v : alpha * v + (1 - alpha) * state));
}

/**
 * Trailing moving average over `window` values, = pandas Series.rolling(window,
 * min_periods=1).mean(): the first window − 1 points average what there is so far. The
 * window total is kept with Neumaier compensation (as pandas does) so it does not drift over
 * long series.
 */
export function movingAverage(values: number[], window: number): number[] {
  if (!(Number.isInteger(window) && window >= 1)) return values.map(() => NaN);
  const out: number[] = [];
  let sum = 0;
  let compensation = 0;
  const add = (v: number) => {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  };
  values.forEach((v, i) => {
    add(v);
    if (i >= window) add(-values[i - window]);
    out.push((sum + compensation) / Math.min(i + 1, window));
  });
  return out;
}
