// Byte-level damage for the bad-input corpus: reproducible from a seed, so a failing case can be
// rebuilt exactly, and nothing binary is committed.
import { mulberry32 } from '../../src/sample/generate.ts';

/** A copy with `count` single-bit flips at seeded positions in [from, to). */
export function flipBits(bytes: Uint8Array, seed: number, from: number, to: number, count: number): Uint8Array {
  const copy = bytes.slice();
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const at = from + Math.floor(random() * (to - from));
    copy[at] ^= 1 << Math.floor(random() * 8);
  }
  return copy;
}

/** SQLite's page size: header offset 16, big-endian, where 1 stands for 65536. */
export function sqlitePageSize(bytes: Uint8Array): number {
  const size = (bytes[16] << 8) | bytes[17];
  return size === 1 ? 65536 : size;
}
