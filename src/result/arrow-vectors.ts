import { Bool, makeData, makeVector, type Vector } from 'apache-arrow';
import { NumberColumn, TextColumn } from '../ingest/columns.ts';

/**
 * Arrow vectors from JS values without Arrow's Builders: a Builder compiles its null test with
 * `new Function`, which the page's Content-Security-Policy (no 'unsafe-eval') refuses.
 */
export function numberVector(values: readonly (number | null)[]): Vector {
  const column = new NumberColumn(Math.max(values.length, 1));
  for (const value of values) column.push(value);
  return column.view();
}

export function textVector(values: readonly (string | null)[]): Vector {
  const column = new TextColumn(Math.max(values.length, 1));
  for (const value of values) column.push(value);
  return column.view();
}

export function boolVector(values: readonly (boolean | null)[]): Vector {
  const bytes = Math.ceil(values.length / 8);
  const data = new Uint8Array(bytes);
  const valid = new Uint8Array(bytes);
  let nullCount = 0;
  values.forEach((value, index) => {
    if (value === null) nullCount++;
    else valid[index >> 3] |= 1 << (index & 7);
    if (value) data[index >> 3] |= 1 << (index & 7);
  });
  return makeVector(makeData({ type: new Bool(), length: values.length, nullCount, nullBitmap: nullCount ? valid : undefined, data }));
}
