/**
 * Response headers on the pages and the API: a Content-Security-Policy fit for the h5 build (its one inline
 * script allowed by hash, no 'unsafe-inline' scripts, no 'unsafe-eval'), no framing, no sniffing, no referrer;
 * `Cache-Control: no-store` on every API answer (they carry personal data: sessions, masked workers, check-in
 * codes, entries, exports); the h5 pages revalidated (ETag / Last-Modified) instead of cached for an hour.
 */
import { createHash } from 'crypto';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import type { RouteOptions } from 'fastify';
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { registeredWorker } from '../../support/booking';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { registrationBody, VALID_IDS } from '../../support/registration';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';

const INLINE_SCRIPT = '!function(n){n.document.documentElement.style.fontSize="20px"}(window);';
const INDEX_HTML = `<!doctype html><html><head><title>驿站通</title><script>${INLINE_SCRIPT}</script><script defer="defer" src="/js/app.js"></script></head><body><div id="app"></div></body></html>`;

let s: TestServer;
let h5Dir: string;
const routes: RouteOptions[] = [];
beforeAll(async () => {
  h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-h5-'));
  fs.writeFileSync(path.join(h5Dir, 'index.html'), INDEX_HTML);
  fs.mkdirSync(path.join(h5Dir, 'js'));
  fs.writeFileSync(path.join(h5Dir, 'js', 'app.js'), 'console.log(1);');
  s = await startServer({}, { h5Dir }, { onRoute: (r) => routes.push(r) });
});
afterAll(async () => {
  await s.close();
  fs.rmSync(h5Dir, { recursive: true, force: true });
});

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

describe('security headers', () => {
  it('gives the h5 page a CSP that allows its inline script by hash and nothing inline or eval-ed besides', async () => {
    const res = await fetch(`${s.baseUrl}/`);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    const hash = `'sha256-${createHash('sha256').update(INLINE_SCRIPT).digest('base64')}'`;
    expect(csp['script-src']).toEqual(["'self'", hash]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'self'"]);
    // Taro's components set inline styles; scripts stay strict.
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(JSON.stringify(csp)).not.toContain('unsafe-eval');
  });

  it.each([
    ['the h5 page', '/'],
    ['a script of the build', '/js/app.js'],
    ['an API answer', '/api/v1/places'],
    ['an API error', '/api/v1/me'],
    ['an unknown page', '/no-such-page'],
  ])('sends nosniff, no framing and no referrer on %s', async (_what, p) => {
    const res = await fetch(`${s.baseUrl}${p}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(directives(res.headers.get('content-security-policy'))['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('caching', () => {
  it('revalidates index.html (no-cache with ETag and Last-Modified) instead of caching it for an hour', async () => {
    for (const p of ['/', '/index.html', '/js/app.js']) {
      const res = await fetch(`${s.baseUrl}${p}`);
      expect({ p, cacheControl: res.headers.get('cache-control') }).toEqual({ p, cacheControl: 'no-cache' });
      expect(res.headers.get('etag')).toBeTruthy();
      expect(res.headers.get('last-modified')).toBeTruthy();
    }
    const etag = (await fetch(`${s.baseUrl}/`)).headers.get('etag') as string;
    // node:http, not fetch: fetch adds `Cache-Control: no-cache` to a conditional request, which asks for a 200.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get(`${s.baseUrl}/`, { headers: { 'if-none-match': etag } }, (res) => resolve(res.resume().statusCode)).on('error', reject);
    });
    expect(status).toBe(304);
  });

  it('answers the personal-data endpoints with 2xx and Cache-Control: no-store', async () => {
    const token = await withLocationConsent(s.api, await registeredWorker(s.api, 801));
    const code = printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039');
    await call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code, location: fixAtDoor('d0039') } });
    const fresh = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: 'no-store-device-0001'.padEnd(32, '0') } });
    const unregistered = fresh.body.token as string;
    const answers = {
      'POST /sessions': fresh,
      'POST /workers': await call(`${s.api}/workers`, {
        method: 'POST',
        token: unregistered,
        body: registrationBody({ idNumber: VALID_IDS.third, phone: '13912345678' }),
      }),
      'GET /me': await call(`${s.api}/me`, { token }),
      'PUT /me/phone': await call(`${s.api}/me/phone`, { method: 'PUT', token, body: { phone: '13700001111' } }),
      'GET /me/bookings': await call(`${s.api}/me/bookings`, { token }),
      'GET /me/entries': await call(`${s.api}/me/entries`, { token }),
      'GET /me/export': await call(`${s.api}/me/export`, { token }),
      'GET /me/consents': await call(`${s.api}/me/consents`, { token }),
      'POST /me/pass': await call(`${s.api}/me/pass`, { method: 'POST', token }),
    };
    const seen = Object.fromEntries(
      Object.entries(answers).map(([k, r]) => [k, `${r.status < 300 ? '2xx' : r.status} ${r.headers.get('cache-control')}`]),
    );
    expect(seen).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, '2xx no-store'])));
  });

  it('answers every API route with Cache-Control: no-store, whatever the outcome', async () => {
    const token = await newSession(s.api);
    const api = routes
      .filter((r) => r.url.startsWith('/api/v1/'))
      .flatMap((r) => ([] as string[]).concat(r.method).map((m) => [m, r.url] as const));
    expect(api.length).toBeGreaterThan(25);
    const without: string[] = [];
    for (const [method, url] of api) {
      const p = url.replace(/:doorId/g, 'd0039').replace(/:[A-Za-z]+/g, 'x1');
      const res = await fetch(`${s.baseUrl}${p}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(method === 'POST' || method === 'PUT' ? { 'content-type': 'application/json' } : {}),
        },
        body: method === 'POST' || method === 'PUT' ? '{}' : undefined,
      });
      if (!(res.headers.get('cache-control') ?? '').includes('no-store')) without.push(`${method} ${url} (${res.status})`);
    }
    expect(without).toEqual([]);
  });

  it('does not let the door link redirects be cached either', async () => {
    const code = printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039');
    const res = await fetch(`${s.baseUrl}${new URL(code).pathname}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
