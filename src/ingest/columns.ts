import { Float64, Int32, makeData, makeVector, Table, tableToIPC, Utf8, type Vector } from 'apache-arrow';

/**
 * Arrow columns filled value by value into typed arrays. Building Arrow this way instead of
 * with vectorFromArray over JS arrays is what makes SQLite ingest fast (see STACK.md).
 */
export interface ColumnBuilder {
  readonly length: number;
  /**
   * The filled part as an Arrow vector over the builder's own buffers (no copy): valid until the
   * builder is cleared or written to, so it must be serialised first (flushToIPC does).
   */
  view(): Vector;
  /** Starts empty again, keeping the buffers grown so far. */
  clear(): void;
}

class Validity {
  bits: Uint8Array;
  nulls = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array(Math.ceil(capacity / 8));
  }
  grow(capacity: number) {
    const bits = new Uint8Array(Math.ceil(capacity / 8));
    bits.set(this.bits);
    this.bits = bits;
  }
  set(index: number, valid: boolean) {
    if (valid) this.bits[index >> 3] |= 1 << (index & 7);
    else this.nulls++;
  }
  view(length: number): { nullCount: number; nullBitmap?: Uint8Array } {
    return this.nulls ? { nullCount: this.nulls, nullBitmap: this.bits.subarray(0, Math.ceil(length / 8)) } : { nullCount: 0 };
  }
  clear(length: number) {
    this.bits.fill(0, 0, Math.ceil(length / 8));
    this.nulls = 0;
  }
}

/**
 * Fixed-width numbers. The Arrow type comes from the column's declaration, never from its
 * values: a later chunk must append to the table the first one created.
 */
abstract class FixedColumn<T extends Float64Array | Int32Array> implements ColumnBuilder {
  protected values: T;
  private validity: Validity;
  length = 0;
  constructor(private capacity = 1024) {
    this.values = this.allocate(capacity);
    this.validity = new Validity(capacity);
  }
  protected abstract allocate(capacity: number): T;
  protected abstract vector(length: number, nulls: ReturnType<Validity['view']>, values: T): Vector;
  push(value: number | null) {
    if (this.length === this.capacity) this.grow();
    if (value === null) this.validity.set(this.length, false);
    else {
      this.values[this.length] = value;
      this.validity.set(this.length, true);
    }
    this.length++;
  }
  private grow() {
    this.capacity *= 2;
    const values = this.allocate(this.capacity);
    values.set(this.values);
    this.values = values;
    this.validity.grow(this.capacity);
  }
  view(): Vector {
    return this.vector(this.length, this.validity.view(this.length), this.values.subarray(0, this.length) as T);
  }
  clear() {
    this.validity.clear(this.length);
    this.length = 0;
  }
}

export class NumberColumn extends FixedColumn<Float64Array> {
  protected allocate(capacity: number) {
    return new Float64Array(capacity);
  }
  protected vector(length: number, nulls: ReturnType<Validity['view']>, data: Float64Array) {
    return makeVector(makeData({ type: new Float64(), length, ...nulls, data }));
  }
}

/** Ids and indexes: the schema declares them INT, and 32 bits halve what DuckDB hashes when joining. */
export class IntColumn extends FixedColumn<Int32Array> {
  protected allocate(capacity: number) {
    return new Int32Array(capacity);
  }
  protected vector(length: number, nulls: ReturnType<Validity['view']>, data: Int32Array) {
    return makeVector(makeData({ type: new Int32(), length, ...nulls, data }));
  }
}

/** UTF-8 text taken as bytes, so no JS string is made for values that only pass through. */
export class TextColumn implements ColumnBuilder {
  private offsets: Int32Array;
  private bytes: Uint8Array;
  private validity: Validity;
  private used = 0;
  length = 0;
  private static encoder = new TextEncoder();
  constructor(private capacity = 1024) {
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(capacity * 16);
    this.validity = new Validity(capacity);
  }
  /** Appends `source[start, start + size)`, or null when source is null. */
  pushBytes(source: Uint8Array | null, start: number, size: number) {
    if (this.length === this.capacity) this.growRows();
    if (source === null) this.validity.set(this.length, false);
    else {
      this.reserve(size);
      const { bytes, used } = this;
      // Most values are short (names, times): a loop beats making a subarray for each.
      if (size <= 64) for (let i = 0; i < size; i++) bytes[used + i] = source[start + i];
      else bytes.set(source.subarray(start, start + size), used);
      this.used = used + size;
      this.validity.set(this.length, true);
    }
    this.offsets[++this.length] = this.used;
  }
  push(value: string | null) {
    if (value === null) return this.pushBytes(null, 0, 0);
    const encoded = TextColumn.encoder.encode(value);
    this.pushBytes(encoded, 0, encoded.length);
  }
  private reserve(size: number) {
    if (this.used + size <= this.bytes.length) return;
    const bytes = new Uint8Array(Math.max(this.bytes.length * 2, this.used + size));
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }
  private growRows() {
    this.capacity *= 2;
    const offsets = new Int32Array(this.capacity + 1);
    offsets.set(this.offsets);
    this.offsets = offsets;
    this.validity.grow(this.capacity);
  }
  view(): Vector {
    const { length } = this;
    return makeVector(
      makeData({
        type: new Utf8(),
        length,
        ...this.validity.view(length),
        valueOffsets: this.offsets.subarray(0, length + 1),
        data: this.bytes.subarray(0, this.used),
      }),
    );
  }
  clear() {
    this.validity.clear(this.length);
    this.length = 0;
    this.used = 0;
  }
}

/**
 * Writes named builders as one Arrow IPC stream (the form DuckDB takes on both bindings) and
 * clears them: the stream is the only copy made, and the builders' buffers are reused.
 */
export function flushToIPC(columns: Record<string, ColumnBuilder>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, column] of Object.entries(columns)) vectors[name] = column.view();
  const ipc = tableToIPC(new Table(vectors), 'stream');
  for (const column of Object.values(columns)) column.clear();
  return ipc;
}

/** Empty builders for a column description (a kind per name). */
export function buildersFor(columns: Record<string, 'int' | 'number' | 'text'>): Record<string, ColumnBuilder> {
  const builders: Record<string, ColumnBuilder> = {};
  for (const [name, kind] of Object.entries(columns)) builders[name] = kind === 'int' ? new IntColumn() : kind === 'number' ? new NumberColumn() : new TextColumn();
  return builders;
}
