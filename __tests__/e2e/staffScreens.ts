/**
 * The staff pages for the screen checks (screens.test.ts): a phone signed in as an account that is a keeper of
 * ty0195 and clinic staff of hs01 (made by invitation, support/staff.ts), and the walk over its screens.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { openRoute } from '../support/browser';
import { staffMember } from '../support/staff';
import { call, type TestServer } from '../support/server';
import { startLogin } from '../support/console';
import { shown } from './worker';

/**
 * A new account holding the keeper and clinic roles (and, with `district`, district staff of 小店区 too, for the
 * console sign-in page); returns its bearer token.
 */
export async function keeperAndClinic(server: TestServer, opts: { district?: boolean } = {}): Promise<string> {
  const keeper = await staffMember(server, 'keeper', { stationId: 'ty0195' }, { displayName: '王师傅' });
  await staffMember(server, 'clinic', { healthStationId: 'hs01' }, { token: keeper.token, displayName: '王师傅' });
  if (opts.district) await staffMember(server, 'district', { districtCode: '140105' }, { token: keeper.token, displayName: '王师傅' });
  return keeper.token;
}

/**
 * Sets up what the extra screens show: an emergency call by this account at ty0195 (我的 then shows it) and a pending
 * console sign-in (its id for the approval page).
 */
export async function staffScreenData(server: TestServer, token: string): Promise<{ consoleLoginId: string }> {
  const alert = await call(`${server.api}/alerts`, { method: 'POST', token, body: { stationId: 'ty0195' } });
  if (alert.status !== 201) throw new Error(`alert: ${alert.status} ${JSON.stringify(alert.body)}`);
  return { consoleLoginId: (await startLogin(server)).loginId };
}

/** Signs this browser context in with `token`, as the session store saves a session (Taro h5 wraps it in {data}). */
export async function signIn(context: BrowserContext, token: string): Promise<void> {
  const session = {
    v: 2,
    data: { deviceId: 'e2e-staff-'.padEnd(40, '0'), token, expiresAt: '2099-01-01T00:00:00+08:00', worker: null, pendingDoorCode: null },
  };
  await context.addInitScript(([k, v]) => localStorage.getItem(k) || localStorage.setItem(k, v), [
    'yz.session',
    JSON.stringify({ data: JSON.stringify(session) }),
  ] as const);
}

/**
 * Walks the staff screens, calling `check(state)` on each once it has its content: the staff home, the keeper's
 * station (with whatever the entries and reports endpoints answer, lists or errors with 重试), its closure and remote
 * open forms, the clinic page (the day's sessions, or 重试 without that endpoint) and the invitation form; with
 * `data`, the console sign-in approval page and 我的 with the account's emergency call.
 */
export async function walkStaffScreens(
  page: Page,
  baseUrl: string,
  check: (state: string) => Promise<void>,
  data?: { consoleLoginId: string },
): Promise<void> {
  await openRoute(page, baseUrl, '/packages/staff/pages/index/index');
  await shown(page, '[data-testid=staff-role]').nth(1).waitFor();
  await check('staff-home');
  await openRoute(page, baseUrl, '/packages/staff/pages/station/index?id=ty0195');
  await shown(page, '[data-testid=door]').first().waitFor();
  await shown(page, '[data-testid=posted-hours]').waitFor();
  await shown(page, '[data-testid=entries] .banner-error, [data-testid=entry], [data-testid=entries] .muted').first().waitFor();
  await check('staff-station');
  await shown(page, '[data-testid=close-station]').tap();
  await shown(page, '[data-testid=remote-open]').first().tap();
  await shown(page, '[data-testid=remote-reason]').waitFor();
  await check('staff-station-forms');
  await openRoute(page, baseUrl, '/packages/staff/pages/clinic/index?id=hs01');
  await shown(page, '[data-testid=check-in-code]').waitFor();
  await shown(page, '[data-testid=clinic-session], .banner-error').first().waitFor();
  await check('staff-clinic');
  await openRoute(page, baseUrl, '/packages/staff/pages/redeem/index');
  await shown(page, '[data-testid=redeem-submit]').waitFor();
  await check('staff-redeem');
  if (!data) return;
  await openRoute(page, baseUrl, `/packages/staff/pages/console/index?l=${data.consoleLoginId}`);
  await shown(page, '[data-testid=console-approve]').waitFor();
  await check('staff-console');
  await openRoute(page, baseUrl, '/pages/me/index');
  await shown(page, '[data-testid=my-alert]').waitFor();
  await check('me-alert');
}
