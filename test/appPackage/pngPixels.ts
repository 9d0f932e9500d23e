import zlib from 'node:zlib';

/**
 * Decodes a PNG to RGBA, independently of the encoder in scripts/package/png.ts: checks the
 * signature and every chunk's CRC, inflates the IDAT stream and undoes the five scanline filters.
 * 8-bit, non-interlaced images of every colour type (grey, RGB, palette, grey+alpha, RGBA).
 */

/** A decoded image: RGBA, 8 bits a channel, rows top to bottom. */
export interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Width and height from the IHDR chunk alone. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: IHDR is not the first chunk');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Every pixel as RGBA. */
export function decodePng(png: Buffer): DecodedPng {
  const { width, height } = pngSize(png);
  let header: Buffer | undefined;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const idat: Buffer[] = [];
  let offset = 8;
  let ended = false;
  while (offset < png.length && !ended) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    if (zlib.crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0 !== crc) throw new Error(`${type} chunk: CRC mismatch`);
    if (type === 'IHDR') header = data;
    else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  if (!header || !ended || idat.length === 0) throw new Error('PNG lacks IHDR, IDAT or IEND');
  const [bitDepth, colorType, , , interlace] = header.subarray(8, 13);
  if (bitDepth !== 8) throw new Error(`unsupported bit depth ${bitDepth}`);
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported');
  const channels = CHANNELS[colorType];
  if (!channels) throw new Error(`unknown colour type ${colorType}`);

  const samples = unfilter(zlib.inflateSync(Buffer.concat(idat)), width, height, channels);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = samples.subarray(i * channels, (i + 1) * channels);
    let pixel: number[];
    switch (colorType) {
      case 0:
        pixel = [s[0], s[0], s[0], transparency && transparency.readUInt16BE(0) === s[0] ? 0 : 255];
        break;
      case 2:
        pixel = [s[0], s[1], s[2], transparency && transparency.readUInt16BE(0) === s[0] && transparency.readUInt16BE(2) === s[1] && transparency.readUInt16BE(4) === s[2] ? 0 : 255];
        break;
      case 3:
        if (!palette || s[0] * 3 + 2 >= palette.length) throw new Error('palette index out of range');
        pixel = [palette[s[0] * 3], palette[s[0] * 3 + 1], palette[s[0] * 3 + 2], transparency && s[0] < transparency.length ? transparency[s[0]] : 255];
        break;
      case 4:
        pixel = [s[0], s[0], s[0], s[1]];
        break;
      default:
        pixel = [s[0], s[1], s[2], s[3]];
    }
    rgba.set(pixel, i * 4);
  }
  return { width, height, colorType, rgba };
}

/** Reverses the per-scanline filters (None, Sub, Up, Average, Paeth). */
function unfilter(data: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  if (data.length !== (stride + 1) * height) throw new Error(`image data is ${data.length} bytes, expected ${(stride + 1) * height}`);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const line = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = Math.floor((a + b) / 2);
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`unknown filter type ${filter} on row ${y}`);
      out[y * stride + x] = (line[x] + predicted) & 0xff;
    }
  }
  return out;
}
