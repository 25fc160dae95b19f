/**
 * h5 outside WeChat has no scanner: the worker takes a photo of the door's QR (or picks one) and jsQR
 * (https://github.com/cozmo/jsQR, MIT) reads it in the browser. jsQR is loaded on demand, so neither the h5
 * start-up JS nor the weapp package carries it; weapp never calls this (it scans with Taro.scanCode).
 */

/** What reading a photo gave: the QR's text, or why it failed (a Chinese message saying what to do). */
export type PhotoQrResult = { ok: true; text: string } | { ok: false; code: 'QR_NOT_FOUND' | 'PHOTO_UNREADABLE'; message: string };

/**
 * Longest side a photo is scaled to before decoding, px. jsQR's time grows with the pixel count (a 12 MP
 * phone photo takes seconds); a door QR filling a fifth of a 1280 px frame still has 4+ px per module.
 */
export const MAX_DECODE_SIDE_PX = 1280;

const NOT_FOUND = '照片里没有找到二维码。请把门上的二维码拍清楚、拍完整（不要反光），再试一次；也可以输入门上印的编号。';
const UNREADABLE = '这张图片打不开，请重新拍一张门上的二维码，或输入门上印的编号。';

/** Opens the browser's picker (camera or album on phones) for one image; null when nothing was chosen. */
export function pickImage(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    // No `capture`: phones then offer both the camera and the album.
    input.accept = 'image/*';
    input.style.display = 'none';
    input.setAttribute('data-testid', 'qr-photo-input');
    const done = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.appendChild(input);
    input.click();
  });
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image'));
    img.src = url;
  });
}

/** Decodes the QR code in an image file. Never throws. */
export async function decodeQrFile(file: Blob): Promise<PhotoQrResult> {
  const url = URL.createObjectURL(file);
  try {
    const [img, { default: jsQR }] = await Promise.all([loadImage(url), import(/* webpackChunkName: "jsqr" */ 'jsqr')]);
    const scale = Math.min(1, MAX_DECODE_SIDE_PX / Math.max(img.naturalWidth, img.naturalHeight));
    const w = Math.max(1, Math.round(img.naturalWidth * scale));
    const h = Math.max(1, Math.round(img.naturalHeight * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d');
    if (!g) return { ok: false, code: 'PHOTO_UNREADABLE', message: UNREADABLE };
    // Transparent pixels (a PNG or GIF code) must read as white paper, not black.
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, w, h);
    g.drawImage(img, 0, 0, w, h);
    const found = jsQR(g.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'attemptBoth' });
    return found && found.data ? { ok: true, text: found.data } : { ok: false, code: 'QR_NOT_FOUND', message: NOT_FOUND };
  } catch {
    return { ok: false, code: 'PHOTO_UNREADABLE', message: UNREADABLE };
  } finally {
    URL.revokeObjectURL(url);
  }
}
