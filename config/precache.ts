/**
 * What the h5 service worker precaches at install (the build side of src/sw/policy.ts; the config loader compiles
 * only config/, so this lives here).
 */
import type { RouteChunks } from './routeChunks';

/**
 * Pages whose code is kept at install, so reopening offline shows the app and the door path works: the home
 * list, its station page, 扫码开门, the door page and 我的 (src/app.config.ts). Other pages are kept once visited.
 */
export const PRECACHED_PAGES = [
  'pages/index/index',
  'pages/station/index',
  'pages/scan/index',
  'packages/unlock/pages/index/index',
  'pages/me/index',
] as const;

/** The app shell, precached always. */
const SHELL_FILE = 'index.html';

/**
 * Whether a build file (a path relative to the build, e.g. `chunk/1234.abcd1234.js`) goes into the install-time
 * precache: index.html, the entry's files and the files of PRECACHED_PAGES (`routeChunks`: config/routeChunks.ts).
 * The rest (the QR-photo reader, health booking, registration) would cost a weak link ~150 KB up front.
 */
export function isPrecached(file: string, entryFiles: readonly string[], routeChunks: RouteChunks): boolean {
  const f = file.replace(/^\//, '');
  if (f === SHELL_FILE) return true;
  if (entryFiles.includes(f)) return true;
  return PRECACHED_PAGES.some((p) => routeChunks[p]?.includes(f));
}
