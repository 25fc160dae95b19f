/**
 * Journey 1 (nearby) and the location-refused journey, in headless Chromium over the h5 build served
 * by the real backend. The phone stands at 五一广场; the nearest station is ty0195 五一广场智慧爱心驿站,
 * 194 m away (mock/seed/data/README.md).
 */
import type { Browser, Page } from 'playwright-core';
import { call, type TestServer } from '../support/server';
import { journeyRig, onPhone, openRoute, WUYI_SQUARE_WGS84 } from '../support/browser';
import { haversineM, wgs84ToGcj02 } from '@/rules/geo';
import { shown, shownText } from './worker';

let server: TestServer;
let browser: Browser;
journeyRig((rig) => {
  ({ server, browser } = rig);
});

interface Card {
  id: string;
  distanceM: number;
  text: string;
  /** Open now: open cards come first, the others after them (issue 16). */
  open: boolean;
}

/** The station cards on screen, in order, once the list has loaded. */
async function stationCards(page: Page): Promise<Card[]> {
  await shown(page, '[data-testid=station-card]').first().waitFor();
  return shown(page, '[data-testid=station-card]').evaluateAll((els) =>
    els.map((el) => ({
      id: el.getAttribute('data-station-id') ?? '',
      distanceM: Number(el.querySelector('.distance')?.getAttribute('data-distance-m')),
      text: el.querySelector('.distance')?.textContent ?? '',
      open: el.getAttribute('data-open') === 'true',
    })),
  );
}

/** Every station within `radiusM` of `center` (GCJ-02), nearest first, straight from the database. */
async function stationsWithin(center: { lat: number; lng: number }, radiusM: number): Promise<{ id: string; distanceM: number }[]> {
  const rows = await server.query<{ id: string; lat: number; lng: number }>('SELECT id, lat, lng FROM stations');
  return rows
    .map((r) => ({ id: r.id, distanceM: haversineM(center, r) }))
    .filter((r) => r.distanceM <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM);
}

/**
 * Cards are exactly the stations within 1 km of `center`, the open ones first, each group nearest first, each
 * distance true to 1 m.
 */
async function expectTheStationsWithin1Km(cards: Card[], center: { lat: number; lng: number }): Promise<void> {
  const expected = (await stationsWithin(center, 1000)).slice(0, 20); // the app asks for at most 20
  const open = new Set(cards.filter((c) => c.open).map((c) => c.id));
  const openFirst = [...expected.filter((e) => open.has(e.id)), ...expected.filter((e) => !open.has(e.id))];
  expect(cards.map((c) => c.id)).toEqual(openFirst.map((e) => e.id));
  cards.forEach((c, i) => {
    expect(c.distanceM).toBeLessThanOrEqual(1000);
    if (i > 0 && c.open === cards[i - 1].open) expect(c.distanceM).toBeGreaterThanOrEqual(cards[i - 1].distanceM);
    if (i > 0) expect(c.open && !cards[i - 1].open).toBe(false);
    expect(Math.abs(c.distanceM - openFirst[i].distanceM)).toBeLessThan(1);
    expect(c.text).toBe(`${Math.round(c.distanceM)}米`);
  });
}

test('nearby: asks consent to use location, then stations within 1 km of 五一广场, nearest first; detail and 导航过去', async () => {
  await onPhone(
    browser,
    'nearby',
    async ({ page }) => {
      await openRoute(page, server.baseUrl, '/pages/index/index');
      // A new phone: the app's own consent to precise location comes first, with the reason.
      const ask = shown(page, '[data-testid=location-fallback][data-kind=not_consented]');
      await ask.getByText(/不记录行动轨迹/).waitFor();
      expect(await shown(page, '[data-testid=station-card]').count()).toBe(0);
      await ask.locator('[data-testid=location-consent-agree]').tap();
      const cards = await stationCards(page);

      // The browser reports WGS-84; stations are stored in GCJ-02 (about 600 m apart here).
      const center = wgs84ToGcj02({ lat: WUYI_SQUARE_WGS84.latitude, lng: WUYI_SQUARE_WGS84.longitude });
      expect(cards.length).toBeGreaterThanOrEqual(5); // the main urban area is dense
      await expectTheStationsWithin1Km(cards, center);
      expect(cards[0]).toMatchObject({ id: 'ty0195', text: '194米' });

      await shown(page, '[data-testid=station-card]').first().tap();
      await shown(page, '[data-testid=station-title]').filter({ hasText: '五一广场智慧爱心驿站' }).waitFor();
      await shownText(page, '导航过去').waitFor();
      await shown(page, '[data-testid=call]').filter({ hasText: '拨打值班电话' }).waitFor();
    },
    { locationConsent: false },
  );
});

test('a returning worker: index.html asks for the stations while the code downloads, and the app asks no second time', async () => {
  await onPhone(browser, 'nearby-early', async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/stations/nearby')) asked.push(r.url());
    });
    await openRoute(page, server.baseUrl, '/pages/index/index');
    const cards = await stationCards(page);
    const center = wgs84ToGcj02({ lat: WUYI_SQUARE_WGS84.latitude, lng: WUYI_SQUARE_WGS84.longitude });
    await expectTheStationsWithin1Km(cards, center);
    expect(asked).toHaveLength(1);
    expect(Object.fromEntries(new URL(asked[0]).searchParams)).toEqual({
      lat: String(WUYI_SQUARE_WGS84.latitude),
      lng: String(WUYI_SQUARE_WGS84.longitude),
      coord: 'wgs84',
      radiusM: '1000',
      limit: '20',
    });
  });
});

