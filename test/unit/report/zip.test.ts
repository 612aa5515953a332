import { describe, expect, it } from 'vitest';
import { zipFiles } from '../../../src/report/zip.ts';
import { readZip, slowCrc32 } from './zip-reader.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('zipFiles', () => {
  it('stores each file with its name, size and CRC-32', () => {
    const png = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    const zip = zipFiles([
      { path: 'report.md', bytes: '# Report\n\nÄrger über Größen ✓\n' },
      { path: 'charts/loss.png', bytes: png },
      { path: 'charts/empty.svg', bytes: '' },
    ]);
    const entries = readZip(zip);
    expect(entries.map((entry) => entry.name)).toEqual(['report.md', 'charts/loss.png', 'charts/empty.svg']);
    expect(text(entries[0].data)).toBe('# Report\n\nÄrger über Größen ✓\n');
    expect(entries[1].data).toEqual(png);
    expect(entries[2].data.length).toBe(0);
    for (const entry of entries) {
      expect(entry.method).toBe(0);
      expect(entry.crc).toBe(slowCrc32(entry.data));
    }
  });

  it('computes the standard CRC-32 check value', () => {
    expect(slowCrc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const [entry] = readZip(zipFiles([{ path: 'check.txt', bytes: '123456789' }]));
    expect(entry.crc).toBe(0xcbf43926);
  });

  it('marks names as UTF-8 and keeps non-ASCII names intact', () => {
    const [entry] = readZip(zipFiles([{ path: 'charts/Genauigkeit-über-Epochen-準確度.svg', bytes: '<svg/>' }]));
    expect(entry.flags & (1 << 11)).not.toBe(0);
    expect(entry.name).toBe('charts/Genauigkeit-über-Epochen-準確度.svg');
  });

  it('writes the date and time in MS-DOS form, local time to two seconds', () => {
    const [entry] = readZip(zipFiles([{ path: 'a.txt', bytes: 'a' }], new Date(2026, 4, 17, 13, 45, 31)));
    expect({ year: (entry.date >> 9) + 1980, month: (entry.date >> 5) & 15, day: entry.date & 31 }).toEqual({ year: 2026, month: 5, day: 17 });
    expect({ hours: entry.time >> 11, minutes: (entry.time >> 5) & 63, seconds: (entry.time & 31) * 2 }).toEqual({ hours: 13, minutes: 45, seconds: 30 });
  });

  it('clamps dates DOS cannot hold to its first day', () => {
    const [entry] = readZip(zipFiles([{ path: 'a.txt', bytes: 'a' }], new Date(1970, 0, 1)));
    expect(entry.date).toBe((0 << 9) | (1 << 5) | 1);
  });

  it('writes a valid empty archive', () => {
    const zip = zipFiles([]);
    expect(zip.length).toBe(22);
    expect(readZip(zip)).toEqual([]);
  });
});
