import { ApiError } from '../../core/http/errors';

/**
 * A report's photo as the app sends it (base64 in JSON), checked before it is stored: decoded at most
 * PHOTO_MAX_BYTES, and its first bytes must be those of the media type it claims, so the photo endpoint never
 * serves a script or a page under an image type.
 */

/** 2 MiB: a phone photo the app has compressed (Taro.compressImage) fits with room to spare. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** The longest base64 text of a PHOTO_MAX_BYTES photo (4 characters per 3 bytes, padded). */
export const PHOTO_MAX_BASE64 = Math.ceil(PHOTO_MAX_BYTES / 3) * 4;

export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoMime = (typeof PHOTO_MIMES)[number];

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when `b` starts with the signature of `mime` (JPEG SOI FF D8 FF; PNG's 8-byte signature; RIFF....WEBP). */
export function magicMatches(mime: PhotoMime, b: Buffer): boolean {
  switch (mime) {
    case 'image/jpeg':
      return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
    case 'image/png':
      return b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/webp':
      return b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';
  }
}

/**
 * 40 million pixels: a 12 MP phone photo three times over. A PNG of a few kilobytes can claim 30000 x 30000 (3.6 GB
 * once decoded), which takes down the staff page or the console that shows it.
 */
export const PHOTO_MAX_PIXELS = 40_000_000;

/** The JPEG start-of-frame markers (SOF0..SOF15 but DHT C4, JPG C8 and DAC CC), which carry the dimensions. */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** The width and height of a JPEG: the first frame header, walking the segments up to the scan. */
function jpegSize(b: Buffer): { w: number; h: number } | null {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const m = b[i + 1];
    if (m === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2; // no length
      continue;
    }
    if (m === 0xd9 || m === 0xda) return null; // end of image, or the scan before any frame header
    if (isSof(m)) return i + 9 <= b.length ? { h: b.readUInt16BE(i + 5), w: b.readUInt16BE(i + 7) } : null;
    i += 2 + b.readUInt16BE(i + 2);
  }
  return null;
}

/** The width and height of a WebP: VP8X (canvas), VP8L (lossless) or VP8 (lossy) headers. */
function webpSize(b: Buffer): { w: number; h: number } | null {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X' && b.length >= 30) return { w: b.readUIntLE(24, 3) + 1, h: b.readUIntLE(27, 3) + 1 };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b.readUInt32LE(21);
    return { w: (bits & 0x3fff) + 1, h: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ' && b.length >= 30) return { w: b.readUInt16LE(26) & 0x3fff, h: b.readUInt16LE(28) & 0x3fff };
  return null;
}

/**
 * The dimensions `b` claims in its header (PNG IHDR, JPEG frame header, WebP), or null when its header does not
 * say (no browser can draw such a file either).
 */
export function claimedSize(mime: PhotoMime, b: Buffer): { w: number; h: number } | null {
  switch (mime) {
    case 'image/png':
      return b.length >= 24 && b.toString('latin1', 12, 16) === 'IHDR' ? { w: b.readUInt32BE(16), h: b.readUInt32BE(20) } : null;
    case 'image/jpeg':
      return jpegSize(b);
    case 'image/webp':
      return webpSize(b);
  }
}

/** Decodes and checks a photo. @throws ApiError 400 PHOTO_INVALID (details.reason: base64, size, type, dimensions) */
export function decodePhoto(p: { mime: PhotoMime; base64: string }): { mime: PhotoMime; bytes: Buffer } {
  const invalid = (reason: string, message?: string) =>
    new ApiError('PHOTO_INVALID', { ...(message ? { message } : {}), details: { reason } });
  const text = p.base64.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64_RE.test(text)) throw invalid('base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0) throw invalid('base64');
  if (bytes.length > PHOTO_MAX_BYTES) throw invalid('size', '照片太大了（超过 2MB），请重新拍一张或选择小一些的照片。');
  if (!magicMatches(p.mime, bytes)) throw invalid('type', '这个文件不是 JPG、PNG 或 WebP 照片，请重新拍摄或选择照片。');
  const claimed = claimedSize(p.mime, bytes);
  if (claimed && claimed.w * claimed.h > PHOTO_MAX_PIXELS) {
    throw invalid('dimensions', '照片的像素太多了，请用手机相机重新拍一张，或选择普通大小的照片。');
  }
  return { mime: p.mime, bytes };
}
