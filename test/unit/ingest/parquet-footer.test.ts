import { describe, expect, it } from 'vitest';
import * as parquet from 'parquet-wasm/node';
import { coalesceRanges } from '../../../src/ingest/byte-ranges.ts';
import { metadataLength, readFooterLayout } from '../../../src/ingest/parquet-footer.ts';
import { flatParquetWithNotes } from '../../fixtures/hosted-parquet.ts';

describe('the Parquet footer, read without parquet-wasm', () => {
  // 20 row groups: more than 14 list items take the long form of Thrift's list header.
  const bytes = flatParquetWithNotes({ rows: 4_000, rowGroupRows: 200, noteBytes: 16 });
  const footer = () => {
    const length = metadataLength(bytes.subarray(-8), bytes.length);
    return readFooterLayout(bytes.subarray(bytes.length - 8 - length, bytes.length - 8));
  };

  it('gives every column chunk where parquet-wasm finds it, with its rows', async () => {
    const layout = footer();
    const file = await parquet.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    const groups = file.metadata().rowGroups();
    expect(layout.rowGroups.map((group) => group.rows)).toEqual(groups.map((group) => group.numRows()));
    layout.rowGroups.forEach((group, index) => {
      const chunks = groups[index].columns();
      expect(group.chunks.map((chunk) => chunk.column)).toEqual(chunks.map((chunk) => chunk.columnPath()[0]));
      expect(group.chunks.map((chunk) => chunk.end - chunk.start)).toEqual(chunks.map((chunk) => chunk.compressedSize()));
    });
    // parquet-wasm writes the chunks back to back after "PAR1", then the page indexes.
    const chunks = layout.rowGroups.flatMap((group) => group.chunks);
    expect(chunks[0].start).toBe(4);
    chunks.slice(1).forEach((chunk, index) => expect(chunk.start).toBe(chunks[index].end));
    expect(layout.indexStart).toBe(chunks.at(-1)!.end);
    file.free();
  });

  it('refuses an end that is not a Parquet footer, saying why', () => {
    const cut = bytes.slice(0, -100);
    expect(() => metadataLength(cut.subarray(-8), cut.length)).toThrow(/does not end like a Parquet file/);
    const encrypted = bytes.slice();
    encrypted.set([0x50, 0x41, 0x52, 0x45], encrypted.length - 4);
    expect(() => metadataLength(encrypted.subarray(-8), encrypted.length)).toThrow(/encrypted/);
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(huge.length - 8, huge.length, true);
    expect(() => metadataLength(huge.subarray(-8), huge.length)).toThrow(/more than the file holds/);
  });

  it('refuses metadata cut short instead of reading past it', () => {
    const length = metadataLength(bytes.subarray(-8), bytes.length);
    expect(() => readFooterLayout(bytes.subarray(bytes.length - 8 - length, bytes.length - 8 - length / 2))).toThrow(/ends in the middle of a value/);
  });
});

describe('coalescing byte ranges', () => {
  it('merges overlapping and nearby ranges, in file order, and keeps distant ones apart', () => {
    const ranges = [
      { start: 500, end: 600 },
      { start: 0, end: 100 },
      { start: 90, end: 150 },
      { start: 160, end: 200 },
    ];
    expect(coalesceRanges(ranges, 10)).toEqual([
      { start: 0, end: 200 },
      { start: 500, end: 600 },
    ]);
    expect(coalesceRanges(ranges, 0)).toEqual([
      { start: 0, end: 150 },
      { start: 160, end: 200 },
      { start: 500, end: 600 },
    ]);
    expect(ranges[1]).toEqual({ start: 0, end: 100 });
  });
});
