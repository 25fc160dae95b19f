/**
 * The HTML frame of src/index.html (#yz-shell) is shown before the app's code arrives; these take it away and
 * tell when the first screen is done. h5 only.
 */

/** Longest wait for the first screen before the after-start work goes ahead anyway (a page with no list). */
const FIRST_SCREEN_MAX_MS = 6000;

/** Removes the HTML frame once the router has put a page in the document. */
export function removeShellOnFirstPage(): void {
  const shell = document.getElementById('yz-shell');
  if (!shell) return;
  const done = (): boolean => {
    if (!document.querySelector('.taro_page')) return false;
    shell.remove();
    return true;
  };
  if (done()) return;
  const watch = new MutationObserver(() => {
    if (done()) watch.disconnect();
  });
  watch.observe(document.body, { childList: true, subtree: true });
}

/**
 * Calls `then` once, when the first screen has what a worker came for (a station card, the door page's answer)
 * or after FIRST_SCREEN_MAX_MS, in the browser's next idle moment.
 */
export function whenFirstScreenDone(then: () => void): void {
  let called = false;
  const go = (): void => {
    if (called) return;
    called = true;
    watch.disconnect();
    clearTimeout(timer);
    const idle = (window as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
    if (idle) idle(then, { timeout: 1000 });
    else setTimeout(then, 0);
  };
  const ready = (): boolean =>
    !!document.querySelector('[data-testid=station-card], [data-testid=unlock-success], [data-testid=unlock-error], [data-testid=door-code-input]');
  const watch = new MutationObserver(() => {
    if (ready()) go();
  });
  const timer = setTimeout(go, FIRST_SCREEN_MAX_MS);
  watch.observe(document.body, { childList: true, subtree: true });
  if (ready()) go();
}
