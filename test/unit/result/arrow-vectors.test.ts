import { afterEach, describe, expect, it, vi } from 'vitest';
import { boolVector, numberVector, textVector } from '../../../src/result/arrow-vectors.ts';
import { plainRowsToArrow } from '../../../src/result/export/plain-rows.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The page's CSP has no 'unsafe-eval': code the page runs must never compile strings. */
function forbidEval() {
  const real = globalThis.Function;
  return vi.spyOn(globalThis, 'Function').mockImplementation(((...args: string[]) => {
    throw new Error(`compiled a string: ${args.join(' | ')}`);
  }) as unknown as typeof real);
}

describe('Arrow vectors without Builders', () => {
  it('hold numbers, text and booleans with their nulls', () => {
    forbidEval();
    const numbers = numberVector([1.5, null, Number.NaN, -0]);
    expect(numbers.length).toBe(4);
    expect(numbers.nullCount).toBe(1);
    expect([...numbers]).toEqual([1.5, null, Number.NaN, -0]);
    const text = textVector(['a', null, 'λ 🚀', '']);
    expect([...text]).toEqual(['a', null, 'λ 🚀', '']);
    const bools = boolVector([true, false, null, true, true, false, false, false, true]);
    expect([...bools]).toEqual([true, false, null, true, true, false, false, false, true]);
    expect(numberVector([]).length).toBe(0);
  });

  it('are what plain rows become, with nothing compiled from a string', () => {
    const spy = forbidEval();
    const table = plainRowsToArrow([{ trial: 'a', mean: 0.5, significant: true }, { trial: null, mean: null, significant: null }]);
    expect(table.toArray().map((row) => row.toJSON())).toEqual([{ trial: 'a', mean: 0.5, significant: true }, { trial: null, mean: null, significant: null }]);
    expect(spy).not.toHaveBeenCalled();
  });
});
