/**
 * Every screen at 375x667 and 320x568, in standard, large and largest text (特大字, 30 px body), checked as a worker with poor eyesight would meet
 * it (issue 16): no horizontal overflow, no overlapping text or targets, no cut-off text; text at least 14 px
 * (18 in large mode), targets at least 44x44 (main actions 60x60 in large mode), text contrast at least 4.5:1
 * (axe-core), controls at least 3:1. Also at 150% zoom (a 250x444 CSS px screen): the home header, the first
 * card's open state, and all 18 digits of the identity field. The staff pages too (a keeper and clinic staff, also district staff: the console sign-in page; 我的 with their emergency call). SCREENSHOTS=<dir> saves each screen for a person to
 * look at.
 */
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { journeyRig, newPhone, openRoute, transitionDone } from '../support/browser';
import type { TestServer } from '../support/server';
import { checkScreen, type ScreenFigures, type ScreenFinding } from '../support/screenChecks';
import { printedDoorCode } from '../../mock/src/features/doors/doorCodes';
import { fillField, registerOnPhone, shown, shownText } from './worker';
import { keeperAndClinic, signIn, staffScreenData, walkStaffScreens } from './staffScreens';

let server: TestServer;
let browser: Browser;
journeyRig((rig) => {
  ({ server, browser } = rig);
});

const SHOTS = process.env.SCREENSHOTS;

type Mode = 'standard' | 'large' | 'largest';
const MODES: Mode[] = ['standard', 'large', 'largest'];
/** Body text of each mode, CSS px (platform/textSize.ts: 16; WeChat's care mode 23.8 -> 24; MIIT's largest 30). */
const BODY_PX: Record<Mode, number> = { standard: 16, large: 24, largest: 30 };
interface Size {
  width: number;
  height: number;
}

/** A phone of `size` in text mode `mode` (as stores/textSize saves the choice; Taro h5 wraps it in {data}). */
async function phoneIn(size: Size, mode: Mode, opts: { geolocation?: boolean; locationConsent?: boolean } = {}) {
  const phone = await newPhone(browser, opts);
  await phone.page.setViewportSize(size);
  if (mode !== 'standard') {
    const saved = JSON.stringify({ v: 1, data: { chosen: mode } });
    await phone.context.addInitScript(([k, v]) => localStorage.setItem(k, v), ['yz.textSize', JSON.stringify({ data: saved })] as const);
  }
  return phone;
}

/** Checks the screen on show; collects findings under the state's name and saves a screenshot if asked. */
class Screens {
  findings: (ScreenFinding & { state: string })[] = [];
  figures: Record<string, ScreenFigures> = {};
  constructor(
    private readonly label: string,
    private readonly large: boolean,
  ) {}
  async check(page: Page, state: string): Promise<void> {
    await transitionDone(page);
    // Taro's dialog fades in: measure it once fully shown.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.taro__modal')).every(
        (m) => getComputedStyle(m).display === 'none' || getComputedStyle(m).opacity === '1',
      ),
    );
    const report = await checkScreen(page, { large: this.large });
    this.findings.push(...report.findings.map((f) => ({ ...f, state })));
    this.figures[state] = report.figures;
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `${this.label}-${state}.png`) });
    }
  }
  /** Fails with every finding, or prints the figures. */
  done(): void {
    const min = (k: keyof ScreenFigures) =>
      Math.min(
        ...Object.values(this.figures)
          .map((f) => f[k])
          .filter((v) => v >= 0),
      );
    const without = Object.entries(this.figures)
      .filter(([, f]) => f.minTargetPx < 0)
      .map(([state]) => state);
    console.log(
      `${this.label}: ${Object.keys(this.figures).length} screens; smallest text ${min('minTextPx')} px, smallest target ${min('minTargetPx').toFixed(0)} px, ` +
        `lowest text contrast ${min('minTextContrast')}:1 over ${Object.values(this.figures).reduce((n, f) => n + f.textNodes, 0)} text nodes, lowest control contrast ${min('minControlContrast').toFixed(2)}:1` +
        (without.length ? `; no targets on ${without.join(', ')}` : ''),
    );
    expect(this.findings).toEqual([]);
  }
}

