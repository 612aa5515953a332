/** One file in an archive: a relative path with '/' separators, and its content (text is written as UTF-8). */
export interface ZipFile {
  path: string;
  bytes: Uint8Array | string;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20; // 2.0: what every unzip reads
const UTF8_NAMES = 1 << 11;
const STORED = 0;

/**
 * A ZIP archive of the files, stored uncompressed: reports are small and mostly text, and
 * stored entries need no compressor in the bundle. No ZIP64, so up to 65,535 files and 4 GiB.
 */
export function zipFiles(files: ZipFile[], date: Date = new Date()): Uint8Array {
  if (files.length > 0xffff) throw new Error(`A ZIP without ZIP64 holds at most 65,535 files, not ${files.length}.`);
  const encoder = new TextEncoder();
  const { time, day } = dosDateTime(date);
  const entries = files.map((file) => {
    const name = encoder.encode(file.path);
    if (name.length > 0xffff) throw new Error(`The file name ${file.path.slice(0, 40)}… is too long for a ZIP.`);
    const data = typeof file.bytes === 'string' ? encoder.encode(file.bytes) : file.bytes;
    return { name, data, crc: crc32(data), offset: 0 };
  });
  const localSize = entries.reduce((sum, entry) => sum + 30 + entry.name.length + entry.data.length, 0);
  const centralSize = entries.reduce((sum, entry) => sum + 46 + entry.name.length, 0);
  if (localSize + centralSize > 0xffffffff) throw new Error('The files are too large for a ZIP without ZIP64 (4 GiB).');

  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (...values: number[]) => {
    for (const value of values) {
      view.setUint16(at, value, true);
      at += 2;
    }
  };
  const u32 = (...values: number[]) => {
    for (const value of values) {
      view.setUint32(at, value, true);
      at += 4;
    }
  };
  const bytes = (value: Uint8Array) => {
    out.set(value, at);
    at += value.length;
  };
  // The fields a local header and its central directory record share, in the same order.
  const common = (entry: (typeof entries)[number]) => {
    u16(VERSION, UTF8_NAMES, STORED, time, day);
    u32(entry.crc, entry.data.length, entry.data.length);
    u16(entry.name.length, 0); // no extra field
  };

  for (const entry of entries) {
    entry.offset = at;
    u32(LOCAL_HEADER);
    common(entry);
    bytes(entry.name);
    bytes(entry.data);
  }
  const centralOffset = at;
  for (const entry of entries) {
    u32(CENTRAL_HEADER);
    u16(VERSION); // made by
    common(entry);
    u16(0, 0, 0); // comment length, disk number, internal attributes
    u32(0, entry.offset); // external attributes, where the local header starts
    bytes(entry.name);
  }
  u32(END_OF_CENTRAL_DIRECTORY);
  u16(0, 0, entries.length, entries.length); // this disk, the directory's disk, entries here, entries in all
  u32(centralSize, centralOffset);
  u16(0); // no comment
  return out;
}

/** MS-DOS date and time, local like every unzip reads them, to two seconds; DOS years run 1980 to 2107. */
function dosDateTime(date: Date): { time: number; day: number } {
  const valid = !Number.isNaN(date.getTime());
  const year = valid ? Math.min(Math.max(date.getFullYear(), 1980), 2107) : 1980;
  if (!valid || year !== date.getFullYear()) return { time: 0, day: ((year - 1980) << 9) | (1 << 5) | 1 };
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE 802.3, reflected), as ZIP and PNG want it. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
