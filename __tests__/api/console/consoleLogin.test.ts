/**
 * The desk console's sign-in by QR (issue 15): pending -> approved in the app -> the session handed to the polling
 * console once; expiry of the QR (CONSOLE_LOGIN_TTL_S, 300 s) and of the session (CONSOLE_SESSION_TTL_S, 8 h) with the
 * fake clock; the session acts on /staff routes as exactly the approving staff member (role and scope); a suspended
 * member's console sessions end at once; sign-out. ty0195 and ty0205 are stations of 迎泽区 (140106).
 */
import { createHash } from 'crypto';
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { sh } from '../../support/time';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';
import { approveLogin, consoleToken, pollLogin, startLogin } from '../../support/console';

const T0 = sh(2026, 12, 1, 10, 0);
const got = (r: { status: number; body: any }) => [r.status, r.body?.error?.code ?? null];
const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

let s: TestServer;
let city: TestStaff;
let district: TestStaff;
let keeper: TestStaff;

beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0', RATE_LIMIT: 'off' });
  s.clock.nowMs = T0;
  city = await staffMember(s, 'city');
  district = await staffMember(s, 'district', { districtCode: '140106' }, { displayName: '李科长' });
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' });
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

it('pending, then approved in the app, then the session handed to the polling console once', async () => {
  const login = await startLogin(s);
  expect(login.loginId).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 random bytes
  expect(login.qrText).toBe(`${s.baseUrl}/#/packages/staff/pages/console/index?l=${login.loginId}`);
  // 10:00 + 300 s
  expect(login.expiresAt).toBe('2026-12-01T10:05:00+08:00');

  expect((await pollLogin(s, login)).body).toEqual({ state: 'pending', expiresAt: '2026-12-01T10:05:00+08:00', session: null });
  // Whoever saw the QR but lacks the console's poll secret learns nothing.
  expect(got(await pollLogin(s, { loginId: login.loginId, pollSecret: 'x'.repeat(43) }))).toEqual([404, 'NOT_FOUND']);

  s.clock.nowMs = T0 + 60_000;
  const a = await approveLogin(s, login.loginId, district);
  expect(a.status).toBe(200);
  expect(a.body.member).toMatchObject({
    id: district.id,
    role: 'district',
    displayName: '李科长',
    scope: { districtCode: '140106', name: '迎泽区' },
  });
  const [row] = await auditRows(s, 'console.approve');
  expect([row.staff_id, row.role, row.scope, row.outcome]).toEqual([district.id, 'district', 'district:140106', 'ok']);

  const first = await pollLogin(s, login);
  expect(first.body.state).toBe('approved');
  expect(first.body.session.token).toMatch(/^yzc_[A-Za-z0-9_-]{43}$/);
  // 10:01 + 8 h
  expect(first.body.session.expiresAt).toBe('2026-12-01T18:01:00+08:00');
  expect(first.body.session.member).toMatchObject({ id: district.id, role: 'district' });
  // Stored as its hash only.
  const stored = await s.query('SELECT token_hash, staff_id FROM console_sessions');
  expect(stored).toEqual([{ token_hash: sha256(first.body.session.token), staff_id: district.id }]);

  expect((await pollLogin(s, login)).body).toEqual({ state: 'approved', expiresAt: '2026-12-01T10:05:00+08:00', session: null });
  expect(got(await approveLogin(s, login.loginId, city))).toEqual([409, 'CONSOLE_LOGIN_USED']);

  const me = await call(`${s.api}/console/session`, { token: first.body.session.token });
  expect(me.body).toEqual({ member: first.body.session.member, expiresAt: '2026-12-01T18:01:00+08:00' });
});

it('a QR not approved within 300 s expires; approving it then answers 410', async () => {
  const login = await startLogin(s);
  s.clock.nowMs = T0 + 299_999;
  expect((await pollLogin(s, login)).body.state).toBe('pending');
  s.clock.nowMs = T0 + 300_000;
  expect((await pollLogin(s, login)).body).toEqual({ state: 'expired', expiresAt: '2026-12-01T10:05:00+08:00', session: null });
  expect(got(await approveLogin(s, login.loginId, district))).toEqual([410, 'CONSOLE_LOGIN_EXPIRED']);
  expect((await pollLogin(s, login)).body.state).toBe('expired');
});

