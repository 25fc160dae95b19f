/**
 * Installs the h5 service worker (src/sw/sw.ts, built to /sw.js in production builds only) so reopening the
 * app offline shows it. No-op where service workers are missing (weapp, http pages other than localhost).
 */
export function registerServiceWorker(): void {
  if (process.env.TARO_ENV !== 'h5' || process.env.NODE_ENV !== 'production') return;
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').then(
    (reg) => {
      const mark = () => document.documentElement.setAttribute('data-sw-ready', '1');
      if (reg.active) mark();
      else void navigator.serviceWorker.ready.then(mark);
    },
    () => undefined, // an app without a service worker still works online
  );
}
