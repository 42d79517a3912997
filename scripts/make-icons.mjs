// Draws the CORS Lens icon (a magnifying lens over two linked dots) into public/icons as PNG,
// with no image library: a tiny rasteriser plus zlib. Run once; the PNGs are committed.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      // 4x4 supersampling for smooth edges.
      let acc = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const [r, g, b, a] = pixel((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
          acc = [acc[0] + r * a, acc[1] + g * a, acc[2] + b * a, acc[3] + a];
        }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const a = acc[3] / 16;
      raw[o] = a ? acc[0] / acc[3] : 0;
      raw[o + 1] = a ? acc[1] / acc[3] : 0;
      raw[o + 2] = a ? acc[2] / acc[3] : 0;
      raw[o + 3] = Math.round(a * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const teal = [13, 148, 136];
const white = [255, 255, 255];
const orange = [249, 115, 22];
function lens(u, v) {
  const d = Math.hypot(u - 0.42, v - 0.42);
  // Handle: a thick segment towards the bottom right.
  const t = Math.max(0, Math.min(1, ((u - 0.62) * 0.7071 + (v - 0.62) * 0.7071) / 0.36));
  const hx = 0.62 + t * 0.36 * 0.7071;
  const hy = 0.62 + t * 0.36 * 0.7071;
  if (Math.hypot(u - hx, v - hy) < 0.09 && u + v > 1.2) return [...teal, 1];
  if (d < 0.36 && d > 0.27) return [...teal, 1];
  if (d <= 0.27) {
    if (Math.hypot(u - 0.31, v - 0.47) < 0.07 || Math.hypot(u - 0.53, v - 0.37) < 0.07)
      return [...orange, 1];
    const along = ((u - 0.31) * 0.22 + (v - 0.47) * -0.1) / (0.22 * 0.22 + 0.1 * 0.1);
    const px = 0.31 + along * 0.22;
    const py = 0.47 - along * 0.1;
    if (along > 0 && along < 1 && Math.hypot(u - px, v - py) < 0.025) return [...orange, 1];
    return [...white, 1];
  }
  return [0, 0, 0, 0];
}

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128])
  writeFileSync(`public/icons/icon-${size}.png`, png(size, lens));
console.log('icons written to public/icons');
