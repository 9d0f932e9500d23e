import fs from 'node:fs';
import path from 'node:path';
import { encodePng, type RgbaImage } from './package/png';

/**
 * Draws the app's two Teams icons and writes them to `appPackage/`:
 *   color.png    192×192, full colour: a white briefcase with a check on the accent colour
 *   outline.png   32×32, the same briefcase in white on transparent, the check cut out
 * Run `npx tsx scripts/icons.ts` after changing the drawing; the PNGs are committed, and a test checks
 * that they are what this script draws.
 */

/** The manifest's accentColor; the colour icon's background. */
export const ACCENT = { hex: '#2563EB', rgb: [0x25, 0x63, 0xeb] } as const;

const WHITE = [255, 255, 255] as const;

/** The glyph, in a 100×100 design box. */
const BODY = { left: 0, top: 30, right: 100, bottom: 96, radius: 10 };
const HANDLE_OUTER = { left: 30, top: 4, right: 70, bottom: 40, radius: 10 };
const HANDLE_INNER = { left: 39, top: 13, right: 61, bottom: 44, radius: 4 };
const CHECK: Array<[number, number]> = [
  [26, 63],
  [43, 80],
  [75, 48],
];
const CHECK_HALF_WIDTH = 7;
const GLYPH_CENTER = { x: 50, y: 50 };

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  radius: number;
}

function inRoundedBox(x: number, y: number, box: Box): boolean {
  if (x < box.left || x > box.right || y < box.top || y > box.bottom) return false;
  // Distance from the nearest corner centre, only where the point lies in a corner square.
  const cx = Math.min(Math.max(x, box.left + box.radius), box.right - box.radius);
  const cy = Math.min(Math.max(y, box.top + box.radius), box.bottom - box.radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= box.radius ** 2;
}

function distanceToSegment(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** What a point of the design box shows: the case (body or handle), the check on it, or nothing. */
function glyphAt(x: number, y: number): 'check' | 'case' | 'none' {
  const onBody = inRoundedBox(x, y, BODY);
  if (onBody) {
    const nearCheck = CHECK.slice(1).some((point, i) => distanceToSegment(x, y, CHECK[i], point) <= CHECK_HALF_WIDTH);
    return nearCheck ? 'check' : 'case';
  }
  return inRoundedBox(x, y, HANDLE_OUTER) && !inRoundedBox(x, y, HANDLE_INNER) ? 'case' : 'none';
}

/**
 * Renders `size`×`size` pixels, sampling each pixel on an n×n grid. `scale` is pixels per design
 * unit; the glyph's centre lands on the image's centre. `shade` maps a sample to RGBA (0–255, alpha 0–1).
 */
function render(size: number, scale: number, samples: number, shade: (part: 'check' | 'case' | 'none') => [number, number, number, number]): Float64Array {
  const out = new Float64Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = GLYPH_CENTER.x + (px + (sx + 0.5) / samples - size / 2) / scale;
          const y = GLYPH_CENTER.y + (py + (sy + 0.5) / samples - size / 2) / scale;
          const [sr, sg, sb, sa] = shade(glyphAt(x, y));
          r += sr * sa;
          g += sg * sa;
          b += sb * sa;
          a += sa;
        }
      }
      const i = (py * size + px) * 4;
      out[i] = a > 0 ? r / a : 0;
      out[i + 1] = a > 0 ? g / a : 0;
      out[i + 2] = a > 0 ? b / a : 0;
      out[i + 3] = a / (samples * samples);
    }
  }
  return out;
}

/** 192×192, opaque: the white case with an accent-coloured check, on the accent colour, anti-aliased. */
export function drawColorIcon(): RgbaImage {
  const size = 192;
  // The glyph spans about 108 px, inside the central area Teams keeps clear of its own cropping.
  const shaded = render(size, 1.08, 4, (part) => (part === 'case' ? [...WHITE, 1] : [...ACCENT.rgb, 1]));
  const pixels = Uint8Array.from(shaded, (v, i) => Math.round(i % 4 === 3 ? v * 255 : v));
  return { width: size, height: size, pixels };
}

/**
 * 32×32: white where the case is, fully transparent elsewhere (the check is cut out). Teams wants
 * only white and transparent pixels here, so a pixel is white when at least half of it is covered,
 * never partly transparent.
 */
export function drawOutlineIcon(): RgbaImage {
  const size = 32;
  const shaded = render(size, 0.3, 8, (part) => (part === 'case' ? [...WHITE, 1] : [...WHITE, 0]));
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const opaque = shaded[i * 4 + 3] >= 0.5;
    pixels.set([255, 255, 255, opaque ? 255 : 0], i * 4);
  }
  return { width: size, height: size, pixels };
}

/** Where the icons live, as the manifest names them. */
export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

function main(): void {
  const dir = path.resolve(__dirname, '..', 'appPackage');
  for (const [file, image] of [
    [ICON_FILES.color, drawColorIcon()],
    [ICON_FILES.outline, drawOutlineIcon()],
  ] as const) {
    const target = path.join(dir, file);
    fs.writeFileSync(target, encodePng(image));
    console.log(`wrote ${path.relative(process.cwd(), target)} (${image.width}×${image.height})`);
  }
}

if (require.main === module) main();
