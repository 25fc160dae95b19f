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

/** Decodes and checks a photo. @throws ApiError 400 PHOTO_INVALID (details.reason: base64, size, type) */
export function decodePhoto(p: { mime: PhotoMime; base64: string }): { mime: PhotoMime; bytes: Buffer } {
  const invalid = (reason: string, message?: string) =>
    new ApiError('PHOTO_INVALID', { ...(message ? { message } : {}), details: { reason } });
  const text = p.base64.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64_RE.test(text)) throw invalid('base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0) throw invalid('base64');
  if (bytes.length > PHOTO_MAX_BYTES) throw invalid('size', '照片太大了（超过 2MB），请重新拍一张或选择小一些的照片。');
  if (!magicMatches(p.mime, bytes)) throw invalid('type', '这个文件不是 JPG、PNG 或 WebP 照片，请重新拍摄或选择照片。');
  return { mime: p.mime, bytes };
}
