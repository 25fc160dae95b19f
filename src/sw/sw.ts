/**
 * The h5 service worker (built by workbox-webpack-plugin's InjectManifest into /sw.js; registered by src/app.ts
 * once the first screen is up): keeps the app shell and the door path's code so a worker reopening the app
 * offline gets the app (and its kept nearby list), not the browser's offline page. Rules: src/sw/policy.ts.
 */
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { clientsClaim } from 'workbox-core';
import { handlingOf, SHELL_NETWORK_TIMEOUT_S, SHELL_URL } from './policy';

interface WorkerScope {
  __WB_MANIFEST: { url: string; revision: string | null }[];
  location: { origin: string };
  skipWaiting: () => Promise<void>;
  addEventListener: (type: 'install', listener: () => void) => void;
}
declare const self: WorkerScope;

// Before the precache route: a navigation asks the network first (index.html is no-cache, so a new build is seen
// at once) and falls back to the precached shell.
const shell = new NetworkFirst({ cacheName: 'yz-shell', networkTimeoutSeconds: SHELL_NETWORK_TIMEOUT_S });
registerRoute(
  ({ request }) => handlingOf(request, self.location.origin) === 'shell',
  async (options) => {
    try {
      return await shell.handle(options);
    } catch {
      return (await matchPrecache(SHELL_URL)) ?? Response.error();
    }
  },
);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Pages visited later (health, registration) keep their code too; hashed names make cache-first safe.
registerRoute(
  ({ request }) => handlingOf(request, self.location.origin) === 'asset',
  new CacheFirst({ cacheName: 'yz-assets', plugins: [new ExpirationPlugin({ maxEntries: 80 })] }),
);

self.addEventListener('install', () => void self.skipWaiting());
clientsClaim();
