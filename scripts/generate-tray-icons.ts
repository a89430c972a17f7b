/**
 * Writes the tray icons to resources/: one disc per status colour, in 16 px
 * (`tray-<state>.png`) and 32 px (`tray-<state>@2x.png`), as RGBA PNGs encoded
 * with node:zlib. The unknown state is a ring, so it reads as "no data" even
 * without colour. Run with `node scripts/generate-tray-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

interface IconStyle {
  color: Rgb;
  /** Ring width as a share of the radius; 1 fills the disc. */
  ring: number;
}

const STYLES: Record<string, IconStyle> = {
  up: { color: [46, 158, 91], ring: 1 },
  degraded: { color: [214, 160, 23], ring: 1 },
  down: { color: [214, 69, 69], ring: 1 },
  unknown: { color: [138, 143, 152], ring: 0.38 },
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));

  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (4 bytes each, rows top to bottom) as a PNG file. */
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: truecolour with alpha

  // Each scanline starts with filter type 0 (none).
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) {
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }

  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage of one pixel by the disc or ring, 0 to 1, from 4 x 4 samples. */
function coverage(x: number, y: number, size: number, style: IconStyle): number {
  const center = size / 2;
  const outer = size / 2 - size / 16;
  const inner = outer * (1 - style.ring);
  let inside = 0;

  for (let sy = 0; sy < 4; sy += 1) {
    for (let sx = 0; sx < 4; sx += 1) {
      const distance = Math.hypot(x + (sx + 0.5) / 4 - center, y + (sy + 0.5) / 4 - center);
      if (distance <= outer && distance >= inner) inside += 1;
    }
  }

  return inside / 16;
}

function drawIcon(size: number, style: IconStyle): Buffer {
  const rgba = Buffer.alloc(size * size * 4);

  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const offset = (y * size + x) * 4;
      rgba[offset] = style.color[0];
      rgba[offset + 1] = style.color[1];
      rgba[offset + 2] = style.color[2];
      rgba[offset + 3] = Math.round(coverage(x, y, size, style) * 255);
    }
  }

  return encodePng(size, size, rgba);
}

function main(): void {
  const outDir = join(import.meta.dirname, '..', 'resources');

  for (const [state, style] of Object.entries(STYLES)) {
    writeFileSync(join(outDir, `tray-${state}.png`), drawIcon(16, style));
    writeFileSync(join(outDir, `tray-${state}@2x.png`), drawIcon(32, style));
  }

  console.log(`Wrote ${Object.keys(STYLES).length * 2} tray icons to ${outDir}`);
}

main();