/** Walks every screen of the app in one text mode and screen size. */
async function everyScreen(size: Size, mode: Mode, n: number): Promise<void> {
  const screens = new Screens(`${size.width}x${size.height}-${mode}`, mode !== 'standard');
  const base = server.baseUrl;

  // A new phone: the consent question, then the list.
  const fresh = await phoneIn(size, mode, { locationConsent: false });
  try {
    await openRoute(fresh.page, base, '/pages/index/index');
    await shown(fresh.page, '[data-testid=location-consent-agree]').waitFor();
    await screens.check(fresh.page, 'home-consent');
  } finally {
    await fresh.context.close();
  }

  // Location refused: the ways forward, the place list, the chosen place.
  const refused = await phoneIn(size, mode, { geolocation: false });
  try {
    const page = refused.page;
    await openRoute(page, base, '/pages/index/index');
    await shown(page, '[data-testid=location-fallback]').waitFor();
    await screens.check(page, 'home-refused');
    await shownText(page, '选择所在区域或地标').tap();
    await shown(page, '[data-testid=place-list]').waitFor();
    await screens.check(page, 'home-places');
    await shown(page, '[data-testid=place]')
      .filter({ hasText: /^五一广场$/ })
      .tap();
    await shown(page, '[data-testid=station-card]').first().waitFor();
    await screens.check(page, 'home-chosen-place');
    // Remembered across reopening, and said to be the chosen place.
    await page.reload();
    await shown(page, '[data-testid=manual-place]').getByText('“五一广场”').waitFor();
    await shown(page, '[data-testid=station-card]').first().waitFor();
    expect(await shown(page, '[data-testid=stale-banner]').count()).toBe(0);
  } finally {
    await refused.context.close();
  }

  // A returning worker: the list, a station, scan, me, registration, the door, the pass, health booking.
  const phone = await phoneIn(size, mode);
  try {
    const page = phone.page;
    await openRoute(page, base, '/pages/index/index');
    await shown(page, '[data-testid=station-card]').first().waitFor();
    expect(await shown(page, '.page').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBe(BODY_PX[mode]);
    if (mode !== 'standard') {
      await shown(page, '[data-testid=nearest-open]').waitFor();
      await shown(page, '[data-testid=emergency-call]')
        .getByText(/拨打值班电话/)
        .waitFor();
      // The three things a worker comes for, on the first screen (above the tab bar).
      const tabTop = (await shown(page, '.weui-tabbar').boundingBox())!.y;
      for (const sel of ['.btn-scan-home', '[data-testid=nearest-open]', '[data-testid=emergency-call]']) {
        const box = (await shown(page, sel).boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(tabTop);
      }
    }
    await screens.check(page, 'home-list');
    await openRoute(page, base, '/pages/station/index?id=ty0195');
    await shown(page, '[data-testid=station-title]').waitFor();
    await screens.check(page, 'station');
    await openRoute(page, base, '/pages/scan/index');
    await shown(page, '[data-testid=door-code-input]').waitFor();
    await screens.check(page, 'scan');
    await openRoute(page, base, '/pages/me/index');
    await shownText(page, '去登记').waitFor();
    await screens.check(page, 'me-unregistered');
    await shownText(page, '去登记').tap();
    await shown(page, '[data-testid=register-submit]').waitFor();
    await screens.check(page, 'register-empty');
    await fillField(page, 'idNumber', '14010519680512123');
    await shown(page, '[data-testid=id-birth]').waitFor();
    await shown(page, '[data-testid=register-submit]').tap();
    await shown(page, '[data-testid=error-name]').waitFor();
    await screens.check(page, 'register-errors');
    await openRoute(page, base, '/packages/register/pages/privacy/index');
    await shown(page, '.title').filter({ hasText: '驿站通隐私政策' }).waitFor();
    await screens.check(page, 'privacy');

    await registerOnPhone(page, base, n);
    await screens.check(page, 'me-registered');
    // The masked phone and each GB 11643 group of the masked identity number read whole: a line breaks between
    // the groups, never inside one (320 wide, largest text).
    const linesOf = (els: Element[]) =>
      els.map((el) => {
        const r = document.createRange();
        r.selectNodeContents(el);
        return new Set(Array.from(r.getClientRects(), (x) => Math.round(x.top))).size;
      });
    expect(await shown(page, '[data-testid=phone-masked]').evaluateAll(linesOf)).toEqual([1]);
    expect(await shown(page, '[data-testid=id-masked] .id-group').evaluateAll(linesOf)).toEqual([1, 1, 1]);
    await openRoute(page, base, '/packages/unlock/pages/pass/index');
    await shown(page, '[data-testid=pass-qr]').waitFor();
    await screens.check(page, 'pass');
    await openRoute(
      page,
      base,
      `/packages/unlock/pages/index/index?q=${encodeURIComponent('https://yz.tyzgh.cn/d/d0039.1.AbCdEfGhIjKlMnOp')}`,
    );
    await shown(page, '[data-testid=unlock-error]').waitFor();
    await screens.check(page, 'door-refused');
    const code = printedDoorCode(server.ctx.keys, server.ctx.config.doorHost, 'd0039');
    await openRoute(page, base, `/packages/unlock/pages/index/index?q=${encodeURIComponent(code)}`);
    await shown(page, '[data-testid=unlock-no-response], [data-testid=unlock-success], [data-testid=unlock-error]')
      .first()
      .waitFor({ timeout: 30_000 });
    await screens.check(page, 'door-answer');

    await openRoute(page, base, '/packages/health/pages/index/index');
    const slot = shown(page, '[data-testid=slot]:not([disabled=true])').filter({ hasText: '余' }).first();
    await shown(page, '[data-testid=health-station]').first().waitFor();
    await screens.check(page, 'health');
    if (await slot.count()) {
      await slot.tap();
      await shown(page, '.taro__modal .taro-model__confirm').waitFor();
      await screens.check(page, 'health-confirm-dialog');
      await shown(page, '.taro__modal .taro-model__cancel').tap();
    }
  } finally {
    await phone.context.close();
  }

  // Union staff (issue 13): a keeper of ty0195 who is also clinic staff of hs01, on a phone signed in as them.
  const staff = await phoneIn(size, mode);
  try {
    const token = await keeperAndClinic(server, { district: true });
    await signIn(staff.context, token);
    const data = await staffScreenData(server, token);
    await walkStaffScreens(staff.page, base, (state) => screens.check(staff.page, state), data);
  } finally {
    await staff.context.close();
  }
  screens.done();
}

const SIZES: Size[] = [
  { width: 375, height: 667 },
  { width: 320, height: 568 },
];
for (const size of SIZES) {
  for (const mode of MODES) {
    test(`every screen at ${size.width}x${size.height}, ${mode} text: nothing overflows, overlaps or is cut off; sizes and contrast hold`, async () => {
      await everyScreen(size, mode, SIZES.indexOf(size) * MODES.length + MODES.indexOf(mode));
    }, 240_000);
  }
}

test('150% zoom (250x444 CSS px): the home header stays short, the first card shows its open state, the identity field all 18 digits', async () => {
  const phone = await phoneIn({ width: 250, height: 444 }, 'standard');
  try {
    const page = phone.page;
    await openRoute(page, server.baseUrl, '/pages/index/index');
    const first = shown(page, '[data-testid=station-card]').first();
    await first.waitFor();
    // The row above the list: 筛选, the count line and 刷新 in at most 3 lines (it wrapped into 4).
    const head = (await shown(page, '.list-head').boundingBox())!;
    const lineHeight = await shown(page, '.list-head-text').evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect(head.height).toBeLessThanOrEqual(3 * lineHeight + 1);
    const state = (await first.locator('[data-testid=open-state]').boundingBox())!;
    const tabTop = (await shown(page, '.weui-tabbar').boundingBox())!.y;
    expect(state.y + state.height).toBeLessThanOrEqual(tabTop);

    await openRoute(page, server.baseUrl, '/packages/register/pages/index/index');
    await fillField(page, 'idNumber', '11010519491231002X');
    const input = shown(page, 'taro-input-core[name=idNumber] input');
    expect(await input.inputValue()).toBe('110105 19491231 002X');
    const fits = await input.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    // Both are rounded to whole px from a fractional box (spacing scales with the screen): 1 px is rounding, a
    // hidden digit is 8 px.
    expect(fits.scroll).toBeLessThanOrEqual(fits.client + 1);
    const report = await checkScreen(page, { large: false });
    expect(report.findings.filter((f) => f.check === 'overflow' || f.check === 'cut-off')).toEqual([]);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'zoom150-register.png') });
  } finally {
    await phone.context.close();
  }
}, 120_000);

