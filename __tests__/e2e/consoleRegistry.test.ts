/**
 * The desk console's station registry (issue 15) in Chromium at 1440x900: a district staff member (迎泽区, 140106,
 * 140 stations) sees only their district in 驿站管理; editing a station's posted hours in the editor changes the
 * workers' nearby answer at once (checked through the API, as the app would ask); 操作日志 is for city admins only.
 * ty0205 (桃园南路北口智慧爱心驿站) is a 24-hour station of 迎泽区.
 */
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server';
import { call } from '../support/server';
import { journeyRig } from '../support/browser';
import { staffMember } from '../support/staff';
import { consoleToken } from '../support/console';

let server: TestServer;
let browser: Browser;
journeyRig((rig) => {
  ({ server, browser } = rig);
});

const TY0205 = { lat: 37.861318, lng: 112.580388 };

async function nearbyTy0205(): Promise<{ openNow: boolean; openLabel: string }> {
  const r = await call(`${server.api}/stations/nearby?lat=${TY0205.lat}&lng=${TY0205.lng}&radiusM=30`);
  const hit = r.body.stations.find((x: { id: string }) => x.id === 'ty0205');
  return { openNow: hit.openNow, openLabel: hit.openLabel };
}

it('a district member sees only their district; an hours edit in the editor changes the nearby answer at once', async () => {
  const district = await staffMember(server, 'district', { districtCode: '140106' }, { displayName: '李科长' });
  const token = await consoleToken(server, district);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const problems: string[] = [];
  try {
    // Signed in as the QR flow leaves the tab (console.test.ts drives the QR itself).
    await context.addInitScript((t) => sessionStorage.setItem('yizhan.console.token', t), token);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${server.baseUrl}/console/#/registry`);

    await page.getByTestId('registry-total').getByText('共 140 个驿站').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(20);
    expect(new Set(await rows.locator('td:nth-child(3)').allInnerTexts())).toEqual(new Set(['迎泽区']));
    // Menu: no 操作日志 for district staff.
    expect(await page.getByRole('menuitem', { name: '操作日志' }).count()).toBe(0);

    // A station of another district is not found by search either.
    await page.getByRole('searchbox', { name: '搜索驿站' }).fill('ty0316');
    await page.getByRole('searchbox', { name: '搜索驿站' }).press('Enter');
    await page.getByTestId('registry-total').getByText('共 0 个驿站').waitFor();

    await page.getByRole('searchbox', { name: '搜索驿站' }).fill('ty0205');
    await page.getByRole('searchbox', { name: '搜索驿站' }).press('Enter');
    await page.getByTestId('registry-total').getByText('共 1 个驿站').waitFor();
    await page.getByRole('button', { name: /编辑 桃园南路北口/ }).click();

    expect(await nearbyTy0205()).toEqual({ openNow: true, openLabel: '24小时' });
    // Closed every day (empty boxes are days off).
    for (const day of ['周一', '周二', '周三', '周四', '周五', '周六', '周日']) await page.getByLabel(`${day}营业时间`).fill('');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByText('已保存，职工端附近驿站立即更新').waitFor();
    expect(await nearbyTy0205()).toEqual({ openNow: false, openLabel: '已打烊' });
    await page.getByText('ty0205 · 迎泽区 · 现在：已打烊（近期不开放）').waitFor();

    // And back to 24 hours with the button.
    await page.getByRole('button', { name: '设为24小时' }).click();
    await page.getByRole('button', { name: '保存修改' }).click();
    // The editor reads the station again after a save: its header shows the new state once the edit is in.
    await page.getByText('ty0205 · 迎泽区 · 现在：24小时').waitFor();
    expect(await nearbyTy0205()).toEqual({ openNow: true, openLabel: '24小时' });

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
