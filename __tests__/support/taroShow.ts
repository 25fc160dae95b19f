/**
 * Page show/hide under jest: the shared Taro stand-in runs useDidShow once and ignores useDidHide; door
 * tests need both again and again (warm starts, a pass page put in the background). Use with
 *   jest.mock('@tarojs/taro', () => require('./taroShow').withShowHide());
 * then call showPage() / hidePage() to fire every mounted component's hooks, as WeChat does.
 */
import { act } from '@testing-library/react';
import { useLayoutEffect, useRef } from 'react';

const shows = new Set<() => void>();
const hides = new Set<() => void>();

function useLifecycle(hooks: Set<() => void>, fn: () => void, runOnMount: boolean): void {
  const latest = useRef(fn);
  latest.current = fn;
  useLayoutEffect(() => {
    const h = () => latest.current();
    hooks.add(h);
    if (runOnMount) h();
    return () => {
      hooks.delete(h);
    };
  }, []);
}

/** The stand-in module with useDidShow (also on mount, like a page's first onShow) and useDidHide recorded. */
export function withShowHide(): Record<string, unknown> {
  const stub = jest.requireActual('../stubs/taro');
  return {
    __esModule: true,
    ...stub,
    useDidShow: (fn: () => void) => useLifecycle(shows, fn, true),
    useDidHide: (fn: () => void) => useLifecycle(hides, fn, false),
  };
}

/** The page comes to the front again (a warm start, or back from another page). */
export const showPage = (): void => act(() => shows.forEach((h) => h()));
/** The page goes to the background. */
export const hidePage = (): void => act(() => hides.forEach((h) => h()));
