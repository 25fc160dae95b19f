/**
 * What the h5 service worker (src/sw/sw.ts) keeps and how it answers, as pure functions so they are tested
 * without a browser. Only the app's own code is kept: API answers stay the network's (the nearby list's last
 * answer is already kept by its store, src/stores/nearby.ts; personal answers are `no-store`).
 */

/** The app shell every navigation gets when the network does not answer. */
export const SHELL_URL = '/index.html';

/**
 * How long a navigation waits for the network before the kept shell answers: long enough for index.html
 * (~4 KB) on a 400 ms round-trip 3G link, short enough that a dead link does not look like a dead app.
 */
export const SHELL_NETWORK_TIMEOUT_S = 3;

/** Build file names carry an 8-hex content hash (config/index.ts): such a file never changes. */
export const HASHED_ASSET = /^\/(js|chunk|css)\/[^/]+\.[0-9a-f]{8}\.(js|css)$/;

export type Handling = 'shell' | 'asset' | 'network';

/**
 * How the service worker handles a request: `shell` (a page navigation: network first, the kept index.html
 * when offline), `asset` (a content-hashed file of ours: cache first, kept once fetched) or `network` (left to
 * the browser: API calls, door links /d/ and /r/ (the server turns them into the door page), other origins,
 * anything not GET).
 */
export function handlingOf(req: { url: string; method: string; mode: string }, origin: string): Handling {
  if (req.method !== 'GET') return 'network';
  const url = new URL(req.url);
  if (url.origin !== origin) return 'network';
  if (req.mode === 'navigate') return url.pathname === '/' || url.pathname === SHELL_URL ? 'shell' : 'network';
  return HASHED_ASSET.test(url.pathname) ? 'asset' : 'network';
}
