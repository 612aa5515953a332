/**
 * Writes the app's icons into static/icons/ (committed; run again only when the design changes):
 *   npx tsx scripts/make-icons.ts
 * The design is the favicon in index.html: a rounded square in the accent colour with three
 * white bars, on a 32-unit grid. PNGs are drawn here pixel by pixel (4×4 samples per pixel for
 * smooth edges) and deflated with node:zlib, so no image library is needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { crc32 } from '../src/report/zip.ts';

const OUT = new URL('../static/icons/', import.meta.url);
const ACCENT: Rgb = [0x2f, 0x6f, 0x6a];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const GRID = 32;
const CORNER = 7;
/** x, y, width, height on the grid; they sit inside the central circle maskable icons keep. */
const BARS = [
  [8, 16, 4, 6],
  [14, 10, 4, 12],
  [20, 13, 4, 9],
] as const;
const SAMPLES = 4;

type Rgb = readonly [number, number, number];

/** `rounded`: the transparent-cornered icon; otherwise full bleed, for maskable and Apple icons. */
function drawIcon(size: number, rounded: boolean): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0;
      let bar = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) * GRID) / size;
          const y = ((py + (sy + 0.5) / SAMPLES) * GRID) / size;
          if (rounded && !inRoundedSquare(x, y)) continue;
          inside++;
          if (BARS.some(([bx, by, bw, bh]) => x >= bx && x < bx + bw && y >= by && y < by + bh)) bar++;
        }
      }
      const offset = (py * size + px) * 4;
      if (inside === 0) continue;
      const share = bar / inside;
      for (let c = 0; c < 3; c++) rgba[offset + c] = Math.round(ACCENT[c] * (1 - share) + WHITE[c] * share);
      rgba[offset + 3] = Math.round((255 * inside) / SAMPLES ** 2);
    }
  }
  return rgba;
}

function inRoundedSquare(x: number, y: number): boolean {
  const dx = Math.max(CORNER - x, x - (GRID - CORNER), 0);
  const dy = Math.max(CORNER - y, y - (GRID - CORNER), 0);
  return dx * dx + dy * dy <= CORNER * CORNER;
}

function png(size: number, rgba: Uint8Array): Buffer {
  // Each row starts with its filter type, 0 (none).
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function svg(rounded: boolean): string {
  const hex = `#${ACCENT.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  const bars = BARS.map(([x, y, w, h]) => `M${x} ${y + h}h${w}v${-h}h${-w}z`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${GRID} ${GRID}"><rect width="${GRID}" height="${GRID}"${rounded ? ` rx="${CORNER}"` : ''} fill="${hex}"/><path d="${bars}" fill="white"/></svg>\n`;
}

mkdirSync(OUT, { recursive: true });
const files: Record<string, string | Buffer> = {
  'icon.svg': svg(true),
  'icon-maskable.svg': svg(false),
  'icon-192.png': png(192, drawIcon(192, true)),
  'icon-512.png': png(512, drawIcon(512, true)),
  'icon-maskable-512.png': png(512, drawIcon(512, false)),
  // iOS rounds the corners itself and fills transparent ones with black.
  'apple-touch-icon.png': png(180, drawIcon(180, false)),
};
for (const [name, content] of Object.entries(files)) writeFileSync(new URL(name, OUT), content);
console.log(`wrote ${Object.keys(files).join(', ')} to ${OUT.pathname}`);