test('大字模式 on 我的 is remembered across reopening, and every page and the tab bar follow it', async () => {
  const phone = await phoneIn({ width: 375, height: 667 }, 'standard');
  try {
    const page = phone.page;
    await openRoute(page, server.baseUrl, '/pages/me/index');
    const row = shown(page, '[data-testid=text-size]').getByText('大字模式：字和按钮都更大');
    const bodyPx = () => shownText(page, '去登记').evaluate((el) => parseFloat(getComputedStyle(el.closest('.page')!).fontSize));
    expect(await bodyPx()).toBe(16);
    await row.tap(); // the words, not the switch itself
    await page.waitForFunction(() => document.documentElement.getAttribute('data-text-mode') === 'large');
    expect(await bodyPx()).toBe(24); // WeChat's care mode: 23.8 px on a 375-wide screen
    await page.reload();
    await shownText(page, '去登记').waitFor();
    expect(await bodyPx()).toBe(24);
    const tabPx = await shown(page, '.weui-tabbar__label')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(tabPx).toBe(20);
    await openRoute(page, server.baseUrl, '/pages/scan/index');
    await shown(page, '[data-testid=door-code-input]').waitFor();
    expect(await shown(page, '.page').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBe(24);
  } finally {
    await phone.context.close();
  }
}, 120_000);
