/**
 * Text and target sizes in weapp styles on a 320-wide phone (scripts/weapp-text-sizes.ts): the check itself against
 * hand-computed figures, and the app's stylesheet as Taro's pxtransform turns it into .wxss (the same plugin and
 * options as `npm run build:weapp`; the built files are checked again by `npm run size`).
 */
import fs from 'fs';
import path from 'path';
import postcss from 'postcss';
import pxtransform from 'postcss-pxtransform';
import { checkWxss, cssPx } from '../../scripts/weapp-text-sizes';

const ROOT = path.resolve(__dirname, '..', '..');
const problems = (css: string) => checkWxss(css, 'x.wxss').findings.map((f) => `${f.selector} ${f.problem}`);

test('an rpx length on a 320-wide phone: rpx * 320 / 750 CSS px', () => {
  expect(cssPx('28rpx')).toBeCloseTo(11.947, 3);
  expect(cssPx('32rpx', 375)).toBe(16);
  expect(cssPx('15PX')).toBe(15);
  expect(cssPx('1.2em')).toBeNull();
});

test('flags text that shrinks with the screen or is under 14 px (18 in large mode), and small targets', () => {
  expect(problems('.muted{font-size:28rpx}')).toEqual([
    '.muted in rpx: 11.9 CSS px on a 320-wide phone (sizes a person reads or taps are in PX)',
    '.muted text 11.9 px on a 320-wide phone, under 14 px',
  ]);
  // 34rpx is 14.5 px at 320 wide: big enough there, still refused (it is not the same size on every phone).
  expect(problems('.btn{font-size:34rpx}')).toEqual([
    '.btn in rpx: 14.5 CSS px on a 320-wide phone (sizes a person reads or taps are in PX)',
  ]);
  expect(problems('.tag{font-size:13PX}')).toEqual(['.tag text 13.0 px on a 320-wide phone, under 14 px']);
  expect(problems('.text-large .tag,.text-large .date-note{font-size:17PX}')).toEqual([
    '.text-large .tag,.text-large .date-note text 17.0 px on a 320-wide phone, under 18 px',
  ]);
  expect(problems('.text-largest,.text-largest page{font-size:28PX}')).toEqual([
    '.text-largest,.text-largest page largest mode body 28 px, under 30 px',
  ]);
  expect(problems('.chip{min-height:96rpx}')).toEqual([
    '.chip in rpx: 41.0 CSS px on a 320-wide phone (sizes a person reads or taps are in PX)',
    '.chip target 41.0 px on a 320-wide phone, under 44 px',
  ]);
  expect(problems('.text-large .btn-scan{min-height:59PX}')).toEqual([
    '.text-large .btn-scan main action 59.0 px tall in large mode, under 60 px',
  ]);
  expect(problems('.slot{width:200rpx}')).toEqual([]);
  expect(problems('.id-x{width:96rpx}')).toEqual(['.id-x target 41.0 px on a 320-wide phone, under 44 px']);
});

test('leaves spacing, unitless line heights and viewport heights to scale', () => {
  expect(
    problems('.card{padding:28rpx;margin-bottom:20rpx;border-radius:20rpx}.page{min-height:100vh;line-height:1.5}.x{font-size:inherit}'),
  ).toEqual([]);
});

test("src/app.css, as Taro's weapp build turns it into .wxss (design width 750): no text or target shrinks on a 320-wide phone", async () => {
  const from = path.join(ROOT, 'src', 'app.css');
  const wxss = await postcss([
    pxtransform({ platform: 'weapp', designWidth: 750, deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 } }),
  ]).process(fs.readFileSync(from, 'utf8'), { from });
  // The plugin ran: spacing did become rpx.
  expect(wxss.css).toMatch(/padding: 24rpx 24rpx 160rpx/);
  const { findings, figures } = checkWxss(wxss.css, 'app.wxss');
  expect(findings).toEqual([]);
  expect(figures.rpxFontSizes).toBe(0);
  // MIIT's figures: main text 18 in the large mode (ours: 20 for the smallest tag), 30 px body at the largest.
  expect(figures.minTextPx).toBe(14);
  expect(figures.minLargeTextPx).toBe(20);
  expect(figures.minLargeActionPx).toBe(60);
});
