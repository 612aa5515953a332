import { Float64, Int32, makeData, makeVector, Table, tableToIPC, Utf8, type Vector } from 'apache-arrow';

/**
 * Arrow columns filled value by value into typed arrays. Building Arrow this way instead of
 * with vectorFromArray over JS arrays is what makes SQLite ingest fast (see STACK.md).
 */
export interface ColumnBuilder {
  readonly length: number;
  /** Hands over the filled part as an Arrow vector and starts empty again. */
  flush(): Vector;
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
  take(length: number): { nullCount: number; nullBitmap?: Uint8Array } {
    const result = this.nulls ? { nullCount: this.nulls, nullBitmap: this.bits.slice(0, Math.ceil(length / 8)) } : { nullCount: 0 };
    this.bits.fill(0);
    this.nulls = 0;
    return result;
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
  protected abstract vector(length: number, nulls: ReturnType<Validity['take']>, values: T): Vector;
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
  flush(): Vector {
    const length = this.length;
    const nulls = this.validity.take(length);
    this.length = 0;
    return this.vector(length, nulls, this.values.slice(0, length) as T);
  }
}

export class NumberColumn extends FixedColumn<Float64Array> {
  protected allocate(capacity: number) {
    return new Float64Array(capacity);
  }
  protected vector(length: number, nulls: ReturnType<Validity['take']>, data: Float64Array) {
    return makeVector(makeData({ type: new Float64(), length, ...nulls, data }));
  }
}

/** Ids and indexes: the schema declares them INT, and 32 bits halve what DuckDB hashes when joining. */
export class IntColumn extends FixedColumn<Int32Array> {
  protected allocate(capacity: number) {
    return new Int32Array(capacity);
  }
  protected vector(length: number, nulls: ReturnType<Validity['take']>, data: Int32Array) {
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
      this.bytes.set(source.subarray(start, start + size), this.used);
      this.used += size;
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
  flush(): Vector {
    const length = this.length;
    const nulls = this.validity.take(length);
    const data = makeData({
      type: new Utf8(),
      length,
      ...nulls,
      valueOffsets: this.offsets.slice(0, length + 1),
      data: this.bytes.slice(0, this.used),
    });
    this.length = 0;
    this.used = 0;
    this.offsets[0] = 0;
    return makeVector(data);
  }
}

/** Flushes named builders into one Arrow IPC stream (the form DuckDB takes on both bindings). */
export function flushToIPC(columns: Record<string, ColumnBuilder>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, column] of Object.entries(columns)) vectors[name] = column.flush();
  return tableToIPC(new Table(vectors), 'stream');
}

/** Empty builders for a column description (a kind per name). */
export function buildersFor(columns: Record<string, 'int' | 'number' | 'text'>): Record<string, ColumnBuilder> {
  const builders: Record<string, ColumnBuilder> = {};
  for (const [name, kind] of Object.entries(columns)) builders[name] = kind === 'int' ? new IntColumn() : kind === 'number' ? new NumberColumn() : new TextColumn();
  return builders;
}
