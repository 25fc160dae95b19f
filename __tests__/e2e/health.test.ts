/**
 * Journey 5 (health booking) in headless Chromium over the h5 build served by the real backend: a
 * newly registered worker books a slot with places left and sees the 8-digit check-in code and where to go
 * (the station's address, 导航过去), then finds the booking under 我的预约.
 */
import type { Browser } from 'playwright-core';
import { call, type TestServer } from '../support/server';
import { journeyRig, onPhone, transitionDone } from '../support/browser';
import { confirmDialog, registerOnPhone, shown, shownText } from './worker';

let server: TestServer;
let browser: Browser;
journeyRig((rig) => {
  ({ server, browser } = rig);
});

interface ApiSlot {
  id: string;
  startsAt: string;
  remaining: number;
  bookable: boolean;
}

/**
 * The first bookable slot with places at the station the page selects first (the first open one),
 * on the earliest bookable date that has one, as the server reports it.
 */
async function firstOpenSlot(): Promise<{ stationName: string; stationAddress: string; date: string; slot: ApiSlot }> {
  const { body } = await call(`${server.api}/health-stations`);
  const station = (body.stations as { id: string; name: string; address: string; status: string }[]).find((s) => s.status === 'open');
  if (!station) throw new Error('the seed has no open health station');
  for (const date of body.bookableDates as string[]) {
    const r = await call(`${server.api}/health-stations/${station.id}/slots?date=${date}`);
    for (const s of r.body.sessions as { slots: ApiSlot[] }[]) {
      const slot = s.slots.find((x) => x.bookable && x.remaining > 0);
      if (slot) return { stationName: station.name, stationAddress: station.address, date, slot };
    }
  }
  throw new Error(`no bookable slot with places at ${station.id} on ${(body.bookableDates as string[]).join(', ')}`);
}

test('health booking: 我的 -> 预约健康驿站, a date with sessions, a slot with places, the check-in code, then 我的预约', async () => {
  const { stationName, stationAddress, date, slot } = await firstOpenSlot();
  const [, month, day] = date.split('-').map(Number);
  const startHhmm = slot.startsAt.slice(11, 16); // "2026-12-03T09:00:00+08:00" -> "09:00"

  await onPhone(browser, 'health', async ({ page }) => {
    await registerOnPhone(page, server.baseUrl, 4);

    await shownText(page, '预约健康驿站').tap();
    await shown(page, '[data-testid=health-station].chip-on').filter({ hasText: stationName }).waitFor();
    const dateChip = shown(page, '[data-testid=date]').filter({ hasText: new RegExp(`(^|\\D)${month}/${day}$`) });
    await dateChip.tap();
    await shown(page, '[data-testid=date].date-on')
      .filter({ hasText: new RegExp(`(^|\\D)${month}/${day}$`) })
      .waitFor();

    const slotButton = shown(page, '[data-testid=slot]:not([disabled=true])')
      .filter({ hasText: startHhmm })
      .filter({ hasText: '余' })
      .first();
    await slotButton.tap();
    await confirmDialog(page, '确认预约');

    const confirmation = shown(page, '[data-testid=booking-confirmation]');
    await confirmation.waitFor();
    await confirmation.getByText('预约成功').waitFor();
    await confirmation.getByText(stationName).waitFor();
    // Where to go: the address (from GET /health-stations) and walking directions.
    await confirmation.getByText(`地址：${stationAddress}`).waitFor();
    await confirmation.locator('[data-testid=station-navigate]').getByText('导航过去').waitFor();
    const checkInCode = (await confirmation.locator('[data-testid=check-in-code]').textContent()) ?? '';
    expect(checkInCode).toMatch(/^\d{8}$/);
    const timeText = (await confirmation.locator('[data-testid=booking-time]').textContent()) ?? '';
    expect(timeText).toContain(`${month}月${day}日`);
    expect(timeText).toContain(startHhmm);

    // The server holds exactly this booking, with the code the screen shows.
    const rows = await server.query('SELECT slot_id, check_in_code, status FROM bookings');
    expect(rows).toEqual([{ slot_id: slot.id, check_in_code: checkInCode, status: 'booked' }]);

    await transitionDone(page);
    await page.goBack();
    await shownText(page, '我的预约').tap();
    const mine = shown(page, '[data-testid=my-booking]');
    await mine.first().waitFor();
    expect(await mine.count()).toBe(1);
    expect(await mine.locator('[data-testid=booking-time]').textContent()).toBe(timeText);
    expect(await mine.locator('[data-testid=booking-status]').textContent()).toBe('已预约');
  });
});
