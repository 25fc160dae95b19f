/**
 * Door journeys in headless Chromium over the h5 build served by the real backend, with the simulated
 * door controller of `npm run door:sim` long-polling for door d0039's grants: a first-time worker
 * arriving from the printed QR of d0039 (station ty0195 五一广场智慧爱心驿站), and a forged code.
 * WeChat hands a scanned link QR to the page as `q`, URL-encoded; the h5 route takes the same.
 */
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../support/server';
import { h5Dir, launchBrowser, onPhone, openRoute } from '../support/browser';
import { printedDoorCode } from '../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../mock/src/core/keys';
import { runController, type PolledGrant } from '../../mock/tools/door-sim';
import { ERRORS } from '@/rules/errors';
import { fillField, madeUpWorker, mistyped, registerOnPhone, shown, shownText, submitRegistration } from './worker';

/** What a code that does not check out at a known door says (a wrong MAC: often a letter typed in the wrong case). */
const FORGED = '这个编号对不上。手动输入时请注意大小写（如 P 和 p 不同），或直接扫码；仍打不开请拨打驿站值班电话。';

const DOOR_ID = 'd0039';
let server: TestServer;
let browser: Browser;
/** Grants the simulated controller opened the door for, in order. */
const opened: PolledGrant[] = [];
/** Polls that failed: none should against a local server. */
const controllerErrors: unknown[] = [];
const stopController = new AbortController();
let controller: Promise<void> = Promise.resolve();

beforeAll(async () => {
  // One after the other, so a server that fails to start leaves no browser behind unclosed.
  browser = await launchBrowser();
  server = await startServer({ H5_DIR: h5Dir() });
  const deviceKey = deviceKeys(loadMasterKey(server.ctx.config.dataDir, server.ctx.config.masterKey)).keyOf(DOOR_ID);
  controller = runController({
    api: server.api,
    doorId: DOOR_ID,
    deviceKey,
    waitS: 5,
    signal: stopController.signal,
    onOpen: (g) => opened.push(g),
    onError: (err) => controllerErrors.push(err),
  });
});
afterAll(async () => {
  stopController.abort();
  await controller;
  await browser?.close();
  await server?.close();
});

const STATION_NAME = '五一广场智慧爱心驿站';
const unlockRoute = (code: string) => `/packages/unlock/pages/index/index?q=${encodeURIComponent(code)}`;
const count = async (sql: string, ...args: unknown[]): Promise<number> => (await server.one<{ n: number }>(sql, ...args))!.n;

test('door: a new worker arrives from the QR, registers (one mistyped digit first), and the door opens without a second scan', async () => {
  const code = printedDoorCode(server.ctx.keys, server.ctx.config.doorHost, DOOR_ID);
  const worker = madeUpWorker(2);

  await onPhone(browser, 'door', async ({ page }) => {
    await openRoute(page, server.baseUrl, unlockRoute(code));
    await shownText(page, '首次使用，请先登记').waitFor();
    await shownText(page, '去登记').tap();

    await submitRegistration(page, worker, mistyped(worker.idNumber));
    const idError = shown(page, '[data-testid=error-idNumber]');
    await idError.waitFor();
    expect(await idError.textContent()).toBe(ERRORS.ID_NUMBER_CHECKSUM.message);
    expect(await count('SELECT count(*) AS n FROM workers')).toBe(0);

    await fillField(page, 'idNumber', worker.idNumber);
    await shown(page, '[data-testid=register-submit]').tap();

    // "门已打开" only once the door controller has opened and acknowledged.
    const success = shown(page, '[data-testid=unlock-success]');
    await success.waitFor();
    await success.getByText('门已打开').waitFor();
    await success.getByText(STATION_NAME, { exact: false }).waitFor();
    await success.locator('[data-testid=emergency-call]').filter({ hasText: '紧急求助' }).waitFor();
    expect(page.url()).toContain('/packages/unlock/pages/index/index');

    // One entry granted through d0039 to the worker just registered; the controller opened for it once.
    const entries = await server.query<{ id: string; door_acked_at: number | null }>(
      "SELECT id, door_acked_at FROM entries WHERE door_id = ? AND outcome = 'granted' AND worker_id IS NOT NULL",
      DOOR_ID,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0].door_acked_at).not.toBeNull();
    expect(opened.map((g) => g.entryId)).toEqual([entries[0].id]);
    expect(controllerErrors).toEqual([]);
  });
});

test('door: a forged code (one MAC character changed) is refused clearly, with no spinner left', async () => {
  const code = printedDoorCode(server.ctx.keys, server.ctx.config.doorHost, DOOR_ID);
  const last = code[code.length - 1];
  const forged = code.slice(0, -1) + (last === 'A' ? 'B' : 'A');
  const grantsBefore = await count('SELECT count(*) AS n FROM grants');
  const opensBefore = opened.length;

  await onPhone(browser, 'door-forged', async ({ page }) => {
    // A registered worker, so the refusal is about the code and nothing else.
    await registerOnPhone(page, server.baseUrl, 3);

    await openRoute(page, server.baseUrl, unlockRoute(forged));
    const refusal = shown(page, '[data-testid=unlock-error]');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('DOOR_CODE_INVALID');
    await refusal.getByText(FORGED).waitFor();
    expect(await refusal.locator('[data-testid=duty-phone]').count()).toBe(1);
    expect(await shownText(page, '正在开门…').count()).toBe(0);
    expect(await shown(page, 'taro-button-core[loading=true]').count()).toBe(0);
    expect(await shownText(page, '门已打开').count()).toBe(0);
    expect(await count('SELECT count(*) AS n FROM grants')).toBe(grantsBefore);
    expect(opened).toHaveLength(opensBefore);
  });
});
