/**
 * Journey 2 (register): from 我的 to the registration form and back to a masked profile that survives a
 * reload, in headless Chromium over the h5 build served by the real backend.
 */
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server';
import { journeyRig, onPhone, openRoute } from '../support/browser';
import { fillField, madeUpWorker, shown, shownText, submitRegistration } from './worker';

let server: TestServer;
let browser: Browser;
journeyRig((rig) => {
  ({ server, browser } = rig);
});

test('register: 我的 -> 去登记 -> masked profile under 我的, still registered after a reload', async () => {
  const worker = madeUpWorker(1);
  expect(worker.idNumber).toBe('140105199003071218'); // check character 8 worked out by hand (sum 213, mod 11 = 4)

  await onPhone(browser, 'register', async ({ page }) => {
    await openRoute(page, server.baseUrl, '/pages/me/index');
    await shownText(page, '还没有登记').waitFor();
    await shownText(page, '去登记').tap();
    await submitRegistration(page, worker);

    const profile = shown(page, '[data-testid=profile]');
    await profile.waitFor();
    expect(page.url()).toContain('#/pages/me/index');
    const expectProfile = async () => {
      await profile.getByText(worker.name).waitFor();
      expect(await profile.locator('[data-testid=id-masked]').textContent()).toBe('140***********1218');
      expect(await profile.locator('[data-testid=phone-masked]').textContent()).toBe('138****5671');
      await profile.getByText('外卖骑手').waitFor();
    };
    await expectProfile();

    // Neither the screen nor the phone's storage keeps the raw identity number or phone once registered.
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
    for (const raw of [worker.idNumber, worker.phone]) {
      expect(await page.content()).not.toContain(raw);
      expect(stored).not.toContain(raw);
    }

    await page.reload();
    await shown(page, '[data-testid=profile]').waitFor();
    await expectProfile();
    expect(await shownText(page, '还没有登记').count()).toBe(0);
    const me = (await server.one<{ n: number }>('SELECT count(*) AS n FROM workers'))!;
    expect(me.n).toBe(1);
  });
});

test('register: an error that appears on leaving a field does not swallow the tap on the next one', async () => {
  await onPhone(browser, 'register-tap', async ({ page }) => {
    await openRoute(page, server.baseUrl, '/packages/register/pages/index/index');
    await shown(page, '[data-testid=register-submit]').waitFor();
    // A landline typed as the mobile: the error shows as the field loses focus, i.e. as the thumb lands on a chip.
    await fillField(page, 'phone', '03512318839');
    const chip = shown(page, '.chip').filter({ hasText: '外卖骑手' });
    await chip.tap();
    await shown(page, '[data-testid=error-phone]').waitFor();
    await shown(page, '.chip.chip-on').filter({ hasText: '外卖骑手' }).waitFor({ timeout: 3000 });
  });
});
