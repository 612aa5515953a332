/**
 * A reader for Thrift's compact protocol, which Parquet's footer is written in. It decodes any
 * struct generically (field id → value), so the footer reader picks the few fields it needs and
 * every other field, present or added by a later Parquet version, is skipped by its type.
 */
export type ThriftValue = number | boolean | Uint8Array | ThriftValue[] | ThriftStruct;
export type ThriftStruct = Map<number, ThriftValue>;

const Type = {
  Stop: 0,
  True: 1,
  False: 2,
  Byte: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  Double: 7,
  Binary: 8,
  List: 9,
  Set: 10,
  Map: 11,
  Struct: 12,
} as const;

export function readThriftStruct(bytes: Uint8Array): ThriftStruct {
  return new CompactReader(bytes).struct();
}

class CompactReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  struct(): ThriftStruct {
    const fields: ThriftStruct = new Map();
    let last = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === Type.Stop) return fields;
      const delta = header >> 4;
      last = delta ? last + delta : this.zigzag();
      // A struct field's boolean is in its type; only list elements spend a byte on it.
      fields.set(last, type === Type.True ? true : type === Type.False ? false : this.value(type));
    }
  }

  private value(type: number): ThriftValue {
    switch (type) {
      case Type.True:
      case Type.False:
        return this.byte() === 1;
      case Type.Byte:
        return this.byte();
      case Type.I16:
      case Type.I32:
      case Type.I64:
        return this.zigzag();
      case Type.Double:
        this.take(8);
        return 0;
      case Type.Binary:
        return this.take(this.varint());
      case Type.List:
      case Type.Set:
        return this.list();
      case Type.Map:
        return this.map();
      case Type.Struct:
        return this.struct();
      default:
        throw new Error(`unknown Thrift type ${type} at byte ${this.at}`);
    }
  }

  private list(): ThriftValue[] {
    const header = this.byte();
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    const type = header & 0x0f;
    const items: ThriftValue[] = [];
    for (let i = 0; i < size; i++) items.push(this.value(type));
    return items;
  }

  private map(): ThriftValue[] {
    const size = this.varint();
    if (size === 0) return [];
    const types = this.byte();
    const entries: ThriftValue[] = [];
    for (let i = 0; i < size; i++) entries.push([this.value(types >> 4), this.value(types & 0x0f)]);
    return entries;
  }

  /** Unsigned LEB128; exact up to 2^53, which every offset and size in a file that fits a tab is below. */
  private varint(): number {
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) return result;
    }
    throw new Error(`a Thrift integer at byte ${this.at} does not end`);
  }

  private zigzag(): number {
    const n = this.varint();
    return n % 2 ? -(n + 1) / 2 : n / 2;
  }

  private byte(): number {
    if (this.at >= this.bytes.length) throw new Error('the Thrift data ends in the middle of a value');
    return this.bytes[this.at++];
  }

  private take(length: number): Uint8Array {
    if (this.at + length > this.bytes.length) throw new Error('the Thrift data ends in the middle of a value');
    return this.bytes.subarray(this.at, (this.at += length));
  }
}
