/**
 * Draws the tab bar icons (src/assets/tab/*.png) with pngjs: 81x81 px, WeChat's recommended tab icon size
 * (https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html#tabBar), in the tab bar's
 * text colours of src/app.config.ts on transparent: #555555 (7.5:1 on the white bar) and, selected, the brand
 * red #c8102e (5.9:1), both above WCAG 1.4.11's 3:1 for graphics. Shapes are simple and thick (at least 6 px)
 * so they read at 27 CSS px. Run after changing a shape: `npm run icons`; the PNGs are committed.
 */
import fs from 'fs';
import path from 'path';
import { PNG } from 'pngjs';

const SIZE = 81;
const COLOURS = { normal: [0x55, 0x55, 0x55], selected: [0xc8, 0x10, 0x2e] } as const;
type Shape = (x: number, y: number) => boolean;

const inCircle = (cx: number, cy: number, r: number) => (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inRing = (cx: number, cy: number, r: number, w: number) => (x: number, y: number) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const inRect = (x0: number, y0: number, x1: number, y1: number) => (x: number, y: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const any =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

/** 附近驿站: a map pin (ring head, point below). */
const pin: Shape = any(
  inRing(40.5, 30, 22, 8),
  (x, y) => y >= 38 && y <= 72 && Math.abs(x - 40.5) <= (72 - y) * 0.55 && Math.abs(x - 40.5) >= (72 - y) * 0.55 - 9,
);
/** 扫码开门: four scan corners and a scan line. */
const scan: Shape = any(
  inRect(8, 8, 30, 15),
  inRect(8, 8, 15, 30),
  inRect(51, 8, 73, 15),
  inRect(66, 8, 73, 30),
  inRect(8, 66, 30, 73),
  inRect(8, 51, 15, 73),
  inRect(51, 66, 73, 73),
  inRect(66, 51, 73, 73),
  inRect(18, 37, 63, 44),
);
/** 我的: a head and shoulders. */
const person: Shape = any(inCircle(40.5, 25, 15), (x, y) => y >= 46 && y <= 74 && (x - 40.5) ** 2 / 30 ** 2 + (y - 74) ** 2 / 28 ** 2 <= 1);

function draw(shape: Shape, rgb: readonly number[]): Buffer {
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = (y * SIZE + x) * 4;
      // 4x4 supersampling for smooth edges.
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (shape(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++;
      png.data[i] = rgb[0];
      png.data[i + 1] = rgb[1];
      png.data[i + 2] = rgb[2];
      png.data[i + 3] = Math.round((hits / 16) * 255);
    }
  }
  return PNG.sync.write(png);
}

const out = path.resolve(__dirname, '..', 'src', 'assets', 'tab');
fs.mkdirSync(out, { recursive: true });
for (const [name, shape] of Object.entries({ nearby: pin, scan, me: person })) {
  fs.writeFileSync(path.join(out, `${name}.png`), draw(shape, COLOURS.normal));
  fs.writeFileSync(path.join(out, `${name}-on.png`), draw(shape, COLOURS.selected));
}
process.stdout.write(`tab icons written to ${path.relative(process.cwd(), out)}\n`);
