/**
 * The staff pages for the screen checks (screens.test.ts): a phone signed in as an account that is a keeper of
 * ty0195 and clinic staff of hs01 (made by invitation, support/staff.ts), and the walk over its screens.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { openRoute } from '../support/browser';
import { staffMember } from '../support/staff';
import type { TestServer } from '../support/server';
import { shown } from './worker';

/** A new account holding both staff roles; returns its bearer token. */
export async function keeperAndClinic(server: TestServer): Promise<string> {
  const keeper = await staffMember(server, 'keeper', { stationId: 'ty0195' }, { displayName: '王师傅' });
  await staffMember(server, 'clinic', { healthStationId: 'hs01' }, { token: keeper.token, displayName: '王师傅' });
  return keeper.token;
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
 * open forms, the clinic page (the day's sessions, or 重试 without that endpoint) and the invitation form.
 */
export async function walkStaffScreens(page: Page, baseUrl: string, check: (state: string) => Promise<void>): Promise<void> {
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
}
