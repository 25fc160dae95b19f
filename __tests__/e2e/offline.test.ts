/**
 * A worker whose signal drops after the home page loaded can still reach "scan to open" and type a code:
 * the h5 app fetches the door path's page code once the first screen is up (src/app.ts).
 */
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server';
import { journeyRig, onPhone, openRoute } from '../support/browser';
import { shown, shownText } from './worker';

let server: TestServer;
let browser: Browser;
journeyRig((rig) => {
  ({ server, browser } = rig);
});

test('offline after the home page loaded: the 扫码开门 tab still opens and takes a typed code', async () => {
  await onPhone(browser, 'offline', async ({ page, context }) => {
    await openRoute(page, server.baseUrl, '/pages/index/index');
    await shown(page, '[data-testid=station-card]').first().waitFor();
    // The app marks the page once the door path's code is in (1.5 s after launch).
    await page.locator('html[data-offline-ready="1"]').waitFor({ state: 'attached' });
    await context.setOffline(true);
    await shown(page, '.weui-tabbar__item').filter({ hasText: '扫码开门' }).tap();
    await shown(page, '[data-testid=door-code-input]').waitFor();
  });
});

test('offline after the list has shown: 刷新 keeps the list, marked with when it was fetched, and a station card still opens', async () => {
  await onPhone(browser, 'offline-station', async ({ page, context }) => {
    await openRoute(page, server.baseUrl, '/pages/index/index');
    await shown(page, '[data-testid=station-card]').first().waitFor();
    // The list fetches the station page's code as soon as it shows (src/components/StationList.tsx).
    await page.locator('html[data-pages-loaded~="pages/station/index"]').waitFor({ state: 'attached' });
    await context.setOffline(true);
    await shownText(page, '刷新').tap();
    await shown(page, '[data-testid=stale-banner]')
      .filter({ hasText: /^网络不佳，下面是 \d\d:\d\d 查到的驿站，可能已有变化$/ })
      .waitFor();
    await shown(page, '[data-testid=station-card]').first().tap();
    // The station page itself opens; its details need the network, and it says so with ways on.
    await shown(page, '.banner-error').filter({ hasText: '网络连接失败，请检查网络后重试' }).filter({ hasText: '回到附近驿站' }).waitFor();
    expect(page.url()).toContain('/pages/station/index?id=');
  });
});

test("the station page's code could not be fetched: a tapped card says details need the network and shows what the list has", async () => {
  await onPhone(
    browser,
    'offline-station-code',
    async ({ page, context }) => {
      await openRoute(page, server.baseUrl, '/pages/index/index');
      await shown(page, '[data-testid=location-consent-agree]').waitFor();
      // From here on no page code arrives (as offline), while the API still answers: the list loads, the
      // station page's code does not.
      await context.route('**/chunk/**', (route) => route.abort('internetdisconnected'));
      await shown(page, '[data-testid=location-consent-agree]').tap();
      const card = shown(page, '[data-testid=station-card]').first();
      await card.waitFor();
      const homeUrl = page.url();

      await card.locator('.station-name').tap();
      const note = card.locator('[data-testid=station-offline]');
      await note.getByText('网络不通，驿站详情打不开；联网后再点一次这张卡片。').waitFor();
      expect(await note.getByTestId('station-offline-kind').textContent()).toMatch(/^[一二三四]星驿站 · .+爱心驿站$/);
      expect(page.url()).toBe(homeUrl);

      // The code can be fetched again: the same tap opens the station.
      await context.unroute('**/chunk/**');
      await card.locator('.station-name').tap();
      await shown(page, '[data-testid=station-title]').waitFor();
      await shownText(page, '导航过去').waitFor();
    },
    { locationConsent: false },
  );
});

test('reopened offline after a first visit: the app with 扫码开门 and the last stations, not the browser offline page', async () => {
  await onPhone(browser, 'offline-reopen', async ({ page, context }) => {
    await openRoute(page, server.baseUrl, '/pages/index/index');
    const first = shown(page, '[data-testid=station-card] .station-name').first();
    await first.waitFor();
    const firstName = await first.textContent();
    // The service worker is installed once the first screen is up (src/app.ts), its precache complete.
    await page.locator('html[data-sw-ready="1"]').waitFor({ state: 'attached' });
    await context.setOffline(true);

    const reopened = await context.newPage();
    await reopened.goto(`${server.baseUrl}/#/pages/index/index`);
    await shown(reopened, '[data-testid=station-card] .station-name')
      .filter({ hasText: firstName ?? '' })
      .first()
      .waitFor();
    await shown(reopened, '.weui-tabbar__item').filter({ hasText: '扫码开门' }).tap();
    await shown(reopened, '[data-testid=door-code-input]').waitFor();
  });
});
