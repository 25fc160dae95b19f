/**
 * The console sign-in's confirmation code (the QR-login hijack): the console shows a 4-digit code beside its QR; the
 * approving page shows when the sign-in started, the console's coarse address and three codes; only the console's
 * code approves. A wrong code is refused (409) and counted: three close the sign-in, a decoy closes it at once; the
 * console's poll then says expired. Every attempt is audited with the login id and, when refused, the reason.
 */
import { startServer, type TestServer } from '../../support/server';
import { sh } from '../../support/time';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';
import { approveLogin, loginForApproval, pollLogin, startLogin } from '../../support/console';
import { coarseAddress } from '../../../mock/src/features/console/logins';

const T0 = sh(2026, 12, 1, 10, 0);
const got = (r: { status: number; body: any }) => [r.status, r.body?.error?.code ?? null];

let s: TestServer;
let district: TestStaff;
let keeper: TestStaff;

beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0', RATE_LIMIT: 'off' });
  s.clock.nowMs = T0;
  district = await staffMember(s, 'district', { districtCode: '140106' });
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' });
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

/** A 4-digit code that is none of `taken`. */
const otherThan = (taken: string[]) => ['0000', '1111', '2222', '3333', '4444'].find((c) => !taken.includes(c))!;
const attempts = async (loginId: string) =>
  (await auditRows(s, 'console.approve')).filter((r) => r.target_id === loginId).map((r) => [r.outcome, r.detail]);

it('the approving page: started time, coarse address, three codes one of which the console shows; audited as a read', async () => {
  const login = await startLogin(s);
  expect(login.code).toMatch(/^[0-9]{4}$/);
  s.clock.nowMs = T0 + 42_000;
  const r = await loginForApproval(s, login.loginId, district);
  expect(r.status).toBe(200);
  expect(r.headers.get('cache-control')).toBe('no-store');
  // The test client is 127.0.0.1: its /24.
  expect(r.body).toMatchObject({ loginId: login.loginId, startedAt: '2026-12-01T10:00:00+08:00', address: '127.0.0.*' });
  expect(r.body.expiresAt).toBe('2026-12-01T10:05:00+08:00');
  const choices: string[] = r.body.choices;
  expect(choices).toHaveLength(3);
  expect(choices).toContain(login.code);
  expect([...choices].sort()).toEqual(choices);
  // Each group of two digits differs between any two choices.
  for (const i of [0, 2]) expect(new Set(choices.map((c) => c.slice(i, i + 2))).size).toBe(3);
  const [read] = (await auditRows(s, 'console.login.read')).filter((x) => x.target_id === login.loginId);
  expect([read.staff_id, read.outcome, read.target_type]).toEqual([district.id, 'ok', 'console_login']);
  // The address is for the page only: not in the audit trail.
  expect(JSON.stringify(await auditRows(s, 'console.login.read'))).not.toContain('127.0.0.*');
});

it('the right code approves; the audit row names the login, not its poll secret', async () => {
  const login = await startLogin(s);
  expect(got(await approveLogin(s, login.loginId, district, undefined, login.code))).toEqual([200, null]);
  expect(await attempts(login.loginId)).toEqual([['ok', null]]);
  const [row] = (await auditRows(s, 'console.approve')).filter((x) => x.target_id === login.loginId);
  expect([row.staff_id, row.target_type]).toEqual([district.id, 'console_login']);
  expect(JSON.stringify(row)).not.toContain(login.pollSecret);
  expect((await pollLogin(s, login)).body.session.member.id).toBe(district.id);
});

it('a wrong code is refused and audited; the right one still approves after it', async () => {
  const login = await startLogin(s);
  const { choices } = (await loginForApproval(s, login.loginId, district)).body;
  const wrong = otherThan(choices);
  const r = await approveLogin(s, login.loginId, district, undefined, wrong);
  expect(r.status).toBe(409);
  expect(r.body.error).toEqual({
    code: 'CONSOLE_CODE_MISMATCH',
    message: '您选的数字和电脑上二维码旁的数字不一样，没有登录。如果不是您自己刚在电脑上打开的登录页，请不要确认。',
    details: { closed: false },
  });
  expect((await pollLogin(s, login)).body.state).toBe('pending');
  expect(got(await approveLogin(s, login.loginId, district, undefined, login.code))).toEqual([200, null]);
  expect(await attempts(login.loginId)).toEqual([
    ['refused', '{"closed":false,"reason":"CONSOLE_CODE_MISMATCH"}'],
    ['ok', null],
  ]);
});

