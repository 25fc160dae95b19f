import Taro from '@tarojs/taro';

/** A navigation not settled after this long no longer holds taps back (a hung one must not freeze the app). */
const OPENING_MAX_MS = 3000;

let openingSinceMs: number | null = null;

/**
 * Opens a page of the app (Taro.navigateTo), once per tap: while one page is still opening, further calls are
 * dropped, whatever their url. A wet thumb's double tap on 开门 pushed two unlock pages, and the door opened
 * twice with two entries logged; on a station card or 我的预约 it pushed the page twice. Once the new page is
 * shown it covers the old one, so its buttons cannot be tapped again.
 */
export function openPage(url: string): void {
  const nowMs = Date.now();
  if (openingSinceMs !== null && nowMs - openingSinceMs < OPENING_MAX_MS) return;
  openingSinceMs = nowMs;
  const settled = (): void => {
    openingSinceMs = null;
  };
  Taro.navigateTo({ url }).then(settled, settled);
}
