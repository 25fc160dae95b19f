/**
 * Cache-Control for the h5 build's files. Files whose names carry a content hash (config/index.ts: 8 hex digits
 * before .js/.css) never change: a year, immutable (RFC 8246), so a reload asks for none of them. Everything
 * else (index.html, the service worker, icons, any file whose name does not change with its content) is
 * `no-cache`: revalidated with its ETag on every load, a 304 when unchanged, so a release is seen at once and an
 * old page never mixes with new files.
 */
export function staticCacheControl(relPath: string): string {
  // A precompressed copy (app.1234abcd.js.br, sent for app.1234abcd.js) is cached as the file it stands for.
  const p = relPath
    .replace(/\\/g, '/')
    .replace(/^\/+/, '')
    .replace(/\.(br|gz)$/, '');
  if (/^(js|chunk|css)\/[^/]+\.[0-9a-f]{8}\.(js|css)$/.test(p)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}
