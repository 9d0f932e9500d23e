import zlib from 'node:zlib';

/**
 * A small PNG encoder over node:zlib: 8-bit RGBA, non-interlaced, one IDAT chunk.
 * Enough for the app icons, which are drawn in code (scripts/icons.ts) rather than kept as hand-edited binaries.
 */

/** An RGBA image, 8 bits a channel, rows top to bottom, `width * height * 4` bytes. */
export interface RgbaImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const BYTES_PER_PIXEL = 4;
const COLOR_TYPE_RGBA = 6;

/** Encodes an RGBA image as a PNG file. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new Error(`bad image size ${width}x${height}`);
  if (pixels.length !== width * height * BYTES_PER_PIXEL) throw new Error(`expected ${width * height * BYTES_PER_PIXEL} pixel bytes, got ${pixels.length}`);

  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = COLOR_TYPE_RGBA;
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method: adaptive
  header[12] = 0; // interlace: none

  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(filterRows(image), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One chunk: length, type, data, and the CRC-32 of type + data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * Prefixes every scanline with a filter byte, choosing per row the filter whose output has the
 * smallest sum of absolute values (the heuristic the PNG specification suggests for true colour).
 */
function filterRows({ width, height, pixels }: RgbaImage): Buffer {
  const stride = width * BYTES_PER_PIXEL;
  const out = Buffer.alloc((stride + 1) * height);
  const candidate = Buffer.alloc(stride);
  const best = Buffer.alloc(stride);
  const zeroRow = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const above = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : zeroRow;
    let bestType = 0;
    let bestScore = Infinity;
    for (let type = 0; type <= 4; type++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const left = i >= BYTES_PER_PIXEL ? row[i - BYTES_PER_PIXEL] : 0;
        const up = above[i];
        const upLeft = i >= BYTES_PER_PIXEL ? above[i - BYTES_PER_PIXEL] : 0;
        const value = (row[i] - predictor(type, left, up, upLeft)) & 0xff;
        candidate[i] = value;
        score += value < 128 ? value : 256 - value;
      }
      if (score < bestScore) {
        bestScore = score;
        bestType = type;
        candidate.copy(best);
      }
    }
    out[y * (stride + 1)] = bestType;
    best.copy(out, y * (stride + 1) + 1);
  }
  return out;
}

/** The value a PNG filter type predicts for a byte from its left, upper and upper-left neighbours. */
function predictor(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`unknown PNG filter type ${type}`);
  }
}
