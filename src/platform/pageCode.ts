/** A page of Taro 4.2's h5 route table: `load` fetches the page's chunks (@tarojs/taro-loader lib/h5.js). */
type Route = { path?: string; load?: () => unknown };

/** The attribute of <html> that lists the pages whose code loadPageCode has fetched (the browser journeys wait for it). */
export const PAGES_LOADED_ATTR = 'data-pages-loaded';

function routeOf(path: string): Route | undefined {
  const routes = (globalThis as { __taroAppConfig?: { routes?: Route[] } }).__taroAppConfig?.routes ?? [];
  return routes.find((r) => r.path?.replace(/^\//, '') === path);
}

/**
 * Fetches the code of the app page at `url` (a path, with or without its query) through the h5 router's own
 * loader, so the chunks are exactly the ones the router will ask for when the page opens.
 *
 * h5 loads a page's code on its first visit. Offline that load fails, and Taro's router only throws it
 * ("Loading chunk N failed", uncaught): Taro.navigateTo has already answered ok (it settles on the URL change,
 * @tarojs/router dist/api.js) and the old page stays on screen, so nothing happens. Asking here first lets the
 * caller know before navigating.
 *
 * Resolves true once the code is in, or when there is nothing to load (weapp ships every page in its package;
 * no route table in page tests); false when it could not be fetched. A failed fetch is not remembered:
 * webpack asks again the next time.
 */
export async function loadPageCode(url: string): Promise<boolean> {
  if (process.env.TARO_ENV === 'weapp') return true;
  const path = url.split('?')[0].replace(/^\//, '');
  const route = routeOf(path);
  if (!route || typeof route.load !== 'function') return true;
  try {
    const out = route.load();
    await (Array.isArray(out) ? out[0] : out);
  } catch {
    return false;
  }
  const html = document.documentElement;
  const loaded = (html.getAttribute(PAGES_LOADED_ATTR) ?? '').split(' ').filter(Boolean);
  if (!loaded.includes(path)) html.setAttribute(PAGES_LOADED_ATTR, [...loaded, path].join(' '));
  return true;
}
