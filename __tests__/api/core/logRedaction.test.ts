/**
 * Logs never hold a door code, however the path is spelled: percent-escapes, doubled slashes, capitals, screen
 * codes (/r/), HEAD, a query, a malformed escape. The redirect to the unlock page still works for the spellings
 * the router takes, and names the code in its normal form only.
 */
import { startServer, type TestServer } from '../../support/server';
import { printedDoorCode, rotatingDoorCode, rotationStep } from '../../../mock/src/features/doors/doorCodes';
import { logPath } from '../../../mock/src/core/http/plugins';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());

/** A printed code's path (`/d/d0039.1.<mac>`) and its secret part (the MAC). */
function printed(doorId: string): { path: string; secret: string } {
  const url = new URL(printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, doorId));
  return { path: url.pathname, secret: url.pathname.split('.').pop() as string };
}

/** `/d/<rest>` spelled with the first letter percent-escaped, doubled slashes, capitals. */
const spellings = (p: string): string[] => {
  const [, kind, rest] = /^\/([dr])\/(.*)$/.exec(p) as RegExpExecArray;
  const esc = kind === 'd' ? '%64' : '%72';
  return [
    p,
    `/${esc}/${rest}`,
    `/${esc.toLowerCase()}/${rest}`,
    `/${kind}//${rest}`,
    `//${kind}/${rest}`,
    `/${kind.toUpperCase()}/${rest}`,
    `/${kind}%2F${rest}`,
    `/%25${esc.slice(1)}/${rest}`,
    `/${kind}/${rest}/more`,
    `/${kind}/${rest}?from=poster`,
    `/${kind}/%ZZ${rest}`,
    `/./${kind}/${rest}`,
    `/${kind}/${rest.replace('.', '%2E')}`,
  ];
};

it.each(['GET', 'HEAD'])('keeps printed and screen codes out of the log for every spelling (%s)', async (method) => {
  const d = printed('d0039');
  const screen = new URL(rotatingDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039', rotationStep(Date.now()))).pathname;
  const screenSecret = screen.split('.').pop() as string;
  const before = s.logs().length;
  for (const p of [...spellings(d.path), ...spellings(screen)]) await fetch(`${s.baseUrl}${p}`, { method, redirect: 'manual' });
  const logs = s.logs().slice(before);
  // Every spelling that reaches the router is logged (a malformed escape is refused before it, unlogged), and
  // 6 of each kind are door links that redirect.
  const lines = logs.split('\n').filter((l) => l.includes('"msg":"request"'));
  expect(lines.length).toBeGreaterThanOrEqual(24);
  expect(lines.filter((l) => l.includes('"status":302')).map((l) => JSON.parse(l).path)).toEqual([
    ...Array(6).fill('/d/[code]'),
    ...Array(6).fill('/r/[code]'),
  ]);
  expect(logs).not.toContain(d.secret);
  expect(logs).not.toContain(screenSecret);
  expect(logs).not.toContain('d0039.');
});

it('redirects a percent-escaped door link to the unlock page with the code in its normal form', async () => {
  const d = printed('d0040');
  const res = await fetch(`${s.baseUrl}${d.path.replace('/d/', '/%64/')}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe(
    `/#/packages/unlock/pages/index/index?code=${encodeURIComponent(`https://${s.ctx.config.doorHost}${d.path}`)}`,
  );
});

it.each([
  ['/d/d0039.1.AbCdEfGhIjKlMnOp', '/d/[code]'],
  ['/%64/d0039.1.AbCdEfGhIjKlMnOp', '/d/[code]'],
  ['//D//d0039.1.AbCdEfGhIjKlMnOp/x', '/d/[code]'],
  ['/%2572/r0039', '/r/[code]'],
  ['/r', '/r'],
  ['/api/v1/stations/nearby?lat=37.86', '/api/v1/stations/nearby'],
  ['/assets/d/x.png', '/assets/d/x.png'],
  ['/%E4%B8%AD', '/%E4%B8%AD'],
])('logPath(%j) is %j', (url, logged) => {
  expect(logPath(url)).toBe(logged);
});
