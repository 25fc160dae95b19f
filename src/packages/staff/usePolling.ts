import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useRef } from 'react';

/** Alarms and door health are fetched again this often while a staff page is shown. */
export const ALARM_POLL_MS = 10_000;

/**
 * Runs `load` at once and then every `everyMs` while the page is shown (WeChat's onShow / onHide: no polling for a
 * page in the background or under another page), and on pull-to-refresh. Each run starts after the previous one
 * ended, so a slow network never stacks requests.
 */
export function usePolling(load: () => Promise<unknown>, everyMs: number): void {
  const latest = useRef(load);
  latest.current = load;
  // Each show starts a new chain; a chain whose generation is over stops at its next step.
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stop = () => {
    generation.current += 1;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const start = () => {
    stop();
    const mine = generation.current;
    const step = async () => {
      if (mine !== generation.current) return;
      await latest.current().catch(() => undefined);
      if (mine === generation.current) timer.current = setTimeout(() => void step(), everyMs);
    };
    void step();
  };
  useDidShow(start);
  useDidHide(stop);
  useEffect(() => stop, []);
  usePullDownRefresh(() => {
    void latest
      .current()
      .catch(() => undefined)
      .finally(() => Taro.stopPullDownRefresh());
  });
}
