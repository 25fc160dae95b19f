/**
 * Issue 6's browser journey in headless Chromium over the h5 build served by the real backend: a registered
 * worker books a slot, sees the check-in QR and digits and the slot marked 已约, cancels under 我的预约 and books
 * the same slot again; on a full slot a worker joins the waitlist, sees the place in line and the slot marked
 * 候补中, and is promoted when others cancel.
 *
 * Time is fixed for both sides: the server's clock and the phone's are set to Thursday 2026-12-03 08:30
 * Shanghai, half an hour after the release (7 days ahead, 08:00) of Thursday 2026-12-10, when the seed's
 * template tpl001 (李振宇, 全科, hs01, Thursdays 09:00–12:00, 30-minute slots, capacity 1) holds its
 * clinic. The slots start 7 days later, far before the cancel deadline (2 h before the start).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { call, type TestServer } from '../support/server';
import { journeyRig, onPhone, readQr, transitionDone } from '../support/browser';
import { book, bookedCount, registeredWorker, sh } from '../support/booking';
import { confirmDialog, registerOnPhone, shown, shownText } from './worker';
import { materializeSessions } from '../../mock/src/features/booking';
import { slotWindowDays } from '../../mock/src/core/config';

const NOW_MS = sh(2026, 12, 3, 8, 30);
const CLINIC_DATE = '2026-12-10';
const SESSION_ID = 'cs_tpl001_20261210';
/** The session's first two slots: one per journey, so the journeys do not share places. */
const SLOT_0900 = `${SESSION_ID}_1`;
const SLOT_0930 = `${SESSION_ID}_2`;
const DOCTOR = '李振宇';

let server: TestServer;
let browser: Browser;
let stationName: string;
// The background scheduler stays off: nothing but the journey itself changes the bookings.
journeyRig(
  async (rig) => {
    ({ server, browser } = rig);
    server.clock.nowMs = NOW_MS;
    // The server made sessions for the real today at start; make the window around the journey's today.
    await materializeSessions(server.ctx.db, NOW_MS, slotWindowDays(server.ctx.config));
    const slots = await server.query(
      'SELECT id, starts_at AS "startsAt", capacity FROM slots WHERE session_id = ? ORDER BY starts_at LIMIT 2',
      SESSION_ID,
    );
    // The journeys rely on these seed facts; a changed seed fails here, not halfway through a journey.
    expect(slots).toEqual([
      { id: SLOT_0900, startsAt: sh(2026, 12, 10, 9, 0), capacity: 1 },
      { id: SLOT_0930, startsAt: sh(2026, 12, 10, 9, 30), capacity: 1 },
    ]);
    stationName = (await server.one<{ name: string }>("SELECT name FROM health_stations WHERE id = 'hs01'"))!.name;
  },
  { SCHEDULER_INTERVAL_S: '0' },
);

/**
 * The booking rows of `slotId` in the order they were made, as the server holds them. The clock stands still, so
 * rows share created_at; the slots hold one place, so every row but the live one was cancelled before it was made.
 */
const bookingsIn = (slotId: string) =>
  server.query<{ id: string; status: string; code: string }>(
    "SELECT id, status, check_in_code AS code FROM bookings WHERE slot_id = ? ORDER BY created_at, CASE WHEN status = 'cancelled' THEN 0 ELSE 1 END",
    slotId,
  );

/** On the health page: picks hs01 and the clinic date on the date strip (shown as "12/10"). */
async function openClinicDay(page: Page): Promise<void> {
  await shown(page, '[data-testid=health-station]').filter({ hasText: stationName }).tap();
  await shown(page, '[data-testid=health-station].chip-on').filter({ hasText: stationName }).waitFor();
  const day = `${Number(CLINIC_DATE.slice(5, 7))}/${Number(CLINIC_DATE.slice(8))}`;
  await shown(page, '[data-testid=date]')
    .filter({ hasText: new RegExp(`(^|\\D)${day}$`) })
    .tap();
  await shown(page, '[data-testid=date].date-on')
    .filter({ hasText: new RegExp(`(^|\\D)${day}$`) })
    .waitFor();
}

/** The slot button starting at `hhmm` in the doctor's session, showing `note` (余1, 约满·候补1人 …). */
const slotButton = (page: Page, hhmm: string, note: string): Locator =>
  shown(page, '[data-testid=clinic-session]')
    .filter({ hasText: DOCTOR })
    .locator('[data-testid=slot]')
    .filter({ hasText: hhmm })
    .filter({ hasText: note });

/**
 * On the booking page of an active booking: checks 预约成功, the time, and that the QR (an <img> with an SVG
 * data URL) reads as the 8 digits shown under it. @returns the check-in code.
 */
async function checkInCodeShown(page: Page, timeText: string): Promise<string> {
  const confirmation = shown(page, '[data-testid=booking-confirmation]');
  await confirmation.getByText('预约成功').waitFor();
  expect(await confirmation.locator('[data-testid=booking-time]').textContent()).toBe(timeText);
  const code = (await confirmation.locator('[data-testid=check-in-code]').textContent()) ?? '';
  expect(code).toMatch(/^\d{8}$/);
  const qr = confirmation.locator('.qr img');
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml[;,]/);
  expect(await readQr(qr)).toBe(code);
  return code;
}

