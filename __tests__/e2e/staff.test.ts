/**
 * The staff pages in headless Chromium over the h5 build served by the real backend (issue 13):
 * (a) a worker at door d0039 (station ty0195) presses 紧急求助; a keeper of ty0195, on a second phone, made staff by
 *     redeeming an invitation on 我的, sees the alarm on the station page (polled), acknowledges it, and the worker's
 *     door page shows 工会已收到（张师傅 HH:MM） without a reload, and 我的 says so too;
 * (b) on a fixed clock (server and phones at Thursday 2026-12-10 10:30 Shanghai), a keeper of ty0195 closes the
 *     station for 2 hours with a reason (a worker's nearby list and station page show 暂停开放 and the reason) and
 *     reopens it (24小时 again); opens 正门 remotely with a reason (the simulated controller gets the grant, the entry
 *     is today's, marked remote); files a 热水 report with a photo chosen on the h5 file input and marks it 已处理;
 * (c) clinic staff of hs01 see today's session with the booked worker masked (the day endpoint) and check the
 *     booking in by typing its 8 digits.
 * ty0202 and its door d0040 are closed by the seed from 2026-12-01 (heating works): not used here.
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
import { PNG } from 'pngjs';
import type { PolledGrant } from '../../mock/tools/door-sim';
import { sh } from '../support/time';
import { confirmDialog, fillField, registerOnPhone, shown, shownText } from './worker';

const DOOR_ID = 'd0039';
const STATION_ID = 'ty0195';
let server: TestServer;
let browser: Browser;
const stopController = new AbortController();
let controller: Promise<void> = Promise.resolve();
/** Grants the simulated controller of d0039 opened the door for and acknowledged (status), in order. */
const acked: { grant: PolledGrant; status: number }[] = [];
let onAcked: (() => void) | null = null;
/** Resolves once the controller has acknowledged `n` grants in all. */
const ackedCount = (n: number) =>
  new Promise<void>((resolve) => {
    const check = () => (acked.length >= n ? resolve() : (onAcked = check));
    check();
  });
