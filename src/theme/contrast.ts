import { type Token } from './palette';

/**
 * The contrast rules the palette (theme/palette.ts) is held to, and the WCAG 2.1 formula. Kept apart from the
 * palette so the app ships only the colours; __tests__/rules/palette.test.ts checks them.
 */
/** Minimum contrast ratios (WCAG 2.1 SC 1.4.3 AA for normal text; SC 1.4.11 for user interface components). */
export const MIN_TEXT_CONTRAST = 4.5;
export const MIN_CONTROL_CONTRAST = 3;

/**
 * Foreground on background pairs the app draws: `text` pairs need 4.5:1, `control` pairs 3:1 (a boundary or a
 * state against its surroundings).
 */
export const PAIRS: { fg: Token; bg: Token; kind: 'text' | 'control' }[] = [
  ...(['ink', 'inkSecondary', 'inkMuted', 'brand', 'error', 'info', 'success', 'warn'] as const).flatMap((fg) =>
    (['white', 'page'] as const).map((bg) => ({ fg, bg, kind: 'text' as const })),
  ),
  { fg: 'ink', bg: 'tagBg', kind: 'text' },
  { fg: 'inkMuted', bg: 'tagBg', kind: 'text' },
  { fg: 'inkSecondary', bg: 'tagBg', kind: 'text' },
  { fg: 'ink', bg: 'chipBg', kind: 'text' },
  { fg: 'brand', bg: 'chipBg', kind: 'text' },
  { fg: 'inkDisabled', bg: 'disabledBg', kind: 'text' },
  { fg: 'white', bg: 'brand', kind: 'text' },
  { fg: 'white', bg: 'danger', kind: 'text' },
  { fg: 'white', bg: 'inkMuted', kind: 'text' },
  { fg: 'success', bg: 'successBg', kind: 'text' },
  { fg: 'warn', bg: 'warnBg', kind: 'text' },
  { fg: 'inkMuted', bg: 'warnBg', kind: 'text' },
  { fg: 'error', bg: 'errorBg', kind: 'text' },
  { fg: 'info', bg: 'infoBg', kind: 'text' },
  { fg: 'inkMuted', bg: 'infoBg', kind: 'text' },
  { fg: 'controlBorder', bg: 'white', kind: 'control' },
  { fg: 'controlBorder', bg: 'page', kind: 'control' },
  { fg: 'controlBorder', bg: 'chipBg', kind: 'control' },
  { fg: 'controlBorder', bg: 'disabledBg', kind: 'control' },
  { fg: 'brand', bg: 'white', kind: 'control' },
];

/** sRGB channel (0..255) to linear light, WCAG 2.1 "relative luminance" definition. */
const linear = (c8: number): number => {
  const c = c8 / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/**
 * WCAG 2.1 relative luminance of '#rrggbb': 0.2126 R + 0.7152 G + 0.0722 B over linear channels (0 black .. 1 white).
 * @throws RangeError when `hex` is not '#rrggbb'
 */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => linear(parseInt(x, 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 (same) .. 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
