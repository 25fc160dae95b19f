/**
 * The staff pages in headless Chromium over the h5 build served by the real backend (issue 13):
 * (a) a worker at door d0039 (station ty0195) presses 紧急求助; a keeper of ty0195, on a second phone, made staff by
 *     redeeming an invitation on 我的, sees the alarm on the station page (polled), acknowledges it, and the worker's
 *     door page shows 工会已收到（张师傅 HH:MM） without a reload;
 * (b) clinic staff of hs01 check a worker's booking in by typing its 8 digits. Only the check-in endpoint is needed:
 *     the day's sessions list (still being built) may answer 404 and then offers 重试.
 * The staff screens are checked with every other screen in screens.test.ts (sizes, contrast, overflow).
 */
import type { Browser, Page } from 'playwright-core';
import { h5Dir, launchBrowser, newPhone, onPhone, openRoute } from '../support/browser';
import { startServer, type TestServer } from '../support/server';
import { invitationCode } from '../support/staff';
import { addSession, book, registeredWorker, MIN } from '../support/booking';
import { printedDoorCode } from '../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../mock/src/core/keys';
import { runController } from '../../mock/tools/door-sim';
import { shanghaiDate } from '@/rules/time';
import { fillField, registerOnPhone, shown, shownText } from './worker';

const DOOR_ID = 'd0039';
const STATION_ID = 'ty0195';
let server: TestServer;
let browser: Browser;
const stopController = new AbortController();
let controller: Promise<void> = Promise.resolve();

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ H5_DIR: h5Dir() });
  const deviceKey = deviceKeys(loadMasterKey(server.ctx.config.dataDir, server.ctx.config.masterKey)).keyOf(DOOR_ID);
  controller = runController({
    api: server.api,
    doorId: DOOR_ID,
    deviceKey,
    waitS: 5,
    signal: stopController.signal,
    onOpen: () => undefined,
  });
});
afterAll(async () => {
  stopController.abort();
  await controller;
  await browser?.close();
  await server?.close();
});

/** Redeems `code` on this phone through 我的 -> 我有邀请码, as a new staff member would, and ends on the staff home. */
async function redeemOnPhone(page: Page, code: string, displayName: string): Promise<void> {
  await openRoute(page, server.baseUrl, '/pages/me/index');
  await shownText(page, '我有邀请码').tap();
  await fillField(page, 'inviteCode', code);
  await fillField(page, 'displayName', displayName);
  await shown(page, '[data-testid=redeem-submit]').tap();
  await shown(page, '[data-testid=redeem-done]').waitFor();
  await shownText(page, '进入工作人员页面').tap();
  await shown(page, '[data-testid=staff-role]').first().waitFor();
}

test('alarm: a worker presses 紧急求助 at the door, the keeper acknowledges on the staff page, the worker sees 工会已收到', async () => {
  const code = printedDoorCode(server.ctx.keys, server.ctx.config.doorHost, DOOR_ID);
  const keeperCode = await invitationCode(server, 'keeper', { stationId: STATION_ID });
  const keeper = await newPhone(browser);
  try {
    await onPhone(browser, 'staff-alarm-worker', async ({ page }) => {
      await registerOnPhone(page, server.baseUrl, 4);
      await openRoute(page, server.baseUrl, `/packages/unlock/pages/index/index?q=${encodeURIComponent(code)}`);
      const success = shown(page, '[data-testid=unlock-success]');
      await success.waitFor();
      await success.locator('[data-testid=emergency-call]').tap();
      await shown(page, '[data-testid=emergency-recorded]').waitFor();

      // The keeper: made staff on their own phone, then to the station page, where the alarm arrives by polling.
      const kp = keeper.page;
      await redeemOnPhone(kp, keeperCode, '张师傅');
      await shown(kp, '[data-testid=open-keeper]').tap();
      const alarm = shown(kp, '[data-testid=alarm][data-state=open]');
      await alarm.waitFor({ timeout: 25_000 });
      expect(await alarm.textContent()).toContain('五一广场智慧爱心驿站 · 正门');
      await alarm.locator('[data-testid=alarm-ack]').tap();
      const state = shown(kp, '[data-testid=alarm-state]');
      await state.filter({ hasText: /^已收到（张师傅 \d\d:\d\d）$/ }).waitFor();
      const hhmm = /(\d\d:\d\d)/.exec((await state.textContent())!)![1];

      // The worker's door page follows the alert (no reload) until someone acknowledged it.
      const ack = shown(page, '[data-testid=alert-ack]');
      await ack.waitFor({ timeout: 20_000 });
      expect(await ack.textContent()).toBe(`工会已收到（张师傅 ${hhmm}），请保持电话畅通。`);
      expect(page.url()).toContain('/packages/unlock/pages/index/index');
    });
    expect(keeper.crashes).toEqual([]);
  } finally {
    await keeper.context.close();
  }
}, 150_000);

test('clinic: staff check a booking in by typing its 8 digits; the day list without its endpoint offers 重试', async () => {
  const startMs = Date.now() + 10 * MIN;
  const { slotIds } = await addSession(server, 'e2e_cs1', shanghaiDate(startMs), startMs, [2]);
  const worker = await registeredWorker(server.api, 71);
  const booked = await book(server, worker, slotIds[0]);
  expect(booked.status).toBe(201);
  const digits = booked.body.checkInCode as string;
  expect(digits).toMatch(/^\d{8}$/);
  const clinicCode = await invitationCode(server, 'clinic', { healthStationId: 'hs01' });

  await onPhone(browser, 'staff-clinic', async ({ page }) => {
    await redeemOnPhone(page, clinicCode, '李护士');
    await shown(page, '[data-testid=open-clinic]').tap();
    await shown(page, '[data-testid=check-in-code]').waitFor();
    // No scanner in a browser: only the typed path.
    expect(await shown(page, '[data-testid=check-in-scan]').count()).toBe(0);
    const dayOk = await shown(page, '[data-testid=clinic-session]').count();
    if (!dayOk) await shown(page, '.banner-error').filter({ hasText: '没能读取今天的排班' }).getByText('重试').waitFor();

    await shown(page, '[data-testid=check-in-code] input').fill(`${digits.slice(0, 4)} ${digits.slice(4)}`);
    await shown(page, '[data-testid=check-in-submit]').tap();
    const result = shown(page, '[data-testid=check-in-result]');
    await result.filter({ hasText: /^签到成功：\d\d:\d\d / }).waitFor();
  });
  const row = await server.one<{ status: string }>('SELECT status FROM bookings WHERE check_in_code = ?', digits);
  expect(row!.status).toBe('checked_in');
}, 120_000);
