/**
 * Caching headers of the h5 build's files (mock/src/core/http/staticCache.ts), over a made-up build in a temp dir:
 * index.html and sw.js revalidated on every load (no-cache + ETag, 304 when unchanged), content-hashed files
 * immutable for a year, anything else an hour.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startServer, type TestServer } from '../../support/server';

let server: TestServer;
let h5: string;

beforeAll(async () => {
  h5 = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-h5-'));
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>驿站通</title>',
    'sw.js': 'self.addEventListener("fetch", () => {});',
    'js/app.0123abcd.js': 'console.log(1)',
    'chunk/5354.85330c65.js': 'console.log(2)',
    'css/app.3cb2aa0b.css': 'body{}',
    'assets/map/me.png': 'png',
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(h5, name)), { recursive: true });
    fs.writeFileSync(path.join(h5, name), text);
  }
  server = await startServer({ H5_DIR: h5 });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(h5, { recursive: true, force: true });
});

const head = async (p: string, headers: Record<string, string> = {}) => {
  const r = await fetch(server.baseUrl + p, { headers });
  await r.arrayBuffer();
  return r;
};

test('index.html (also as /) is no-cache with an ETag, and a revalidation with that ETag gets 304', async () => {
  for (const p of ['/', '/index.html']) {
    const r = await head(p);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const etag = r.headers.get('etag');
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    // As a browser revalidates; without a cache-control of its own, fetch adds `no-cache`, which always refetches.
    const again = await head(p, { 'if-none-match': etag as string, 'cache-control': 'max-age=0' });
    expect(again.status).toBe(304);
  }
});

test('the service worker script is no-cache, so a new build reaches phones at the next open', async () => {
  const r = await head('/sw.js');
  expect(r.status).toBe(200);
  expect(r.headers.get('cache-control')).toBe('no-cache');
});

test('content-hashed JS and CSS are immutable for a year', async () => {
  for (const p of ['/js/app.0123abcd.js', '/chunk/5354.85330c65.js', '/css/app.3cb2aa0b.css']) {
    const r = await head(p);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  }
});

test('a file without a content hash (a map icon) is revalidated, never kept unchecked', async () => {
  const r = await head('/assets/map/me.png');
  expect(r.status).toBe(200);
  expect(r.headers.get('cache-control')).toBe('no-cache');
});

test('a script the build also wrote as .br is sent as that file, brotli-encoded, and still immutable', async () => {
  const zlib = await import('zlib');
  const text = 'console.log("驿站通");'.repeat(200);
  fs.writeFileSync(path.join(h5, 'js/big.89abcdef.js'), text);
  fs.writeFileSync(path.join(h5, 'js/big.89abcdef.js.br'), zlib.brotliCompressSync(text));
  const r = await fetch(server.baseUrl + '/js/big.89abcdef.js', { headers: { 'accept-encoding': 'br' } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-encoding')).toBe('br');
  expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(r.headers.get('content-type')).toMatch(/javascript/);
  expect(await r.text()).toBe(text); // fetch decodes it
});