it('three wrong codes close the sign-in: the right code is refused after them and the console is told it expired', async () => {
  const login = await startLogin(s);
  const { choices } = (await loginForApproval(s, login.loginId, district)).body;
  const wrong = otherThan(choices);
  const closed = [];
  for (let i = 0; i < 3; i++) {
    const r = await approveLogin(s, login.loginId, district, undefined, wrong);
    expect(got(r)).toEqual([409, 'CONSOLE_CODE_MISMATCH']);
    closed.push(r.body.error.details.closed);
  }
  expect(closed).toEqual([false, false, true]);
  expect(got(await approveLogin(s, login.loginId, district, undefined, login.code))).toEqual([410, 'CONSOLE_LOGIN_CLOSED']);
  expect(got(await loginForApproval(s, login.loginId, district))).toEqual([410, 'CONSOLE_LOGIN_CLOSED']);
  expect((await pollLogin(s, login)).body).toEqual({ state: 'expired', expiresAt: '2026-12-01T10:05:00+08:00', session: null });
  expect((await attempts(login.loginId)).map(([o, d]) => [o, JSON.parse(d).reason])).toEqual([
    ['refused', 'CONSOLE_CODE_MISMATCH'],
    ['refused', 'CONSOLE_CODE_MISMATCH'],
    ['refused', 'CONSOLE_CODE_MISMATCH'],
    ['refused', 'CONSOLE_LOGIN_CLOSED'],
  ]);
});

it('picking a decoy closes the sign-in at once: with three choices, trying each in turn must not get in', async () => {
  const login = await startLogin(s);
  const { choices } = (await loginForApproval(s, login.loginId, district)).body;
  const decoy = choices.find((c: string) => c !== login.code);
  const r = await approveLogin(s, login.loginId, district, undefined, decoy);
  expect([...got(r), r.body.error.details]).toEqual([409, 'CONSOLE_CODE_MISMATCH', { closed: true }]);
  expect(got(await approveLogin(s, login.loginId, district, undefined, login.code))).toEqual([410, 'CONSOLE_LOGIN_CLOSED']);
  expect((await pollLogin(s, login)).body.state).toBe('expired');
});

it('refused approvals are audited with their reason and the login id: unknown, used, expired, a role that may not', async () => {
  const unknown = 'Z'.repeat(22);
  expect(got(await approveLogin(s, unknown, district, undefined, '1234'))).toEqual([404, 'NOT_FOUND']);
  expect(await attempts(unknown)).toEqual([['refused', '{"closed":false,"reason":"NOT_FOUND"}']]);

  const used = await startLogin(s);
  expect(got(await approveLogin(s, used.loginId, district))).toEqual([200, null]);
  expect(got(await approveLogin(s, used.loginId, district))).toEqual([409, 'CONSOLE_LOGIN_USED']);
  expect(await attempts(used.loginId)).toEqual([
    ['ok', null],
    ['refused', '{"closed":false,"reason":"CONSOLE_LOGIN_USED"}'],
  ]);

  const stale = await startLogin(s);
  s.clock.nowMs = T0 + 300_000;
  expect(got(await approveLogin(s, stale.loginId, district))).toEqual([410, 'CONSOLE_LOGIN_EXPIRED']);
  expect(await attempts(stale.loginId)).toEqual([['refused', '{"closed":false,"reason":"CONSOLE_LOGIN_EXPIRED"}']]);

  s.clock.nowMs = T0;
  const other = await startLogin(s);
  expect(got(await approveLogin(s, other.loginId, keeper))).toEqual([403, 'STAFF_FORBIDDEN']);
  const [row] = (await auditRows(s, 'console.approve')).filter((x) => x.target_id === other.loginId);
  expect([row.outcome, row.staff_id, row.target_type]).toEqual(['forbidden', null, 'console_login']);
});

it('the address is kept coarse: IPv4 to its /24, IPv6 to its /48', () => {
  expect(coarseAddress('203.0.113.77')).toBe('203.0.113.*');
  expect(coarseAddress('::ffff:198.51.100.9')).toBe('198.51.100.*');
  expect(coarseAddress('2001:0db8:0001:0002::5')).toBe('2001:db8:1:*');
  expect(coarseAddress('::1')).toBe('0:0:0:*');
  expect(coarseAddress('not an address')).toBeNull();
});
