import { Image } from '@tarojs/components';
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/**
 * A QR code drawn by qrcode-generator as an SVG data URL (works in h5 and in weapp's <Image>).
 * `text` must be ASCII or it is encoded as UTF-8 bytes; level M as printed on doors.
 */
export function QrCode({ text, sizePx = 400, label }: { text: string; sizePx?: number; label: string }) {
  const src = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text, 'Byte');
    qr.make();
    const svg = qr.createSvgTag({ cellSize: 8, margin: 4, scalable: true });
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }, [text]);
  return <Image className='qr-image' src={src} style={{ width: `${sizePx / 2}px`, height: `${sizePx / 2}px` }} aria-label={label} />;
}
