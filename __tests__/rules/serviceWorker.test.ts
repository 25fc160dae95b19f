/** The h5 service worker's rules (src/sw/policy.ts) and the build's precache selection (config/precache.ts). */
import { handlingOf, HASHED_ASSET } from '../../src/sw/policy';
import { isPrecached, PRECACHED_PAGES } from '../../config/precache';

const ORIGIN = 'https://yz.example.cn';
const get = (url: string, mode = 'no-cors') => ({ url, method: 'GET', mode });

describe('handlingOf', () => {
  test('a navigation to the app (/ or /index.html, any hash) is served network first, then from the kept shell', () => {
    expect(handlingOf(get(`${ORIGIN}/`, 'navigate'), ORIGIN)).toBe('shell');
    expect(handlingOf(get(`${ORIGIN}/#/packages/unlock/pages/index/index?q=x`, 'navigate'), ORIGIN)).toBe('shell');
    expect(handlingOf(get(`${ORIGIN}/index.html`, 'navigate'), ORIGIN)).toBe('shell');
  });

  test('a printed or screen door link (/d/, /r/) is left to the server, which turns it into the door page', () => {
    expect(handlingOf(get(`${ORIGIN}/d/AbC123`, 'navigate'), ORIGIN)).toBe('network');
    expect(handlingOf(get(`${ORIGIN}/r/AbC123`, 'navigate'), ORIGIN)).toBe('network');
  });

  test('content-hashed build files are cache first; the same names without a hash are not', () => {
    expect(handlingOf(get(`${ORIGIN}/js/app.660bd0a2.js`), ORIGIN)).toBe('asset');
    expect(handlingOf(get(`${ORIGIN}/chunk/5354.85330c65.js`), ORIGIN)).toBe('asset');
    expect(handlingOf(get(`${ORIGIN}/css/app.3cb2aa0b.css`), ORIGIN)).toBe('asset');
    expect(handlingOf(get(`${ORIGIN}/js/app.js`), ORIGIN)).toBe('network');
    expect(handlingOf(get(`${ORIGIN}/sw.js`), ORIGIN)).toBe('network');
    expect(HASHED_ASSET.test('/chunk/jsqr.9646bf75.js')).toBe(true);
  });

  test('API calls, other origins and anything but GET are left to the network', () => {
    expect(handlingOf(get(`${ORIGIN}/api/v1/stations/nearby?lat=37.86&lng=112.57`, 'cors'), ORIGIN)).toBe('network');
    expect(handlingOf(get('https://cdn.example.com/js/app.660bd0a2.js'), ORIGIN)).toBe('network');
    expect(handlingOf({ url: `${ORIGIN}/js/app.660bd0a2.js`, method: 'POST', mode: 'cors' }, ORIGIN)).toBe('network');
  });
});

describe('isPrecached', () => {
  const entry = ['js/1448.491435a0.js', 'js/app.660bd0a2.js', 'css/app.3cb2aa0b.css'];
  const routes = {
    'pages/index/index': ['chunk/1274.f1cc2c2e.js', 'chunk/5354.85330c65.js'],
    'packages/unlock/pages/index/index': ['chunk/2021.23ee4940.js', 'chunk/5354.85330c65.js'],
    'packages/health/pages/booking/index': ['chunk/9049.72cc9e16.js'],
  };

  test('the shell, the entry and the door path pages are precached, with or without a leading slash', () => {
    expect(isPrecached('/index.html', entry, routes)).toBe(true);
    expect(isPrecached('/js/app.660bd0a2.js', entry, routes)).toBe(true);
    expect(isPrecached('css/app.3cb2aa0b.css', entry, routes)).toBe(true);
    expect(isPrecached('/chunk/1274.f1cc2c2e.js', entry, routes)).toBe(true);
    expect(isPrecached('/chunk/2021.23ee4940.js', entry, routes)).toBe(true);
  });

  test('a page outside the door path (health booking) and files no page needs wait until visited', () => {
    expect(isPrecached('/chunk/9049.72cc9e16.js', entry, routes)).toBe(false);
    expect(isPrecached('/assets/map/me.png', entry, routes)).toBe(false);
  });

  test('the door path is what is kept: home, station, scan, door page, me', () => {
    expect([...PRECACHED_PAGES].sort()).toEqual(
      ['packages/unlock/pages/index/index', 'pages/index/index', 'pages/me/index', 'pages/scan/index', 'pages/station/index'].sort(),
    );
  });
});
