import { readThriftStruct, type ThriftStruct, type ThriftValue } from './thrift-compact.ts';

/**
 * Where things are in a Parquet file, from its footer: what a reader needs to fetch the column
 * chunks it reads, and only those, from a file it does not hold.
 */
export interface FooterLayout {
  rowGroups: RowGroupLayout[];
  /** Where the page indexes start when the file has them (they sit before the metadata). */
  indexStart?: number;
}

export interface RowGroupLayout {
  rows: number;
  chunks: ColumnChunkRange[];
}

/** One column of one row group: bytes [start, end) of the file. */
export interface ColumnChunkRange {
  /** The top-level column it belongs to (what a reader selects by). */
  column: string;
  start: number;
  end: number;
}

/** The metadata's length and "PAR1" end every plain Parquet file. */
export const FOOTER_END_BYTES = 8;

/** The metadata's length, from the file's last 8 bytes; throws when they do not end a readable Parquet file. */
export function metadataLength(end: Uint8Array, fileSize: number): number {
  const magic = String.fromCharCode(...end.subarray(4, 8));
  if (magic === 'PARE') throw new Error('it is an encrypted Parquet file, which Trialbook cannot read');
  if (magic !== 'PAR1') throw new Error('it does not end like a Parquet file (cut short, or not Parquet)');
  const length = new DataView(end.buffer, end.byteOffset, 8).getUint32(0, true);
  if (length + FOOTER_END_BYTES + 4 > fileSize) throw new Error(`its footer claims ${length} bytes of metadata, more than the file holds`);
  return length;
}

// Field ids from parquet.thrift.
const FILE_ROW_GROUPS = 4;
const GROUP_COLUMNS = 1;
const GROUP_ROWS = 3;
const CHUNK_FILE_PATH = 1;
const CHUNK_META = 3;
const CHUNK_INDEX_OFFSETS = [4, 6];
const META_PATH = 3;
const META_COMPRESSED_SIZE = 7;
const META_DATA_PAGE = 9;
const META_DICTIONARY_PAGE = 11;

export function readFooterLayout(metadata: Uint8Array): FooterLayout {
  const file = readThriftStruct(metadata);
  let indexStart = Infinity;
  const rowGroups = list(file, FILE_ROW_GROUPS).map((group) => ({
    rows: int(struct(group), GROUP_ROWS),
    chunks: list(struct(group), GROUP_COLUMNS).map((value) => {
      const chunk = struct(value);
      if (chunk.has(CHUNK_FILE_PATH)) throw new Error('its column data is in other files (file_path), which Trialbook cannot follow');
      for (const field of CHUNK_INDEX_OFFSETS) if (chunk.has(field)) indexStart = Math.min(indexStart, int(chunk, field));
      const meta = chunk.get(CHUNK_META);
      if (!(meta instanceof Map)) throw new Error('a column chunk has no metadata (encrypted columns?)');
      // Where parquet-rs (inside parquet-wasm) starts reading a chunk: its dictionary page when it has one.
      const start = meta.has(META_DICTIONARY_PAGE) ? int(meta, META_DICTIONARY_PAGE) : int(meta, META_DATA_PAGE);
      const path = list(meta, META_PATH);
      if (!(path[0] instanceof Uint8Array)) throw new Error('a column chunk has no column path');
      return { column: new TextDecoder().decode(path[0]), start, end: start + int(meta, META_COMPRESSED_SIZE) };
    }),
  }));
  return { rowGroups, ...(indexStart < Infinity ? { indexStart } : {}) };
}

function struct(value: ThriftValue | undefined): ThriftStruct {
  if (value instanceof Map) return value;
  throw new Error('the footer is not Parquet metadata');
}

function list(from: ThriftStruct, field: number): ThriftValue[] {
  const value = from.get(field);
  if (Array.isArray(value)) return value;
  throw new Error(`the footer lacks field ${field}`);
}

function int(from: ThriftStruct, field: number): number {
  const value = from.get(field);
  if (typeof value === 'number' && value >= 0) return value;
  throw new Error(`the footer lacks field ${field}`);
}
