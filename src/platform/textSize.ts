import Taro from '@tarojs/taro';

/**
 * Text size modes. standard: body 16 CSS px. large: body 24 px (WeChat's care mode uses 23.8 px on a 375-wide
 * screen), headings 28, main actions at least 60x60. largest: body 30 px, MIIT's figure for the largest setting
 * (《移动互联网应用（APP）适老化通用设计规范》, 2021: main text at least 18 dp, at least 30 dp at the largest
 * setting). Sizes live in app.css under `.text-large` / `.text-largest`.
 */
export type TextMode = 'standard' | 'large' | 'largest';
export const TEXT_MODES: TextMode[] = ['standard', 'large', 'largest'];

/**
 * WeChat font scale factors at and above which the app switches mode. WeChat's 字体大小 steps scale text by about
 * 0.1 each; two steps above standard (1.2) is where 16 px body text reads as 19 px or more, so the app's large
 * mode takes over; 1.6 and up are the largest steps. Our own thresholds, not a standard's.
 */
export const LARGE_SCALE = 1.2;
export const LARGEST_SCALE = 1.6;

/** The mode for WeChat's font scale factor (1 = standard; anything not a positive number counts as 1). */
export function textModeForScale(scale: number): TextMode {
  if (!(scale > 0)) return 'standard';
  if (scale >= LARGEST_SCALE) return 'largest';
  return scale >= LARGE_SCALE ? 'large' : 'standard';
}

/** The class a page root (and on h5 the <html> element) carries in each mode. */
export const TEXT_MODE_CLASS: Record<TextMode, string> = { standard: '', large: 'text-large', largest: 'text-large text-largest' };

/**
 * WeChat's font scale factor: getAppBaseInfo().fontSizeScaleFactor, else fontSizeSetting over the standard 17 px
 * (older base libraries). h5 has no such setting (the browser's own text zoom scales the rem root instead): 1.
 */
export function systemFontScale(): number {
  if (process.env.TARO_ENV !== 'weapp') return 1;
  try {
    const info = Taro.getAppBaseInfo() as { fontSizeScaleFactor?: number; fontSizeSetting?: number };
    if (typeof info.fontSizeScaleFactor === 'number') return info.fontSizeScaleFactor;
    if (typeof info.fontSizeSetting === 'number') return info.fontSizeSetting / 17;
  } catch {
    // An old base library without getAppBaseInfo: standard text.
  }
  return 1;
}

/** h5: puts the mode's class on <html>, so the tab bar and Taro's dialogs (outside any page) follow it too. */
export function applyTextModeToDocument(mode: TextMode): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
  const html = document.documentElement;
  html.classList.remove('text-large', 'text-largest');
  for (const c of TEXT_MODE_CLASS[mode].split(' ').filter(Boolean)) html.classList.add(c);
  html.setAttribute('data-text-mode', mode);
}