test('location refused: a message and a way forward; choose 五一广场 and reach a station', async () => {
  await onPhone(
    browser,
    'location-refused',
    async ({ page }) => {
      await openRoute(page, server.baseUrl, '/pages/index/index');
      const fallback = shown(page, '[data-testid=location-fallback]');
      await fallback.waitFor();
      // Headless Chromium refuses without a prompt and reports the permission as "denied", which the
      // app may read as a refusal remembered from before; either way it says so and offers a way on.
      expect(['denied', 'denied_before']).toContain(await fallback.getAttribute('data-kind'));
      await fallback.getByText(/拒绝了位置权限|没有允许获取位置/).waitFor();
      await fallback.getByText(/手动选择所在区域/).waitFor();
      expect(await shown(page, '[data-testid=station-card]').count()).toBe(0);

      await shownText(page, '选择所在区域或地标').tap();
      await shown(page, '[data-testid=location-fallback] .chip')
        .filter({ hasText: /^五一广场$/ })
        .tap();
      await shownText(page, '所选位置“五一广场”').waitFor();

      // Landmarks are served in GCJ-02; the list shows the stations within 1 km of the chosen one.
      const { body } = await call(`${server.api}/places`);
      const place = (body.places as { name: string; lat: number; lng: number }[]).find((p) => p.name === '五一广场');
      expect(place).toBeDefined();
      const cards = await stationCards(page);
      await expectTheStationsWithin1Km(cards, place!);
      expect(cards[0].id).toBe('ty0195');

      await shown(page, '[data-testid=station-card]').first().tap();
      await shown(page, '[data-testid=station-title]').filter({ hasText: '五一广场智慧爱心驿站' }).waitFor();
      await shownText(page, '导航过去').waitFor();
    },
    { geolocation: false },
  );
});

test('a host kind chosen last time is named above the list after a reload, and in view when the filters open', async () => {
  await onPhone(browser, 'nearby-kind', async ({ page }) => {
    await openRoute(page, server.baseUrl, '/pages/index/index');
    await shown(page, '[data-testid=station-card]').first().waitFor();
    await shown(page, '[data-testid=filter-toggle]').tap();
    // The last kind chip starts far off the right edge of a 375 px screen.
    const last = shown(page, '[data-testid^=filter-kind-]').last();
    const testId = (await last.getAttribute('data-testid')) ?? '';
    expect((await last.boundingBox())!.x).toBeGreaterThan(375);
    await last.tap();
    await shown(page, `[data-testid=${testId}].chip-on`).waitFor();
    await page.reload();
    // Folded again after the reload: 筛选 counts it and the line above the list names it.
    await shown(page, '[data-testid=filter-toggle]')
      .filter({ hasText: /^筛选1/ })
      .waitFor();
    await shown(page, '[data-testid=filter-notice]').waitFor();
    await shown(page, '[data-testid=filter-toggle]').tap();
    const chosen = shown(page, `[data-testid=${testId}].chip-on`);
    await chosen.waitFor();
    // In view once the row has scrolled (it animates): the chip's box inside the 375 px screen.
    await page.waitForFunction((id) => {
      const chip = Array.from(document.querySelectorAll(`[data-testid=${id}].chip-on`)).find(
        (el) => (el as HTMLElement).offsetParent !== null,
      );
      const box = chip?.getBoundingClientRect();
      return !!box && box.left >= 0 && box.right <= 375;
    }, testId);
  });
});

test('at 375x667 with a chosen place and a filter on, the first two stations show whole above the tab bar', async () => {
  await onPhone(
    browser,
    'nearby-fold',
    async ({ page }) => {
      await openRoute(page, server.baseUrl, '/pages/index/index');
      await shownText(page, '选择所在区域或地标').tap();
      await shown(page, '[data-testid=location-fallback] .chip')
        .filter({ hasText: /^五一广场$/ })
        .tap();
      await shown(page, '[data-testid=manual-place]').filter({ hasText: '更换位置' }).waitFor();
      await shown(page, '[data-testid=station-card]').first().waitFor();

      await shown(page, '[data-testid=filter-toggle]').tap();
      await shown(page, '[data-testid=filter-toilet]').tap();
      await shown(page, '[data-testid=filter-notice]').filter({ hasText: '已筛选：卫生间' }).waitFor();
      await shown(page, '[data-testid=result-summary]').waitFor(); // the filtered answer is in (正在更新… is gone)
      await shownText(page, '收起').tap();
      await shown(page, '[data-testid=filter-toilet]').waitFor({ state: 'detached' });

      // As the worker sees it without scrolling: every scrolled box back at its top, then where the cards are.
      const cards = await shown(page, '[data-testid=station-card]').evaluateAll((els) => {
        for (let p = els[0]?.parentElement; p; p = p.parentElement) p.scrollTop = 0;
        window.scrollTo(0, 0);
        return els.slice(0, 2).map((el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        });
      });
      const tabBar = (await shown(page, '.weui-tabbar').boundingBox())!;
      expect(tabBar.y).toBeGreaterThan(600); // the tab bar is at the foot of the 667 px screen
      expect(cards).toHaveLength(2);
      expect(cards[0].top).toBeGreaterThan(0);
      expect(cards[1].bottom).toBeLessThanOrEqual(tabBar.y);
    },
    { geolocation: false },
  );
});
