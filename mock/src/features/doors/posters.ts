import qrcode from 'qrcode-generator';
import { PNG } from 'pngjs';

/**
 * Printable door posters: the door code as a QR (qrcode-generator, error-correction level M, version 4 or
 * smaller for every printed code), the station's and the door's name, and instructions in Chinese. The SVG is
 * the poster to print (A5 portrait, 148 x 210 mm); the PNG is the QR alone with its quiet zone, for sign
 * makers and for checking the code with a decoder.
 */
export interface PosterInput {
  code: string;
  stationName: string;
  doorName: string;
  /** The station's duty phone, printed for emergencies. */
  dutyPhone: string;
}

/** The quiet zone around a QR, in modules (ISO/IEC 18004 requires 4). */
export const QUIET_ZONE_MODULES = 4;

/** The QR matrix of a code: `dark[row][col]`. Throws when the text does not fit a QR at level M. */
export function qrModules(code: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(code, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

const escapeXml = (s: string): string =>
  s.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] as string);

/** The text a worker can type on h5 when scanning fails: `{doorId}.{keyId}.{mac}`, the code's last path segment. */
export const typedNumber = (code: string): string => code.slice(code.lastIndexOf('/') + 1);

/** The poster as an SVG document (millimetre units). */
export function posterSvg(p: PosterInput): string {
  const modules = qrModules(p.code);
  const n = modules.length + 2 * QUIET_ZONE_MODULES;
  const qrSizeMm = 100;
  const cell = qrSizeMm / n;
  let path = '';
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) path += `M${c + QUIET_ZONE_MODULES},${r + QUIET_ZONE_MODULES}h1v1h-1z`;
    }),
  );
  const text = (y: number, size: number, s: string, weight = 'normal') =>
    `<text x="74" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="middle">${escapeXml(s)}</text>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="148mm" height="210mm" viewBox="0 0 148 210">',
    '<rect width="148" height="210" fill="#fff"/>',
    '<g font-family="PingFang SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif" fill="#111">',
    text(22, 9, p.stationName, 'bold'),
    text(34, 7, p.doorName),
    text(150, 8, '微信扫一扫，扫码开门', 'bold'),
    text(160, 4.6, '第一次使用请先按提示登记身份信息，以后扫码即可进门。'),
    text(169, 4.6, '扫码后请靠近门口，门锁打开后请随手关门。'),
    text(181, 4.2, `无法扫码时，在小程序“扫码开门”页输入编号：${typedNumber(p.code)}`),
    text(193, 5, `紧急求助请拨打驿站值班电话 ${p.dutyPhone}`, 'bold'),
    '</g>',
    `<svg x="24" y="42" width="${qrSizeMm}" height="${qrSizeMm}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges">`,
    `<rect width="${n}" height="${n}" fill="#fff"/><path d="${path}" fill="#000"/>`,
    '</svg>',
    `<!-- ${escapeXml(p.code)} (cell ${cell.toFixed(2)} mm) -->`,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * The QR as a black-on-white PNG with the quiet zone, `pixelsPerModule` square pixels per module (10 gives
 * 530 px for version 4, 4.5 cm at 300 dpi).
 */
export function posterPng(code: string, pixelsPerModule = 10): Buffer {
  const modules = qrModules(code);
  const size = (modules.length + 2 * QUIET_ZONE_MODULES) * pixelsPerModule;
  const png = new PNG({ width: size, height: size, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  // Grayscale input: one byte per pixel.
  const gray = Buffer.alloc(size * size, 0xff);
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      const x0 = (c + QUIET_ZONE_MODULES) * pixelsPerModule;
      const y0 = (r + QUIET_ZONE_MODULES) * pixelsPerModule;
      for (let y = y0; y < y0 + pixelsPerModule; y++) gray.fill(0, y * size + x0, y * size + x0 + pixelsPerModule);
    }),
  );
  png.data = gray;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
