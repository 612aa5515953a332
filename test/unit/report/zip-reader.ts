/** A small ZIP reader for the tests, written from the format's description, independent of src/report/zip.ts. */
export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  data: Uint8Array;
}

/** Reads the central directory, checks each record against its local header, and returns the entries. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  if (view.getUint32(end, true) !== 0x06054b50) throw new Error('no end of central directory record (or a comment)');
  const count = view.getUint16(end + 10, true);
  if (view.getUint16(end + 8, true) !== count) throw new Error('entries on this disk differ from the total');
  const centralSize = view.getUint32(end + 12, true);
  let at = view.getUint32(end + 16, true);
  if (at + centralSize !== end) throw new Error('the central directory does not end where the end record starts');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`no central header at ${at}`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (view.getUint32(offset, true) !== 0x04034b50) throw new Error(`no local header at ${offset}`);
    const local = [6, 8, 10, 12, 14, 18, 22].map((field) => (field >= 14 ? view.getUint32(offset + field, true) : view.getUint16(offset + field, true)));
    if (local.join() !== [flags, method, time, date, crc, compressed, size].join()) throw new Error('local header differs from the central record');
    const localNameLength = view.getUint16(offset + 26, true);
    const localName = bytes.subarray(offset + 30, offset + 30 + localNameLength);
    if (localName.join() !== nameBytes.join()) throw new Error('local name differs');
    const dataStart = offset + 30 + localNameLength + view.getUint16(offset + 28, true);
    if (compressed !== size) throw new Error('a stored entry must have equal sizes');
    entries.push({ name: decoder.decode(nameBytes), flags, method, time, date, crc, data: bytes.slice(dataStart, dataStart + size) });
  }
  return entries;
}

/** Bit by bit, without a table: a second implementation to check the archive's against. */
export function slowCrc32(data: Uint8Array): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
