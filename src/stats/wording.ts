/** Numbers as findings print them: enough digits to compare, never a wall of them. */
export function num(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 1 : 3;
  return Number(value.toPrecision(Math.max(digits, 3))).toString();
}

export function interval(low: number | null, high: number | null): string {
  return `[${num(low)}, ${num(high)}]`;
}

export function pValue(p: number | null, name = 'p'): string {
  if (p === null || Number.isNaN(p)) return `${name} unknown`;
  return p < 0.001 ? `${name} < 0.001` : `${name} = ${Number(p.toPrecision(2))}`;
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** A number a table can hold: NaN and ±Infinity become null (JSON has neither). */
export function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
