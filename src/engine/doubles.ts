import { DataType, Field, Float64, makeData, RecordBatch, Schema, Struct, Table, type Data } from 'apache-arrow';

/**
 * 64-bit integers and decimals as doubles, at any depth. DuckDB-WASM's own cast options do this
 * for top-level columns only: inside a list or struct they relabel the type but keep the int64
 * bytes, so `[count(*)]` read back as 5e-324 (duckdb-wasm#1267). So results leave DuckDB uncast
 * and are converted here. Integers beyond 2^53 round, as they would in any JS number.
 */
export function withDoubles(table: Table): Table {
  if (!table.schema.fields.some((field) => needsCast(field.type))) return table;
  const fields = table.schema.fields.map(castField);
  const schema = new Schema(fields, table.schema.metadata);
  const batches = table.batches.map((batch) => {
    const children = batch.data.children.map(castData);
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children }));
  });
  return new Table(schema, batches);
}

function needsCast(type: DataType): boolean {
  if (DataType.isInt(type) && type.bitWidth === 64) return true;
  if (DataType.isDecimal(type)) return true;
  return (type.children ?? []).some((child: Field) => needsCast(child.type));
}

function castField(field: Field): Field {
  return needsCast(field.type) ? new Field(field.name, castType(field.type), field.nullable, field.metadata) : field;
}

function castType(type: DataType): DataType {
  if ((DataType.isInt(type) && type.bitWidth === 64) || DataType.isDecimal(type)) return new Float64();
  const children = (type.children ?? []).map(castField);
  // Nested types keep their shape; only their children change.
  return Object.assign(Object.create(Object.getPrototypeOf(type)), type, { children });
}

function castData(data: Data): Data {
  const type = data.type as DataType;
  if (!needsCast(type)) return data;
  const common = { length: data.length, nullCount: data.nullCount, nullBitmap: data.nullBitmap, offset: data.offset };
  if (DataType.isInt(type)) {
    return makeData({ type: new Float64(), ...common, data: Float64Array.from(data.values as BigInt64Array, Number) });
  }
  if (DataType.isDecimal(type)) {
    return makeData({ type: new Float64(), ...common, data: decimalsToDoubles(data.values as Uint32Array, type.scale, type.bitWidth) });
  }
  const children = data.children.map(castData);
  // makeData takes a struct's children as `children`, a list's (or map's) single child as `child`.
  const nested = DataType.isStruct(type) ? { children } : { child: children[0] };
  return makeData({ ...common, type: castType(type), ...nested, valueOffsets: data.valueOffsets } as unknown as Parameters<typeof makeData>[0]);
}

/** Two's-complement little-endian words to the nearest double, via text so rounding happens once. */
function decimalsToDoubles(words: Uint32Array, scale: number, bitWidth: number): Float64Array {
  const stride = bitWidth / 32;
  const out = new Float64Array(words.length / stride);
  for (let i = 0; i < out.length; i++) {
    let value = 0n;
    for (let w = stride - 1; w >= 0; w--) value = (value << 32n) | BigInt(words[i * stride + w]);
    if (words[i * stride + stride - 1] & 0x80000000) value -= 1n << BigInt(bitWidth);
    out[i] = Number(`${value}e-${scale}`);
  }
  return out;
}
