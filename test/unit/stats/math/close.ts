import { expect } from 'vitest';

/** |actual − expected| ≤ tolerance·|expected| (absolute when expected is 0). */
export function expectClose(actual: number, expected: number, tolerance = 1e-9): void {
  const error = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  expect(error, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

export function expectAllClose(actual: readonly number[], expected: readonly number[], tolerance = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => (Number.isNaN(expected[i]) ? expect(v).toBeNaN() : expectClose(v, expected[i], tolerance)));
}