it("the console acts with the approver's scope: a district member sees only the district's stations", async () => {
  const token = await consoleToken(s, district);
  const r = await call(`${s.api}/staff/stations`, { token });
  expect(r.status).toBe(200);
  const inDistrict = await s.query<{ id: string }>("SELECT id FROM stations WHERE district_code = '140106' ORDER BY id");
  expect(r.body.stations.map((x: any) => x.id)).toEqual(inDistrict.map((x) => x.id));
  expect(new Set(r.body.stations.map((x: any) => x.district))).toEqual(new Set(['迎泽区']));
  expect(r.body.stations.map((x: any) => x.id)).toEqual(expect.arrayContaining(['ty0195', 'ty0205']));
  // A station of another district is out of scope.
  const other = await s.one<{ id: string }>("SELECT id FROM stations WHERE district_code <> '140106' ORDER BY id LIMIT 1");
  expect(got(await call(`${s.api}/staff/alerts?stationId=${other!.id}`, { token }))).toEqual([403, 'STAFF_FORBIDDEN']);
  // The read is audited as that member.
  const rows = (await auditRows(s, 'stations.health')).filter((x) => x.outcome === 'ok');
  expect(rows.at(-1).staff_id).toBe(district.id);
});

it("a person with two roles who approves as one: the console holds that one only, not the account's others", async () => {
  const both = await staffMember(s, 'district', { districtCode: '140106' });
  const asCity = await staffMember(s, 'city', {}, { token: both.token });
  const token = await consoleToken(s, both, both.id);
  const r = await call(`${s.api}/staff/stations`, { token });
  const inDistrict = await s.query("SELECT id FROM stations WHERE district_code = '140106'");
  expect(r.body.stations.length).toBe(inDistrict.length);
  // The audit trail, a city admin's, is not the district role's to read.
  expect(got(await call(`${s.api}/staff/audit`, { token }))).toEqual([403, 'STAFF_FORBIDDEN']);
  const cityToken = await consoleToken(s, both, asCity.id);
  expect(got(await call(`${s.api}/staff/audit?limit=1`, { token: cityToken }))).toEqual([200, null]);
  // A role that is not the caller's own: refused, audited.
  const login = await startLogin(s);
  expect(got(await approveLogin(s, login.loginId, both, district.id))).toEqual([403, 'STAFF_FORBIDDEN']);
});

it('keepers, clinics and workers cannot open a console; a console cannot approve another; the tokens do not mix', async () => {
  const login = await startLogin(s);
  expect(got(await approveLogin(s, login.loginId, keeper))).toEqual([403, 'STAFF_FORBIDDEN']);
  expect(got(await approveLogin(s, login.loginId, { token: await newSession(s.api) }))).toEqual([403, 'STAFF_FORBIDDEN']);
  const token = await consoleToken(s, city);
  expect(got(await approveLogin(s, login.loginId, { token }))).toEqual([403, 'STAFF_FORBIDDEN']);
  expect((await pollLogin(s, login)).body.state).toBe('pending');
  // The console session is for the console and the staff routes, not the worker's app; an app session is not a console's.
  expect(got(await call(`${s.api}/me/alerts`, { token }))).toEqual([401, 'UNAUTHENTICATED']);
  expect(got(await call(`${s.api}/console/session`, { token: city.token }))).toEqual([401, 'UNAUTHENTICATED']);
});

it('a console session expires after 8 h', async () => {
  const token = await consoleToken(s, district);
  s.clock.nowMs = T0 + 8 * 3_600_000 - 1;
  expect(got(await call(`${s.api}/staff/stations?limit=1`, { token }))).toEqual([200, null]);
  s.clock.nowMs = T0 + 8 * 3_600_000;
  expect(got(await call(`${s.api}/staff/stations?limit=1`, { token }))).toEqual([401, 'UNAUTHENTICATED']);
  expect(got(await call(`${s.api}/console/session`, { token }))).toEqual([401, 'UNAUTHENTICATED']);
});

it('suspending the member ends their console sessions at once', async () => {
  const member = await staffMember(s, 'district', { districtCode: '140107' });
  const token = await consoleToken(s, member);
  expect(got(await call(`${s.api}/staff/stations?limit=1`, { token }))).toEqual([200, null]);
  expect(got(await call(`${s.api}/staff/members/${member.id}/suspend`, { method: 'POST', token: city.token }))).toEqual([200, null]);
  const refused = await call(`${s.api}/staff/stations?limit=1`, { token });
  expect(refused.body.error).toEqual({ code: 'UNAUTHENTICATED', message: '控制台登录已失效，请重新扫码登录。' });
  expect(got(await call(`${s.api}/console/session`, { token }))).toEqual([401, 'UNAUTHENTICATED']);
});

it('sign-out ends the console session', async () => {
  const token = await consoleToken(s, district);
  expect(got(await call(`${s.api}/console/session`, { method: 'DELETE', token }))).toEqual([204, null]);
  expect(got(await call(`${s.api}/console/session`, { token }))).toEqual([401, 'UNAUTHENTICATED']);
  expect(got(await call(`${s.api}/staff/stations?limit=1`, { token }))).toEqual([401, 'UNAUTHENTICATED']);
  expect(got(await call(`${s.api}/console/session`, { method: 'DELETE', token }))).toEqual([401, 'UNAUTHENTICATED']);
});
