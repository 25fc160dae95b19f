/**
 * The console's 统计分析 (issue 15) in Chromium at 1440x900: a city admin signed in by QR opens the page; its
 * charts draw on canvas (pixels painted, not a blank box), the totals show the visits the database holds, and 导出
 * CSV downloads a file (UTF-8 with BOM) whose 每日进站 table has them, under the console's CSP.
 */
import fs from 'fs';
import type { Browser } from 'playwright-core';
import type { TestServer } from '../support/server';
import { call } from '../support/server';
import { journeyRig } from '../support/browser';
import { staffMember } from '../support/staff';
import { approveLogin } from '../support/console';
import { registeredWorker } from '../support/booking';

let server: TestServer;
let browser: Browser;
journeyRig((rig) => {
  ({ server, browser } = rig);
});

/** Shanghai date 'YYYY-MM-DD' of an instant. */
const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

it('draws the statistics charts and exports a CSV with the visits', async () => {
  // Yesterday (Shanghai) at 10:00, 10:20 and 15:00: three visits of one worker at ty0195.
  const yesterday = shanghaiDate(Date.now() - 86_400_000);
  const at = (hh: number, mm: number) => Date.parse(`${yesterday}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);
  const token = await registeredWorker(server.api, 4401);
  const workerId = (await call(`${server.api}/me`, { token })).body.id;
  const door = (await server.one<{ id: string }>("SELECT id FROM doors WHERE station_id = 'ty0195' ORDER BY id LIMIT 1"))!;
  for (const [k, ms] of [at(10, 0), at(10, 20), at(15, 0)].entries()) {
    await server.query(
      "INSERT INTO entries (id, worker_id, door_id, station_id, at, outcome) VALUES (?, ?, ?, 'ty0195', ?, 'granted')",
      `e_e2e_stats_${k}`,
      workerId,
      door.id,
      ms,
    );
  }
  // The page's default range: the 30 days ending today (Shanghai).
  const fromMs = Date.parse(`${shanghaiDate(Date.now() - 29 * 86_400_000)}T00:00:00+08:00`);
  const visits = Number(
    (await server.one<{ n: number }>("SELECT COUNT(*) AS n FROM entries WHERE outcome = 'granted' AND at >= ?", fromMs))!.n,
  );

  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const problems: string[] = [];
  try {
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        ((window as any).cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${server.baseUrl}/console`);
    await page.locator('[data-testid=login-qr] img').waitFor();
    const loginId = (await page.locator('[data-testid=login-qr]').getAttribute('data-login-id'))!;
    const city = await staffMember(server, 'city', {}, { displayName: '王主任' });
    expect((await approveLogin(server, loginId, city)).status).toBe(200);
    await page.locator('[data-testid=who]').getByText('王主任').waitFor();

    await page.getByRole('menuitem', { name: '统计分析' }).click();
    await page.getByRole('heading', { name: '统计分析' }).waitFor();
    await page.locator('.ant-statistic').first().waitFor();
    const totals = await page.locator('.ant-statistic').allInnerTexts();
    expect(totals[0].replace(/\s+/g, ' ')).toBe(`进站人次 ${visits}`);

    // Six charts, each a painted canvas.
    const charts = page.locator('[data-testid=chart]');
    await charts.first().locator('canvas').waitFor();
    expect(await charts.count()).toBe(6);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-testid=chart] canvas')).every((c) => (c as HTMLCanvasElement).width > 0),
    );
    const painted = await charts.first().evaluate((el) => {
      const c = el.querySelector('canvas') as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return { n, of: c.width * c.height };
    });
    expect(painted.n).toBeGreaterThan(painted.of * 0.005);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^yizhan-stats-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const daily = bytes.toString('utf8').split('\r\n\r\n')[1].split('\r\n');
    expect(daily.slice(0, 2)).toEqual(['每日进站', '日期,进站人次,职工人数']);
    expect(daily).toContain(`${yesterday},3,1`);

    expect(await page.evaluate(() => (window as any).cspViolations ?? [])).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
