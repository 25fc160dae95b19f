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

/** The door page (app.config) and what on it is the door's answer, as the page marks them (data-testid). */
const DOOR_PAGE = 'packages/unlock/pages/index/index';
const DOOR_ANSWER = ['unlock-success', 'unlock-error', 'unlock-no-response', 'unlock-repeat-guard', 'launch-error']
  .map((id) => `[data-testid=${id}]`)
  .join(', ');
/** What ends the first screen on every other page: a station card, or the scan page's code box. */
const FIRST_SCREEN = '[data-testid=station-card], [data-testid=door-code-input]';

/** The page the hash route shows (h5 router mode 'hash', config/index.ts). */
const currentPage = (): string => location.hash.replace(/^#\/?/, '').split('?')[0];

/**
 * Calls `then` once, when the first screen has what a worker came for (a station card, the door page's answer,
 * the scan page's code box) or after FIRST_SCREEN_MAX_MS, in the browser's next idle moment.
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
  // On the door page the code box shows while the page still locates and asks the server; what the worker came
  // for is the door's answer, and after-start downloads before it would share the weak link with the unlock.
  const ready = (): boolean => !!document.querySelector(currentPage() === DOOR_PAGE ? DOOR_ANSWER : FIRST_SCREEN);
  const watch = new MutationObserver(() => {
    if (ready()) go();
  });
  const timer = setTimeout(go, FIRST_SCREEN_MAX_MS);
  watch.observe(document.body, { childList: true, subtree: true });
  if (ready()) go();
}