/** Back from a page the worker reached by navigating (waits for the transition, see transitionDone). */
async function back(page: Page): Promise<void> {
  await transitionDone(page);
  await page.goBack();
}

test('booking journey: book, see the check-in QR, cancel under 我的预约, book the same slot again', async () => {
  await onPhone(browser, 'booking-cancel-rebook', async ({ page, context }) => {
    await context.clock.setSystemTime(NOW_MS); // the phone's clock agrees with the server's
    await registerOnPhone(page, server.baseUrl, 5);
    await shownText(page, '预约健康驿站').tap();
    await openClinicDay(page);

    await slotButton(page, '09:00', '余1').tap();
    await confirmDialog(page, '确认预约');
    const firstCode = await checkInCodeShown(page, '12月10日 周四 09:00–09:30');
    expect(await bookingsIn(SLOT_0900)).toEqual([{ id: expect.any(String), status: 'booked', code: firstCode }]);

    await back(page);
    // Back on the slots: the worker's own slot says so (it is not offered again).
    await slotButton(page, '09:00', '已约').waitFor();
    await shownText(page, '我的预约').tap();
    const mine = shown(page, '[data-testid=my-booking]');
    await mine.getByText('已预约', { exact: true }).waitFor();
    expect(await mine.count()).toBe(1);
    await mine.locator('[data-testid=cancel-booking]').tap();
    await confirmDialog(page, '取消预约');
    await mine.getByText('已取消', { exact: true }).waitFor();
    expect(await mine.locator('[data-testid=cancel-booking]').count()).toBe(0);
    expect((await bookingsIn(SLOT_0900)).map((b) => b.status)).toEqual(['cancelled']);
    expect(await bookedCount(server, SLOT_0900)).toBe(0);

    // The place went back to the pool at once: the same worker takes it again, with a new check-in code.
    await back(page);
    await slotButton(page, '09:00', '余1').tap();
    await confirmDialog(page, '确认预约');
    const secondCode = await checkInCodeShown(page, '12月10日 周四 09:00–09:30');
    expect(secondCode).not.toBe(firstCode);
    expect((await bookingsIn(SLOT_0900)).map(({ status, code }) => ({ status, code }))).toEqual([
      { status: 'cancelled', code: firstCode },
      { status: 'booked', code: secondCode },
    ]);
    expect(await bookedCount(server, SLOT_0900)).toBe(1);
  });
});

test('booking journey: a full slot offers the waitlist; the worker waits in line and is promoted as others cancel', async () => {
  // Worker A holds the only place; worker B waits first in line (both through the API).
  const [tokenA, tokenB] = await Promise.all([registeredWorker(server.api, 1), registeredWorker(server.api, 2)]);
  const a = await book(server, tokenA, SLOT_0930);
  expect([a.status, a.body.status]).toEqual([201, 'booked']);
  const b = await book(server, tokenB, SLOT_0930, { waitlistIfFull: true });
  expect([b.status, b.body.status, b.body.position]).toEqual([202, 'waitlisted', 1]);

  await onPhone(browser, 'booking-waitlist', async ({ page, context }) => {
    await context.clock.setSystemTime(NOW_MS);
    await registerOnPhone(page, server.baseUrl, 6);
    await shownText(page, '预约健康驿站').tap();
    await openClinicDay(page);

    await slotButton(page, '09:30', '约满·候补1人').tap();
    await confirmDialog(page, '加入候补');
    await shown(page, '[data-testid=waitlist-position]').getByText('已加入候补，排第2位').waitFor();
    expect(await shown(page, '[data-testid=check-in-code]').count()).toBe(0);

    await back(page);
    await slotButton(page, '09:30', '候补中').waitFor();
    await shownText(page, '我的预约').tap();
    const mine = shown(page, '[data-testid=my-booking]');
    const status = mine.locator('[data-testid=booking-status]');
    await status.getByText('候补中，排第2位', { exact: true }).waitFor();
    expect(await mine.count()).toBe(1);
    expect(await mine.locator('[data-testid=booking-time]').textContent()).toBe('12月10日 周四 09:30–10:00');

    // A cancels: B (first in line) gets the place, this worker moves up to first.
    expect((await call(`${server.api}/bookings/${a.body.id}`, { method: 'DELETE', token: tokenA })).status).toBe(200);
    await page.reload();
    await status.getByText('候补中，排第1位', { exact: true }).waitFor();

    // B cancels the promoted booking: the place is this worker's now, with a check-in code.
    const promotedB = (await bookingsIn(SLOT_0930)).find((x) => x.status === 'booked');
    expect(promotedB).toBeDefined();
    expect((await call(`${server.api}/bookings/${promotedB!.id}`, { method: 'DELETE', token: tokenB })).status).toBe(200);
    await page.reload();
    await status.getByText('已预约', { exact: true }).waitFor();
    expect(await mine.count()).toBe(1);
    expect(await bookedCount(server, SLOT_0930)).toBe(1);

    await mine.locator('[data-testid=booking-time]').tap();
    const code = await checkInCodeShown(page, '12月10日 周四 09:30–10:00');
    expect((await bookingsIn(SLOT_0930)).map(({ status: s, code: c }) => [s, c])).toEqual([
      ['cancelled', expect.any(String)], // A
      ['cancelled', expect.any(String)], // B, promoted then cancelled
      ['booked', code], // this worker
    ]);
  });
});
