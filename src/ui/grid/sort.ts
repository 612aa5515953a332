import { fullText } from './cell-text.ts';
import type { GridData } from './grid-data.ts';

export type SortDirection = 'asc' | 'desc';

/**
 * Row positions of `data` in the order of one column: stable (equal values keep their order),
 * nulls and NaN last whichever the direction. Each value is read once into a key (numbers, bigints,
 * times, booleans as 0/1, texts as their rank) and then only the keys are compared.
 */
export function sortedOrder(data: GridData, column: number, direction: SortDirection): Uint32Array {
  const keys = sortKeys(data, column);
  const sign = direction === 'asc' ? 1 : -1;
  const present: number[] = [];
  const missing: number[] = [];
  for (let row = 0; row < keys.length; row++) (Number.isNaN(keys[row]) ? missing : present).push(row);
  present.sort((a, b) => (keys[a] < keys[b] ? -sign : keys[a] > keys[b] ? sign : a - b));
  const order = new Uint32Array(keys.length);
  order.set(present);
  order.set(missing, present.length);
  return order;
}

/** One key a row; NaN for a missing value. Bigints stay bigints: `<` compares them with numbers exactly. */
function sortKeys(data: GridData, column: number): (number | bigint)[] {
  const type = data.columns[column].type;
  const values = Array.from({ length: data.rowCount }, (_, row) => data.value(row, column));
  if (type === 'text' || type === 'other') return textRanks(values);
  return values.map(numericKey);
}

function numericKey(value: unknown): number | bigint {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return Number(value);
  return Number.NaN;
}

// The order people expect of names: case and accents second, "run 9" before "run 10".
const collator = new Intl.Collator(undefined, { numeric: true });

/**
 * Each value's rank among the distinct texts in collator order. Ranking the distinct texts first
 * makes a column of repeated labels cheap; for all-distinct texts the collator is still too slow
 * (~300 ms for 100k), so they are sorted by `quickCompare` and the collator only checks the result.
 */
function textRanks(values: unknown[]): number[] {
  const texts = values.map((value) => (value === null || value === undefined ? null : fullText(value)));
  const distinct = [...new Set(texts)].filter((text) => text !== null);
  // Sorted by the collator itself, the check cannot fail.
  const ranks = collatorRanks(distinct.sort(quickCompare)) ?? collatorRanks(distinct.sort(collator.compare))!;
  return texts.map((text) => (text === null ? Number.NaN : ranks.get(text)!));
}

/**
 * Ranks of texts already sorted, texts the collator finds equal sharing one; null when some
 * neighbours are out of collator order. Neighbours in order mean the whole list is.
 */
function collatorRanks(sorted: string[]): Map<string, number> | null {
  const ranks = new Map<string, number>();
  let rank = 0;
  for (let i = 0; i < sorted.length; i++) {
    const order = i === 0 ? 0 : collator.compare(sorted[i - 1], sorted[i]);
    if (order > 0) return null;
    if (order < 0) rank++;
    ranks.set(sorted[i], rank);
  }
  return ranks;
}

/** Printable ASCII characters ranked by the collator, letter case aside; all digits rank as '0'. */
function collatorAsciiRanks(): Uint8Array {
  const base = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const chars: string[] = [];
  for (let code = 32; code < 127; code++) if (code < 49 || code > 57) chars.push(String.fromCharCode(code));
  chars.sort(base.compare);
  const ranks = new Uint8Array(128);
  let rank = 1;
  chars.forEach((char, i) => {
    if (i > 0 && base.compare(chars[i - 1], char) !== 0) rank++;
    ranks[char.charCodeAt(0)] = rank;
  });
  ranks.fill(ranks[48], 49, 58);
  return ranks;
}

const ASCII_RANKS = collatorAsciiRanks();

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * The collator's order for plain ASCII as a character walk, about twice as fast: characters by
 * their collator rank, digit runs by value, then lower case before upper. It may disagree with
 * the collator (locale contractions, control characters), which `collatorRanks` then catches.
 */
function quickCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (x < 32 || x > 126 || y < 32 || y > 126) return collator.compare(a, b);
    if (isDigit(x) && isDigit(y)) {
      // Leading zeros aside, the longer run is the larger number; same length, the first digit that differs.
      while (a.charCodeAt(i) === 48) i++;
      while (b.charCodeAt(j) === 48) j++;
      let endA = i;
      let endB = j;
      while (isDigit(a.charCodeAt(endA))) endA++;
      while (isDigit(b.charCodeAt(endB))) endB++;
      if (endA - i !== endB - j) return endA - i - (endB - j);
      for (; i < endA; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return a.charCodeAt(i) - b.charCodeAt(j);
      continue;
    }
    if (x !== y && ASCII_RANKS[x] !== ASCII_RANKS[y]) return ASCII_RANKS[x] - ASCII_RANKS[y];
    i++;
    j++;
  }
  if (i < a.length || j < b.length) return i < a.length ? 1 : -1;
  for (let k = 0; k < a.length && k < b.length; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return b.charCodeAt(k) - a.charCodeAt(k);
  return 0;
}
