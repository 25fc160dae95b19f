/**
 * The h5 build runs under the server's Content-Security-Policy: the home list, a station, registration, the
 * unlock page with a door code, the health pages and the entry log load without a single CSP violation, and
 * Taro's inline sizing script (allowed by its hash, not by 'unsafe-inline') has run.
 */
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/server';
import { journeyRig, onPhone, openRoute } from '../support/browser';
import { printedDoorCode } from '../../mock/src/features/doors/doorCodes';
import { registerOnPhone, shown } from './worker';

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

/** The violations the page reported so far (directive and what it blocked). */
const violations = (page: Page): Promise<string[]> => page.evaluate(() => window.cspViolations ?? []);

it('serves the pages with a strict script policy and runs every page without a violation', async () => {
  const res = await fetch(`${server.baseUrl}/`);
  const csp = res.headers.get('content-security-policy') ?? '';
  // Our own files and the hashes of index.html's inline scripts (Taro's root font size, the HTML frame), nothing else.
  expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+(;|$)/);
  expect(csp).not.toContain('unsafe-eval');

  await onPhone(browser, 'csp', async ({ context, page, problems }) => {
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window.cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await openRoute(page, server.baseUrl, '/pages/index/index');
    await shown(page, '[data-testid=station-card]').first().waitFor();
    // Taro's inline script sets the root font size from the width: 40 * 375 / 750 = 20 px.
    expect(await page.evaluate(() => document.documentElement.style.fontSize)).toBe('20px');
    await openRoute(page, server.baseUrl, '/pages/station/index?id=ty0195');
    await page.getByText('五一广场智慧爱心驿站').first().waitFor();
    await registerOnPhone(page, server.baseUrl, 1);
    const code = printedDoorCode(server.ctx.keys, server.ctx.config.doorHost, 'd0039');
    await openRoute(page, server.baseUrl, `/packages/unlock/pages/index/index?q=${encodeURIComponent(code)}`);
    await page.getByText('五一广场智慧爱心驿站').first().waitFor();
    await openRoute(page, server.baseUrl, '/packages/health/pages/index/index');
    await page.waitForLoadState('networkidle');
    await openRoute(page, server.baseUrl, '/packages/unlock/pages/entries/index');
    await page.waitForLoadState('networkidle');
    expect(await violations(page)).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy/i.test(p))).toEqual([]);
  });
});