/** Thursday 2026-12-10 10:30 Shanghai: the fixed clock of the keeper and clinic journeys. */
const NOW_MS = sh(2026, 12, 10, 10, 30);

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
    onAck: (grant, status) => {
      acked.push({ grant, status });
      onAcked?.();
    },
  });
});
afterEach(() => {
  server.clock.nowMs = null;
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

test('alarm: a worker presses 紧急求助 and confirms at the door, the keeper acknowledges, the worker sees 工会已收到, then 取消求助: the keeper sees 工友已取消求助', async () => {
  const code = printedDoorCode(server.ctx.keys, server.ctx.config.doorHost, DOOR_ID);
  const keeperCode = await invitationCode(server, 'keeper', { stationId: STATION_ID });
  const keeper = await newPhone(browser);
  try {
    await onPhone(browser, 'staff-alarm-worker', async ({ page }) => {
      await registerOnPhone(page, server.baseUrl, 4);
      await openRoute(page, server.baseUrl, `/packages/unlock/pages/index/index?q=${encodeURIComponent(code)}`);
      const success = shown(page, '[data-testid=unlock-success]');
      await success.waitFor();
      // One tap only asks: 确认求助 takes its place, and nothing is dialled or recorded until it is tapped.
      await success.locator('[data-testid=emergency-call]').tap();
      const confirm = shown(page, '[data-testid=emergency-confirm]');
      await confirm.waitFor();
      expect(await server.query('SELECT id FROM alerts')).toEqual([]);
      // The deliberate second tap comes later than a bounce would (CONFIRM_BOUNCE_MS, 600 ms, in
      // src/components/EmergencyCall.tsx): the phone's clock is moved on a second, not waited for.
      await page.clock.setSystemTime((await page.evaluate(() => Date.now())) + 1_000);
      await confirm.tap();
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

      // 取消求助 (still within ALERT_WITHDRAW_S): the page says the call cannot be recalled; the keeper's card turns.
      const box = shown(page, '[data-testid=emergency-withdraw-box]');
      expect(await box.textContent()).toContain('已拨出的电话无法撤回');
      await box.locator('[data-testid=emergency-withdraw]').tap();
      await shown(page, '[data-testid=emergency-withdrawn]').filter({ hasText: '已拨出的电话无法撤回' }).waitFor();
      const withdrawnCard = shown(kp, '[data-testid=alarm][data-state=withdrawn]');
      await withdrawnCard.waitFor({ timeout: 25_000 });
      const cardState = (await withdrawnCard.locator('[data-testid=alarm-state]').textContent())!;
      expect(cardState).toMatch(/^工友已取消求助（\d\d:\d\d），之前张师傅已收到$/);
      const at = /（(\d\d:\d\d)）/.exec(cardState)![1];
      // Everyone told about the alarm (here it was raised before the keeper was made staff) got word it was withdrawn.
      const told = async (kind: string) =>
        (
          await server.query<{ staff_id: string }>('SELECT DISTINCT staff_id FROM staff_notices WHERE kind = ? ORDER BY staff_id', kind)
        ).map((r) => r.staff_id);
      expect(await told('alarm_withdrawn')).toEqual(await told('alarm'));

      // 我的 says it too.
      await openRoute(page, server.baseUrl, '/pages/me/index');
      const mine = shown(page, '[data-testid=my-alert][data-state=withdrawn]');
      await mine.waitFor();
      expect(await mine.locator('[data-testid=my-alert-state]').textContent()).toBe(`您已取消求助（${at}）`);
      expect(await mine.textContent()).toContain('五一广场智慧爱心驿站');
    });
    expect(keeper.crashes).toEqual([]);
  } finally {
    await keeper.context.close();
  }
}, 150_000);

/** A keeper of ty0195 (named `name`) on a phone whose clock is the fixed NOW_MS, ending on the station page. */
async function keeperOnStation(page: Page, name: string): Promise<void> {
  await page.context().clock.setSystemTime(NOW_MS);
  await redeemOnPhone(page, await invitationCode(server, 'keeper', { stationId: STATION_ID }), name);
  await shown(page, '[data-testid=open-keeper]').tap();
  await shown(page, '[data-testid=station-state]').waitFor();
}

test('keeper closes the station for 2 hours with a reason: workers see 暂停开放 and the reason; reopened, 24小时 again', async () => {
  server.clock.nowMs = NOW_MS;
  const worker = await newPhone(browser);
  try {
    await onPhone(browser, 'staff-closure', async ({ page }) => {
      await keeperOnStation(page, '赵师傅');
      expect(await shown(page, '[data-testid=staff-open-label]').textContent()).toBe('24小时');
      await shown(page, '[data-testid=close-station]').tap();
      await shown(page, '[data-testid=closure-reason] input').fill('热水管维修');
      await shown(page, '[data-testid=closure-form] [role=radio]').filter({ hasText: '2小时' }).tap();
      await shown(page, '[data-testid=closure-form]').getByText('到 12月10日 12:30 自动恢复开放').waitFor();
      await shown(page, '[data-testid=closure-confirm]').tap();
      const banner = shown(page, '[data-testid=closure]');
      await banner.getByText('暂停开放到 12月10日 12:30：热水管维修（赵师傅）', { exact: false }).waitFor();
      expect(await shown(page, '[data-testid=staff-open-label]').textContent()).toBe('暂停开放');

      // A worker nearby, on the same clock: the list and the station page say 暂停开放 and why.
      const wp = worker.page;
      await worker.context.clock.setSystemTime(NOW_MS);
      await openRoute(wp, server.baseUrl, '/pages/index/index');
      const card = shown(wp, `[data-testid=station-card][data-station-id=${STATION_ID}]`);
      await card.locator('[data-testid=open-state]').getByText('暂停开放').waitFor();
      expect(await card.textContent()).toContain('热水管维修');
      await openRoute(wp, server.baseUrl, `/pages/station/index?id=${STATION_ID}`);
      await shown(wp, '[data-testid=open-label]').getByText('暂停开放').waitFor();
      expect(await shown(wp, '[data-testid=closures]').textContent()).toContain('热水管维修');

      // The keeper reopens: 24小时 on both sides again.
      await shown(page, '[data-testid=reopen]').tap();
      await confirmDialog(page, '恢复');
      await shown(page, '[data-testid=staff-open-label]').getByText('24小时').waitFor();
      expect(await shown(page, '[data-testid=closure]').count()).toBe(0);
      // Back on the list the worker saw before, 刷新 asks again (h5 has no pull-down).
      await openRoute(wp, server.baseUrl, '/pages/index/index');
      await shown(wp, '[role=button]').filter({ hasText: '刷新' }).tap();
      await shown(wp, `[data-testid=station-card][data-station-id=${STATION_ID}] [data-testid=open-state]`).getByText('24小时').waitFor();
      await openRoute(wp, server.baseUrl, `/pages/station/index?id=${STATION_ID}`);
      await shown(wp, '[data-testid=open-label]').getByText('24小时').waitFor();
    });
    expect(worker.crashes).toEqual([]);
  } finally {
    await worker.context.close();
  }
}, 150_000);

test("keeper opens 正门 remotely with a reason: the controller gets the grant, the entry is today's, marked remote", async () => {
  server.clock.nowMs = NOW_MS;
  const before = acked.length;
  await onPhone(browser, 'staff-remote-open', async ({ page }) => {
    await keeperOnStation(page, '钱师傅');
    const door = shown(page, '[data-testid=door]').filter({ hasText: '正门' });
    await door.locator('[data-testid=remote-open]').tap();
    await door.locator('[data-testid=remote-reason] input').fill('工友手机没电，电话核对身份后开门');
    await door.locator('[data-testid=remote-open-confirm]').tap();
    await confirmDialog(page, '开门');
    await door.getByText('已发出开门指令', { exact: false }).waitFor();

    // The simulated controller of d0039 received exactly this grant, opened and acknowledged it.
    await ackedCount(before + 1);
    const rows = await server.query<{ id: string; remote_reason: string }>(
      'SELECT id, remote_reason FROM entries WHERE door_id = ? AND at = ? AND remote_staff_id IS NOT NULL',
      DOOR_ID,
      NOW_MS,
    );
    expect(rows).toEqual([{ id: expect.any(String), remote_reason: '工友手机没电，电话核对身份后开门' }]);
    expect(acked.slice(before).map((a) => [a.grant.entryId, a.status])).toEqual([[rows[0].id, 200]]);

    // Today's entries (12月10日): the remote one at 10:30, by 钱师傅, opened (the door acknowledged it).
    await shownText(page, '刷新进站记录').tap();
    const entry = shown(page, '[data-testid=entry][data-remote=true][data-outcome=opened]');
    await entry.waitFor();
    expect(await entry.count()).toBe(1);
    expect(await entry.textContent()).toBe('10:30已开门 · 正门 · 钱师傅远程开门');
  });
}, 150_000);
/** A 2x2 PNG (red, green / blue, white), as a photo picked on the phone would arrive: a few dozen bytes. */
function tinyPng(): Buffer {
  const png = new PNG({ width: 2, height: 2 });
  png.data = Buffer.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  return PNG.sync.write(png);
}

test('keeper files a 热水 report with a photo: it is in the open reports, then 已处理', async () => {
  server.clock.nowMs = NOW_MS;
  const photo = tinyPng();
  await onPhone(browser, 'staff-report', async ({ page }) => {
    await keeperOnStation(page, '孙师傅');
    const form = shown(page, '[data-testid=report-form]');
    await form.locator('[data-testid=report-kind-hot_water]').tap();
    await form.locator('[data-testid=report-note] input').fill('饮水机不出热水');
    // On h5 Taro.chooseImage opens a file input: pick the photo in the browser's file chooser.
    const chooser = page.waitForEvent('filechooser');
    await form.locator('[data-testid=report-photo]').tap();
    await (await chooser).setFiles({ name: 'water.png', mimeType: 'image/png', buffer: photo });
    await form.getByText('不要这张照片').waitFor();
    await form.locator('[data-testid=report-send]').tap();
    expect(await form.locator('[data-testid=report-sent]').textContent()).toBe('已上报：热水。区工会会收到通知。');

    const row = form.locator('[data-testid=open-report][data-kind=hot_water]');
    await row.waitFor();
    expect(await row.textContent()).toContain('饮水机不出热水');
    expect(await row.textContent()).toContain('12月10日 10:30 孙师傅 上报 · 有照片');
    const stored = await server.one<{ id: string; photo: Buffer; photo_mime: string; state: string }>(
      "SELECT id, photo, photo_mime, state FROM station_reports WHERE station_id = ? AND kind = 'hot_water'",
      STATION_ID,
    );
    expect(stored!.state).toBe('open');
    expect(stored!.photo_mime).toBe('image/png');
    expect(Buffer.from(stored!.photo).equals(photo)).toBe(true);

    await row.locator('[data-testid=report-resolve]').tap();
    await row.locator('[data-testid=report-resolve-note] input').fill('已换新加热管');
    await row.locator('[data-testid=report-resolve-confirm]').tap();
    await form.locator('[data-testid=report-resolved]').getByText('已处理：热水（已换新加热管）').waitFor();
    expect(await form.locator('[data-testid=open-report]').count()).toBe(0);
    const done = await server.one<{ state: string; resolution_note: string; resolved_by_name: string }>(
      'SELECT state, resolution_note, resolved_by_name FROM station_reports WHERE id = ?',
      stored!.id,
    );
    expect(done).toEqual({ state: 'resolved', resolution_note: '已换新加热管', resolved_by_name: '孙师傅' });
  });
}, 150_000);

test("clinic: staff see today's session with the booked worker masked, and check the booking in by typing its 8 digits", async () => {
  server.clock.nowMs = NOW_MS;
  // 10:40-11:10, one slot of 2 places, by hs01's first doctor; check-in opens before the slot starts.
  const startMs = NOW_MS + 10 * MIN;
  const { slotIds } = await addSession(server, 'e2e_cs1', '2026-12-10', startMs, [2]);
  const doctor = (await server.one<{ name: string }>("SELECT name FROM doctors WHERE health_station_id = 'hs01' ORDER BY id LIMIT 1"))!;
  // Made-up worker 71: 测试职工, phone 13910000071.
  const worker = await registeredWorker(server.api, 71);
  const booked = await book(server, worker, slotIds[0]);
  expect(booked.status).toBe(201);
  const digits = booked.body.checkInCode as string;
  expect(digits).toMatch(/^\d{8}$/);
  const clinicCode = await invitationCode(server, 'clinic', { healthStationId: 'hs01' });

  await onPhone(browser, 'staff-clinic', async ({ page, context }) => {
    await context.clock.setSystemTime(NOW_MS);
    await redeemOnPhone(page, clinicCode, '李护士');
    await shown(page, '[data-testid=open-clinic]').tap();
    await shown(page, '[data-testid=check-in-code]').waitFor();
    // No scanner in a browser: only the typed path.
    expect(await shown(page, '[data-testid=check-in-scan]').count()).toBe(0);
    const session = shown(page, '[data-testid=clinic-session]').filter({ hasText: `10:40-11:10 ${doctor.name}` });
    await session.waitFor();
    expect(await session.getAttribute('data-status')).toBe('scheduled');
    expect(await session.textContent()).toContain('预约 1/2 · 已签到 0 · 候补 0');
    const bookingRow = session.locator('.booking-row');
    expect(await bookingRow.textContent()).toBe('10:40 测*** 139****0071未到');
    expect(await session.textContent()).not.toContain(digits);

    await shown(page, '[data-testid=check-in-code] input').fill(`${digits.slice(0, 4)} ${digits.slice(4)}`);
    await shown(page, '[data-testid=check-in-submit]').tap();
    const result = shown(page, '[data-testid=check-in-result]');
    await result.filter({ hasText: `签到成功：10:40 ${doctor.name}` }).waitFor();
    // The day list follows: the worker is checked in at 10:30.
    await session.getByText('预约 1/2 · 已签到 1 · 候补 0').waitFor();
    expect(await bookingRow.textContent()).toBe('10:40 测*** 139****0071已签到 10:30');
  });
  const row = await server.one<{ status: string }>('SELECT status FROM bookings WHERE check_in_code = ?', digits);
  expect(row!.status).toBe('checked_in');
}, 120_000);
