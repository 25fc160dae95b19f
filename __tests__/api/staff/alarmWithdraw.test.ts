/**
 * 取消求助 (issue 14): the worker who raised an emergency alert may withdraw it within ALERT_WITHDRAW_S (120 s) while
 * it is open or acknowledged. It then reads withdrawn (when; by the worker), stops escalating (fake clock and the
 * doors scheduler pass), and the staff told so far get a notice 工友已取消求助. Others' sessions get 404; after the
 * window or once resolved, 409 with a message the worker understands. Not a staff action: no audit row.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { sh } from '../../support/booking';
import { staffMember, auditRows, type TestStaff } from '../../support/staff';
import { runDoorsPass } from '../../../mock/src/features/doors';
import type { Notice, Notifier } from '../../../mock/src/core/notifier';

const T0 = sh(2026, 12, 1, 12, 0);

let s: TestServer;
let keeper: TestStaff;
let district: TestStaff;

function recorder(): Notifier & { sent: Notice[] } {
  const sent: Notice[] = [];
  return { name: 'test', sent, send: async (x) => void sent.push(x) };
}
/** The staff notices about alert `id` as [kind, level, staff id], in a stable order. */
const notices = async (id: string) =>
  (await s.query('SELECT kind, level, staff_id AS "staffId" FROM staff_notices WHERE ref_id = ? ORDER BY kind, level, staff_id', id)).map(
    (r: any) => [r.kind, Number(r.level), r.staffId],
  );
const raise = async (token: string, stationId = 'ty0195') =>
  (await call(`${s.api}/alerts`, { method: 'POST', token, body: { stationId } })).body.alert as { id: string; withdrawUntil: string };
const withdraw = (id: string, token: string) => call(`${s.api}/alerts/${id}/withdraw`, { method: 'POST', token, body: {} });

beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0', RATE_LIMIT: 'off' });
  s.clock.nowMs = T0;
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' }, { displayName: '张师傅' });
  district = await staffMember(s, 'district', { districtCode: '140106' });
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

it('the owner withdraws within the window: withdrawn, the keeper is told, no level-1 notice ever follows', async () => {
  const worker = await newSession(s.api);
  const alert = await raise(worker);
  expect(alert.withdrawUntil).toBe('2026-12-01T12:02:00+08:00');
  s.clock.nowMs = T0 + 60_000;
  const r = await withdraw(alert.id, worker);
  expect(r.status).toBe(200);
  expect(r.headers.get('cache-control')).toBe('no-store');
  expect(r.body.alert).toMatchObject({ id: alert.id, state: 'withdrawn', withdrawnAt: '2026-12-01T12:01:00+08:00', acknowledgedBy: null });
  expect(await notices(alert.id)).toEqual([
    ['alarm', 0, keeper.id],
    ['alarm_withdrawn', 0, keeper.id],
  ]);
  // Escalation stops: the district (120 s) and the city (240 s) are never told.
  const n = recorder();
  expect((await runDoorsPass(s.ctx, T0 + 120_000, n)).alarmsEscalated).toBe(0);
  expect((await runDoorsPass(s.ctx, T0 + 240_000, n)).alarmsEscalated).toBe(0);
  expect(n.sent).toEqual([]);
  expect((await notices(alert.id)).filter(([, level]) => level > 0)).toEqual([]);
  // Withdrawing again (a retry over a bad network) answers it as it stands and tells nobody twice.
  expect((await withdraw(alert.id, worker)).body.alert.state).toBe('withdrawn');
  expect((await notices(alert.id)).length).toBe(2);
  // The worker's own list reads withdrawn.
  const mine = (await call(`${s.api}/me/alerts`, { token: worker })).body.alerts;
  expect(mine.map((a: any) => [a.id, a.state, a.withdrawnAt])).toEqual([[alert.id, 'withdrawn', '2026-12-01T12:01:00+08:00']]);
  // Not a staff action.
  expect((await auditRows(s)).filter((x) => x.target_id === alert.id)).toEqual([]);
});

it("another worker's session gets 404 and the alert stays open", async () => {
  const alert = await raise(await newSession(s.api));
  const other = await withdraw(alert.id, await newSession(s.api));
  expect([other.status, other.body.error.code, other.body.error.message]).toEqual([404, 'NOT_FOUND', '没有找到这条求助。']);
  const listed = (await call(`${s.api}/staff/alerts`, { token: keeper.token })).body.alerts.find((a: any) => a.id === alert.id);
  expect([listed.state, listed.withdrawn]).toEqual(['open', null]);
});

it('after the window, or once resolved: 409 with a message the worker understands', async () => {
  const worker = await newSession(s.api);
  const late = await raise(worker);
  s.clock.nowMs = T0 + 120_001;
  const r = await withdraw(late.id, worker);
  expect([r.status, r.body.error.code, r.body.error.message, r.body.error.details]).toEqual([
    409,
    'ALERT_WITHDRAW_CLOSED',
    '求助发出已超过2分钟，不能再取消。如已没事，请打电话告诉驿站值班人员。',
    { withdrawS: 120 },
  ]);
  s.clock.nowMs = T0;
  const resolved = await raise(worker);
  await call(`${s.api}/staff/alerts/${resolved.id}/resolve`, { method: 'POST', token: keeper.token, body: { note: '已电话联系' } });
  const again = await withdraw(resolved.id, worker);
  expect([again.status, again.body.error.message]).toEqual([409, '这条求助工会已处理完毕，不能再取消。']);
});

it('an acknowledged alert can be withdrawn; the staff list shows it withdrawn by the worker, keeping who acknowledged', async () => {
  const worker = await newSession(s.api);
  const alert = await raise(worker);
  s.clock.nowMs = T0 + 30_000;
  await call(`${s.api}/staff/alerts/${alert.id}/acknowledge`, { method: 'POST', token: keeper.token });
  s.clock.nowMs = T0 + 90_000;
  expect((await withdraw(alert.id, worker)).status).toBe(200);
  const list = await call(`${s.api}/staff/alerts?state=withdrawn`, { token: district.token });
  expect(list.body.alerts.find((a: any) => a.id === alert.id)).toMatchObject({
    state: 'withdrawn',
    acknowledged: { at: '2026-12-01T12:00:30+08:00', staffId: keeper.id, name: '张师傅' },
    resolved: null,
    withdrawn: { at: '2026-12-01T12:01:30+08:00', by: 'worker' },
  });
  expect(list.body.alerts.every((a: any) => a.state === 'withdrawn')).toBe(true);
  // Nothing left to resolve; acknowledging answers it as it stands.
  const res = await call(`${s.api}/staff/alerts/${alert.id}/resolve`, { method: 'POST', token: keeper.token, body: { note: '已处理' } });
  expect([res.status, res.body.error.code, res.body.error.message]).toEqual([409, 'ALARM_WITHDRAWN', '工友已取消这条求助，不用再处理。']);
  expect((await call(`${s.api}/staff/alerts/${alert.id}/acknowledge`, { method: 'POST', token: keeper.token })).body.alert.state).toBe(
    'withdrawn',
  );
});

it('everyone told so far hears of the withdrawal: a station without a keeper went to the district at once', async () => {
  // ty0196 is in 迎泽区 and has no keeper here.
  const worker = await newSession(s.api);
  const alert = await raise(worker, 'ty0196');
  await withdraw(alert.id, worker);
  expect(await notices(alert.id)).toEqual([
    ['alarm', 1, district.id],
    ['alarm_withdrawn', 0, district.id],
  ]);
  expect(s.logs()).toContain('emergency alert withdrawn');
});
