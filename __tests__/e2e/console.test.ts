/**
 * The desk console (issue 15) in Chromium at 1440x900: /console shows a sign-in QR (read back with jsQR: the app's
 * staff page with the login id) and its confirmation number beside it; a district staff member approves it with
 * that number (through the API with their app session); the console then shows who is signed in and the live board
 * with only that district's stations, under the console's own CSP without a violation; 退出登录 returns to the QR.
 * Then the approval as a person does it: the QR's link opened on a phone (the h5 staff page, signed in as a city
 * admin who is also district staff), the page says when and from which network the computer asked, the number the
 * console shows picked among three, the district role chosen, 确认登录 tapped; the console signs in as that role; the
 * same QR again says it was used.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server';
import { journeyRig, newPhone } from '../support/browser';
import { staffMember } from '../support/staff';
import { approveLogin } from '../support/console';
import { signIn } from './staffScreens';
import { shown } from './worker';

let server: TestServer;
let browser: Browser;
journeyRig((rig) => {
  ({ server, browser } = rig);
});

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

it('signs in by QR approval and shows a district member only their district on the board', async () => {
  const res = await fetch(`${server.baseUrl}/console/`);
  expect(res.status).toBe(200);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self';");
  expect(csp).not.toContain('unsafe-eval');

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const problems: string[] = [];
  try {
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window.cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${server.baseUrl}/console`);

    const qr = page.locator('[data-testid=login-qr]');
    await page.locator('[data-testid=login-qr] img').waitFor();
    const loginId = (await qr.getAttribute('data-login-id'))!;
    expect(loginId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const img = page.locator('[data-testid=login-qr] img');
    await img.evaluate((el) => (el as HTMLImageElement).decode());
    const png = PNG.sync.read(await img.screenshot());
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(
      `${server.baseUrl}/#/packages/staff/pages/console/index?l=${loginId}`,
    );

    // The number beside the QR: two groups of two digits, the one the approver has to pick.
    const shownCode = await page.locator('[data-testid=login-code]').innerText();
    expect(shownCode).toMatch(/^\d\d \d\d$/);
    const district = await staffMember(server, 'district', { districtCode: '140106' }, { displayName: '李科长' });
    expect((await approveLogin(server, loginId, district, undefined, shownCode.replace(' ', ''))).status).toBe(200);

    const who = page.locator('[data-testid=who]');
    await who.getByText('李科长').waitFor();
    await who.getByText('区县工会工作人员').waitFor();
    await who.getByText('迎泽区').waitFor();

    const inDistrict = await server.query<{ n: number }>("SELECT COUNT(*) AS n FROM stations WHERE district_code = '140106'");
    const n = Number(inDistrict[0].n);
    await page.getByText(`共 ${n} 个驿站`).waitFor();
    // 20 a page; every row's district is 迎泽区.
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(Math.min(20, n));
    const districts = await rows.locator('td:nth-child(2)').allInnerTexts();
    expect(new Set(districts)).toEqual(new Set(['迎泽区']));
    // No horizontal overflow at 1440 wide.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);

    expect(await page.evaluate(() => window.cspViolations ?? [])).toEqual([]);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.locator('[data-testid=login-qr] img').waitFor();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

it('approved on the phone: the QR opens the h5 staff page, the district role is chosen, 确认登录 signs the console in', async () => {
  const city = await staffMember(server, 'city', {}, { displayName: '周主任' });
  await staffMember(server, 'district', { districtCode: '140105' }, { token: city.token, displayName: '周主任' });
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await newPhone(browser);
  try {
    const page = await desk.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.baseUrl}/console`);
    const img = page.locator('[data-testid=login-qr] img');
    await img.waitFor();
    await img.evaluate((el) => (el as HTMLImageElement).decode());
    const png = PNG.sync.read(await img.screenshot());
    const link = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
    const shownCode = await page.locator('[data-testid=login-code]').innerText();

    // The phone: signed in as 周主任, opens the link the QR holds.
    await signIn(phone.context, city.token);
    const p = phone.page;
    await p.goto(link);
    // The computer's sign-in page opened moments ago, from this machine's network (the server sees 127.0.0.1).
    const origin = shown(p, '[data-testid=console-origin]');
    await origin.waitFor();
    expect(await origin.textContent()).toMatch(/^电脑打开登录页的时间 \d\d:\d\d，网络地址 127\.0\.0\.\*。$/);
    // Three numbers, the console's among them; 确认登录 waits for one to be picked.
    const codes = shown(p, '[data-testid=console-code-choice]');
    await codes.nth(2).waitFor();
    expect(await codes.allTextContents()).toContain(shownCode);
    expect(await codes.count()).toBe(3);
    expect(await shown(p, '[data-testid=console-approve]').getAttribute('disabled')).not.toBeNull();
    await codes.filter({ hasText: shownCode }).tap();
    await shown(p, '[data-testid=console-code-choice][aria-checked=true]').filter({ hasText: shownCode }).waitFor();
    await shown(p, '[data-testid=console-approve]:not([disabled])').waitFor();
    const choices = shown(p, '[data-testid=console-role-choice]');
    await choices.nth(1).waitFor();
    expect(await choices.allTextContents()).toEqual(['市总工会管理员 · 全市', '区工会工作人员 · 小店区']);
    expect(await choices.first().getAttribute('aria-checked')).toBe('true');
    await choices.nth(1).tap();
    // Said to screen readers too (Taro h5 patches a string aria-checked; a boolean one stayed "false").
    await shown(p, '[data-testid=console-role-choice][aria-checked=true]').filter({ hasText: '小店区' }).waitFor();
    await shown(p, '[data-testid=console-approve]').tap();
    const result = shown(p, '[data-testid=console-result]');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('approved');
    expect(await result.textContent()).toContain('区工会工作人员 · 小店区');

    // The console, polling, is in as the district role.
    const who = page.locator('[data-testid=who]');
    await who.getByText('周主任').waitFor();
    await who.getByText('小店区').waitFor();

    // The same QR once more: used, said at once.
    await p.reload();
    const again = shown(p, '[data-testid=console-result]');
    await again.waitFor();
    expect(await again.getAttribute('data-result')).toBe('CONSOLE_LOGIN_USED');
    expect(phone.crashes).toEqual([]);
  } finally {
    await phone.context.close();
    await desk.close();
  }
});
