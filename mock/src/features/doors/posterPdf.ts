import { QUIET_ZONE_MODULES, qrModules, typedNumber, type PosterInput } from './posters';

/**
 * The door poster as a one-page PDF (ISO 32000-1), A5 portrait like posterSvg: the QR as filled squares (vector:
 * sharp at any print size) and the text in STSong-Light with the UniGB-UCS2-H encoding, one of the standard Chinese
 * fonts every PDF reader supplies itself (Adobe's Asian font packs, pdf.js, Chrome's PDFium map it to a system
 * Song/Hei face). Nothing is embedded: no multi-megabyte CJK font ships with the server, and the file is ~20 KB. A
 * well-kept PDF library (pdfkit, pdf-lib) would need exactly such a font file to write Chinese, so none is used.
 */

const PT_PER_MM = 72 / 25.4;
const PAGE_W_MM = 148;
const PAGE_H_MM = 210;

/** Width of `s` in ems as STSong-Light sets it with our /W: CJK full width, ASCII half width. */
const widthEm = (s: string): number => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x80 ? 0.5 : 1), 0);

/** `s` as a PDF hex string of UCS-2 big-endian code units (UniGB-UCS2-H's codes). */
function ucs2Hex(s: string): string {
  let hex = '';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex.toUpperCase()}>`;
}

const num = (n: number): string => (Math.round(n * 100) / 100).toString();

/** A line of text centred on the page at `yMm` from the top (its baseline), `sizeMm` high, bold by stroking. */
function centred(yMm: number, sizeMm: number, s: string, bold = false): string {
  const size = sizeMm * PT_PER_MM;
  const x = (PAGE_W_MM * PT_PER_MM - widthEm(s) * size) / 2;
  const y = (PAGE_H_MM - yMm) * PT_PER_MM;
  return `BT /F1 ${num(size)} Tf ${bold ? '2 Tr 0.35 w' : '0 Tr'} ${num(x)} ${num(y)} Td ${ucs2Hex(s)} Tj ET`;
}

/** The QR's dark modules as filled rectangles, in a `sizeMm` square whose top-left corner is at (`xMm`, `yMm`). */
function qrPath(code: string, xMm: number, yMm: number, sizeMm: number): string {
  const modules = qrModules(code);
  const n = modules.length + 2 * QUIET_ZONE_MODULES;
  const cell = (sizeMm / n) * PT_PER_MM;
  const left = xMm * PT_PER_MM;
  const top = (PAGE_H_MM - yMm) * PT_PER_MM;
  const ops: string[] = ['0 g'];
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark)
        ops.push(
          `${num(left + (c + QUIET_ZONE_MODULES) * cell)} ${num(top - (r + QUIET_ZONE_MODULES + 1) * cell)} ${num(cell)} ${num(cell)} re`,
        );
    }),
  );
  ops.push('f');
  return ops.join('\n');
}

/** The poster as PDF bytes: the same content and layout as posterSvg (posters.ts). */
export function posterPdf(p: PosterInput): Buffer {
  const content = [
    '0.067 g',
    centred(22, 9, p.stationName, true),
    centred(34, 7, p.doorName),
    centred(150, 8, '微信扫一扫，扫码开门', true),
    centred(160, 4.6, '第一次使用请先按提示登记身份信息，以后扫码即可进门。'),
    centred(169, 4.6, '扫码后请靠近门口，门锁打开后请随手关门。'),
    centred(181, 4.2, `无法扫码时，在小程序“扫码开门”页输入编号：${typedNumber(p.code)}`),
    centred(193, 5, `紧急求助请拨打驿站值班电话 ${p.dutyPhone}`, true),
    qrPath(p.code, 24, 42, 100),
  ].join('\n');
  const w = num(PAGE_W_MM * PT_PER_MM);
  const h = num(PAGE_H_MM * PT_PER_MM);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  // Every byte written is ASCII (the text is hex-encoded), so string lengths are byte offsets.
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
