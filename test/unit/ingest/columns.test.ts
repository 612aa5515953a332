import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { flushToIPC, IntColumn, NumberColumn, TextColumn } from '../../../src/ingest/columns.ts';

const decode = (ipc: Uint8Array) => tableFromIPC(ipc).toArray().map((row) => row.toJSON());

describe('column builders', () => {
  it('reuse their buffers: each flushed stream keeps its own values and nulls', async () => {
    const id = new IntColumn(4);
    const value = new NumberColumn(4);
    const name = new TextColumn(4);
    const long = 'x'.repeat(100);
    for (let i = 0; i < 10; i++) {
      id.push(i % 3 === 0 ? null : i);
      value.push(i / 2);
      name.push(i % 2 ? `n${i}` : null);
    }
    const first = flushToIPC({ id, value, name });
    // The second chunk overwrites the same buffers with other values, text of other lengths and no nulls.
    for (let i = 0; i < 3; i++) {
      id.push(100 + i);
      value.push(-i);
      name.push(i === 1 ? long : `é${i}`);
    }
    const second = flushToIPC({ id, value, name });
    const empty = flushToIPC({ id, value, name });

    expect(decode(first)).toEqual(
      Array.from({ length: 10 }, (_, i) => ({ id: i % 3 === 0 ? null : i, value: i / 2, name: i % 2 ? `n${i}` : null })),
    );
    expect(decode(second)).toEqual([
      { id: 100, value: -0, name: 'é0' },
      { id: 101, value: -1, name: long },
      { id: 102, value: -2, name: 'é2' },
    ]);
    expect(tableFromIPC(second).getChild('id')!.nullCount).toBe(0);
    expect(decode(empty)).toEqual([]);
  });
});
