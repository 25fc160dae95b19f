/**
 * Headless Chromium for the browser journeys: playwright-core drives the Chromium that
 * @sparticuz/chromium unpacks from npm (or the one CHROMIUM_PATH names), so `npm install && npm test`
 * needs no system browser. Each journey gets a fresh context shaped like a worker's phone in Taiyuan.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import sparticuz from '@sparticuz/chromium';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { startServer, type TestServer } from './server';

/** 五一广场 in WGS-84, what a phone's browser reports (the app converts it to GCJ-02). */
export const WUYI_SQUARE_WGS84 = { latitude: 37.86111, longitude: 112.56791, accuracy: 20 };

/** The h5 build the journeys run against: E2E_H5_DIR, else dist/h5 (built by globalSetup). */
export const h5Dir = (): string => process.env.E2E_H5_DIR || path.resolve(__dirname, '..', '..', 'dist', 'h5');

// Flags for a container without a GPU, sandbox or network beyond loopback.
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium: CHROMIUM_PATH if set, else the one bundled in @sparticuz/chromium (unpacked to /tmp). */
export async function launchBrowser(): Promise<Browser> {
  const exe = process.env.CHROMIUM_PATH || (await sparticuz.executablePath());
  return chromium.launch({ executablePath: exe, args: ARGS });
}

export interface PhoneOptions {
  /** false: the worker refused the location permission. */
  geolocation?: boolean;
  /**
   * The worker already gave the app's own consent to precise location on this phone (default true, so
   * journeys about something else start where a returning worker is); false: the app asks first.
   */
  locationConsent?: boolean;
}

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, printed when a journey fails. */
  problems: string[];
  /** Uncaught exceptions in the page: a journey fails on any (a crashed page may still show text). */
  crashes: string[];
}

/** A fresh phone (no storage, no session): 375x667 @2x, touch, zh-CN, Asia/Shanghai, at 五一广场. */
export async function newPhone(browser: Browser, opts: PhoneOptions = {}): Promise<Phone> {
  const allowLocation = opts.geolocation !== false;
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: WUYI_SQUARE_WGS84,
    permissions: allowLocation ? ['geolocation'] : [],
  });
  if (opts.locationConsent !== false) {
    // As Taro h5's setStorageSync writes it: {data: <our versioned JSON string>} (src/stores/locationConsent.ts).
    const saved = JSON.stringify({ v: 1, data: { policyVersion: PRIVACY_POLICY_VERSION, decision: 'granted', at: Date.now() } });
    await context.addInitScript(
      ([key, value]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, value);
      },
      ['yz.locationConsent', JSON.stringify({ data: saved })] as const,
    );
  }
  const page = await context.newPage();
  // Each step waits at most 15 s (a page here loads in well under 1 s), so a stuck journey fails
  // with the step that stuck, inside jest's 60 s.
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  const crashes: string[] = [];
  page.on('pageerror', (e) => {
    crashes.push(e.message);
    problems.push(`pageerror: ${e.message}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems, crashes };
}

/**
 * Opens an app route (`/pages/...?...`) through the h5 hash router, as a link or a scanned QR would.
 * When the app is already open, the current page transition finishes first (see transitionDone).
 */
export async function openRoute(page: Page, baseUrl: string, route: string): Promise<void> {
  if (page.url().startsWith(baseUrl)) await transitionDone(page);
  await page.goto(`${baseUrl}/#${route}`);
}

/**
 * Waits until the page transition has finished: one page left unshaded and stationed. Going back
 * earlier hits a Taro 4.2.1 router race (the forward navigation's pending hide timer shades the page
 * just shown again, leaving a blank screen), so call this before `page.goBack()`.
 */
export async function transitionDone(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const live = Array.from(document.querySelectorAll('.taro_page')).filter((p) => !p.classList.contains('taro_page_shade'));
    return live.length === 1 && live[0].classList.contains('taro_page_stationed');
  });
}

/**
 * Runs one journey on a fresh phone and fails it if the page threw an uncaught exception. On failure
 * saves a full-page screenshot and the page's HTML to a temp dir, prints their paths and the console
 * errors, then rethrows.
 */
export async function onPhone(
  browser: Browser,
  name: string,
  journey: (phone: Phone) => Promise<void>,
  opts: PhoneOptions = {},
): Promise<void> {
  const phone = await newPhone(browser, opts);
  try {
    await journey(phone);
    expect(phone.crashes).toEqual([]);
  } catch (err) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-e2e-'));
    const base = path.join(dir, name.replace(/[^\w-]+/g, '_'));
    await phone.page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
    const html = await phone.page.content().catch(() => '');
    fs.writeFileSync(`${base}.html`, html);
    console.error(
      `journey "${name}" failed at ${phone.page.url()}\nscreenshot: ${base}.png\nhtml: ${base}.html` +
        (phone.problems.length ? `\npage problems:\n  ${phone.problems.join('\n  ')}` : ''),
    );
    throw err;
  } finally {
    await phone.context.close();
  }
}

/**
 * The text of the QR code `qr` shows, read from a screenshot of it as a reader's camera would (jsQR), or
 * null when no QR code can be read there.
 */
export async function readQr(qr: Locator): Promise<string | null> {
  // An <img> is read once drawn, and on a page that has finished sliding in (a moving one blurs the shot).
  await qr.evaluate((el) => (el instanceof HTMLImageElement ? el.decode() : undefined));
  await transitionDone(qr.page());
  const png = PNG.sync.read(await qr.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** Chromium and the real server serving the h5 build, for one test file's journeys. */
export interface Rig {
  server: TestServer;
  browser: Browser;
}

/**
 * Starts Chromium, then the real server serving the h5 build (one after the other, so a server that fails to
 * start leaves no browser behind), hands both to `onReady` before the file's tests, and closes both after.
 * `env` adds server settings.
 */
export function journeyRig(onReady: (rig: Rig) => void | Promise<void>, env: Record<string, string> = {}): void {
  const rig: Partial<Rig> = {};
  beforeAll(async () => {
    rig.browser = await launchBrowser();
    rig.server = await startServer({ H5_DIR: h5Dir(), ...env });
    await onReady(rig as Rig);
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.server?.close();
  });
}
