import Taro from '@tarojs/taro';
import type { ReportPhoto } from '../../api/reports';

/** The server takes at most 2 MiB decoded (notes/CONTRACT.md 4); the app asks for a compressed photo below that. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** The image kind by its first bytes (base64 of the magic numbers): the server refuses a mime that does not match. */
export function mimeOfBase64(b64: string): ReportPhoto['mime'] | null {
  if (b64.startsWith('/9j/')) return 'image/jpeg';
  if (b64.startsWith('iVBORw0KGgo')) return 'image/png';
  // "RIFF", four length bytes, "WEBP": bytes 9..11 ("EBP") are base64 characters 12..15.
  if (b64.startsWith('UklGR') && b64.slice(12, 16) === 'RUJQ') return 'image/webp';
  return null;
}

/** Bytes a base64 string decodes to. */
export const base64Bytes = (b64: string): number => Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

export type PhotoResult =
  { ok: true; photo: ReportPhoto; preview: string } | { ok: false; message: string } | { ok: false; cancelled: true };

/** Reads a chosen file as base64: weapp through the file system manager, h5 through FileReader. */
async function readBase64(path: string, file?: Blob): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = file ?? (await (await fetch(path)).blob());
    const url = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
    return url.slice(url.indexOf(',') + 1);
  }
  return new Promise<string>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({
      filePath: path,
      encoding: 'base64',
      success: (r) => resolve(String(r.data)),
      fail: reject,
    }),
  );
}

/**
 * Takes or picks one photo (compressed by WeChat: `sizeType: ['compressed']`), reads it as base64 and checks its
 * kind and size before anything is sent. A cancelled picker is `{ ok: false, cancelled: true }`.
 */
export async function choosePhoto(): Promise<PhotoResult> {
  let chosen: Taro.chooseImage.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] });
  } catch (err) {
    if (/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) return { ok: false, cancelled: true };
    return { ok: false, message: '没能打开相机或相册，请在设置中允许后重试' };
  }
  const file = chosen.tempFiles[0] as (Taro.chooseImage.ImageFile & { originalFileObj?: Blob }) | undefined;
  const path = chosen.tempFilePaths[0];
  if (!path) return { ok: false, cancelled: true };
  if (file && file.size > PHOTO_MAX_BYTES * 4) return { ok: false, message: '照片太大了，请换一张或靠近一点重拍' };
  let base64: string;
  try {
    base64 = await readBase64(path, file?.originalFileObj);
  } catch {
    return { ok: false, message: '没能读取这张照片，请重拍一张' };
  }
  const mime = mimeOfBase64(base64);
  if (!mime) return { ok: false, message: '只能上传 JPG、PNG 或 WebP 照片' };
  if (base64Bytes(base64) > PHOTO_MAX_BYTES) return { ok: false, message: '照片超过 2MB，请换一张或重拍' };
  return { ok: true, photo: { mime, base64 }, preview: path };
}
