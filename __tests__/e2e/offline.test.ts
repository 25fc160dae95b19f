/**
 * A worker whose signal drops after the home page loaded can still reach "scan to open" and type a code:
 * the h5 app fetches the door path's page code once the first screen is up (src/app.ts).
 */
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server';
import { journeyRig, onPhone, openRoute } from '../support/browser';
import { shown } from './worker';

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
