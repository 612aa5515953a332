/** One param's value as the params table stores it: the text, and the number when the text is one. */
export interface ParamValue {
  value: string | null;
  value_num: number | null;
}

export interface Param extends ParamValue {
  key: string;
}

/** A decimal number as people write it: 64, -0.5, .01, 1e-3, 2.5E+4 (no hex, no inf, no thousands separators). */
export const NUMBER_PATTERN = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const NUMBER = new RegExp(`^${NUMBER_PATTERN}$`);

/** The number a text spells, or null when it is not a (finite) number. */
export function numberFromText(text: string): number | null {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : null;
}

export function textValue(text: string): ParamValue {
  return { value: text, value_num: numberFromText(text) };
}

/**
 * A value read from YAML or JSON: numbers keep their number, lists become JSON text, null
 * stays NULL. Objects are flattened by flattenParams before they get here.
 */
export function paramValue(value: unknown): ParamValue {
  if (value === null || value === undefined) return { value: null, value_num: null };
  if (typeof value === 'number') return { value: String(value), value_num: Number.isFinite(value) ? value : null };
  if (typeof value === 'string') return textValue(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return { value: String(value), value_num: null };
  return { value: JSON.stringify(value), value_num: null };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested objects become dotted keys ({optimizer: {lr: 0.1}} → optimizer.lr); lists stay whole, as JSON text. */
export function flattenParams(object: Record<string, unknown>, prefix = ''): Param[] {
  return Object.entries(object).flatMap(([name, value]) => {
    const key = prefix + name;
    return isPlainObject(value) ? flattenParams(value, `${key}.`) : [{ key, ...paramValue(value) }];
  });
}
