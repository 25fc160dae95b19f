import type { Compiler, Compilation } from 'webpack';

/** Page path (as in app.config, e.g. `pages/index/index`) -> the JS and CSS files its code adds to the entry's. */
export type RouteChunks = Record<string, string[]>;

/** What index.html carries in place of the route map until RouteChunksPlugin writes it in. */
export const ROUTE_CHUNKS_TOKEN = '"__YZ_ROUTE_CHUNKS__"';

/**
 * The files of each page's lazily loaded code, from webpack's chunk groups: Taro's h5 route table loads a page
 * with `import('./pages/x/index')` (@tarojs/taro-loader lib/h5.js genResource), and that import's chunk group
 * holds every chunk the page needs that the entry does not already have. Entry files are left out.
 */
export function routeChunksOf(compilation: Compilation): RouteChunks {
  const initial = new Set<string>();
  for (const entry of compilation.entrypoints.values()) for (const c of entry.chunks) for (const f of c.files) initial.add(f);
  const map: RouteChunks = {};
  for (const group of compilation.chunkGroups) {
    if (group.isInitial()) continue;
    for (const origin of group.origins) {
      const m = /(?:^|[\\/])((?:pages|packages)\/.+?)(?:\.[jt]sx?)?$/.exec((origin.request ?? '').replace(/\\/g, '/'));
      if (!m) continue;
      const files = group.chunks.flatMap((c) => [...c.files]).filter((f) => /\.(js|css)$/.test(f) && !initial.has(f));
      map[m[1]] = [...new Set([...(map[m[1]] ?? []), ...files])].sort();
    }
  }
  return map;
}

/**
 * Writes the route map into index.html (after html-webpack-plugin emitted it, before workbox fingerprints it),
 * so its inline script can ask for the opening page's code together with the entry's instead of after it
 * (one round trip and one download fewer in a row on a slow link). Webpack's real content hashes, computed
 * later, rename the files in index.html too.
 */
export class RouteChunksPlugin {
  apply(compiler: Compiler): void {
    const { Compilation: C, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('RouteChunksPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'RouteChunksPlugin', stage: C.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE + 10 }, () => {
        const map = routeChunksOf(compilation);
        const html = compilation.getAsset('index.html');
        if (!html) return;
        const text = html.source.source().toString();
        compilation.updateAsset('index.html', new sources.RawSource(text.replace(ROUTE_CHUNKS_TOKEN, JSON.stringify(map))));
      });
    });
  }
}
