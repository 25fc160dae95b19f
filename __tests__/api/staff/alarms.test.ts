/**
 * Alarms that reach a person (issue 13): a worker's 紧急求助 goes at once to the station's keepers, unacknowledged
 * after ALARM_ESCALATE_S to the district staff, after twice that to the city admins, through the notifier; the
 * escalation is driven by the doors scheduler pass with the fake clock. The worker sees who acknowledged.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { sh } from '../../support/booking';
import { staffMember, auditRows, type TestStaff } from '../../support/staff';
import { runDoorsPass } from '../../../mock/src/features/doors';
import type { Notice, Notifier } from '../../../mock/src/core/notifier';

const T0 = sh(2026, 12, 1, 12, 0);

let s: TestServer;
let keeper: TestStaff;
let otherKeeper: TestStaff;
let district: TestStaff;
let otherDistrict: TestStaff;
let city: TestStaff;

/** A notifier that records what it was asked to send. */
function recorder(): Notifier & { sent: Notice[] } {
  const sent: Notice[] = [];
  return { name: 'test', sent, send: async (x) => void sent.push(x) };
}
const notices = (alertId: string) =>
  s.query(
    'SELECT level, staff_id AS "staffId", status FROM staff_notices WHERE kind = \'alarm\' AND ref_id = ? ORDER BY level, staff_id',
    alertId,
  );
const raise = async (stationId: string, token?: string) =>
  (await call(`${s.api}/alerts`, { method: 'POST', token: token ?? (await newSession(s.api)), body: { stationId } })).body.alert
    .id as string;

beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0', RATE_LIMIT: 'off' });
  s.clock.nowMs = T0;
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' }, { displayName: '张师傅' });
  otherKeeper = await staffMember(s, 'keeper', { stationId: 'ty0205' });
  district = await staffMember(s, 'district', { districtCode: '140106' });
  otherDistrict = await staffMember(s, 'district', { districtCode: '140107' });
  city = await staffMember(s, 'city');
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

it('goes to the keepers at once, the district after 120 s, the city after 240 s, each once', async () => {
  const id = await raise('ty0195');
  expect(await notices(id)).toEqual([{ level: 0, staffId: keeper.id, status: 'sent' }]);
  // The log notifier said it, without anyone's openid.
  expect(s.logs()).toContain('staff notice (log notifier)');

  const n = recorder();
  await runDoorsPass(s.ctx, T0 + 119_999, n);
  expect(n.sent).toEqual([]);
  expect((await runDoorsPass(s.ctx, T0 + 120_000, n)).alarmsEscalated).toBe(1);
  expect(n.sent.map((x) => [x.kind, (x as { note: string }).note])).toEqual([['alarm', '紧急求助无人响应，请立即处理']]);
  expect((await notices(id)).map((x: any) => [x.level, x.staffId])).toEqual([
    [0, keeper.id],
    [1, district.id],
  ]);
  await runDoorsPass(s.ctx, T0 + 200_000, n);
  expect(n.sent.length).toBe(1);
  await runDoorsPass(s.ctx, T0 + 240_000, n);
  await runDoorsPass(s.ctx, T0 + 999_000, n);
  expect((await notices(id)).map((x: any) => [x.level, x.staffId])).toEqual([
    [0, keeper.id],
    [1, district.id],
    [2, city.id],
  ]);
  // Neither the other station's keeper nor the other district's staff heard of it.
  expect((await notices(id)).map((x: any) => x.staffId)).not.toContain(otherKeeper.id);
  expect((await notices(id)).map((x: any) => x.staffId)).not.toContain(otherDistrict.id);
});

it('stops escalating once acknowledged; the worker sees 张师傅 and the time', async () => {
  const worker = await newSession(s.api);
  const id = await raise('ty0195', worker);
  s.clock.nowMs = T0 + 65_000;
  const ack = await call(`${s.api}/staff/alerts/${id}/acknowledge`, { method: 'POST', token: keeper.token });
  expect(ack.body.alert).toMatchObject({
    state: 'acknowledged',
    acknowledged: { at: '2026-12-01T12:01:05+08:00', staffId: keeper.id, name: '张师傅' },
  });
  const n = recorder();
  await runDoorsPass(s.ctx, T0 + 600_000, n);
  expect(n.sent).toEqual([]);
  expect((await notices(id)).map((x: any) => x.level)).toEqual([0]);
  const mine = (await call(`${s.api}/me/alerts`, { token: worker })).body.alerts;
  expect(mine).toEqual([
    {
      id,
      at: '2026-12-01T12:00:00+08:00',
      station: { id: 'ty0195', name: '五一广场智慧爱心驿站', phone: '13979705112' },
      state: 'acknowledged',
      acknowledgedBy: '张师傅',
      acknowledgedAt: '2026-12-01T12:01:05+08:00',
      resolvedAt: null,
      withdrawnAt: null,
      // ALERT_WITHDRAW_S (120) after it was raised at 12:00:00.
      withdrawUntil: '2026-12-01T12:02:00+08:00',
    },
  ]);
  // Someone else's session sees none of it.
  expect((await call(`${s.api}/me/alerts`, { token: await newSession(s.api) })).body.alerts).toEqual([]);
  s.clock.nowMs = T0 + 300_000;
  const done = await call(`${s.api}/staff/alerts/${id}/resolve`, {
    method: 'POST',
    token: keeper.token,
    body: { note: '职工低血糖，已送水和食物，已恢复' },
  });
  expect(done.body.alert).toMatchObject({
    state: 'resolved',
    resolved: { at: '2026-12-01T12:05:00+08:00', staffId: keeper.id, note: '职工低血糖，已送水和食物，已恢复' },
  });
  expect((await auditRows(s)).filter((r) => r.target_id === id).map((r) => [r.action, r.staff_id])).toEqual([
    ['alarm.acknowledge', keeper.id],
    ['alarm.resolve', keeper.id],
  ]);
});

it('a station without a keeper goes to its district at once; staff lists follow the state filter and the scope', async () => {
  // ty0196 is in 迎泽区 and has no keeper here.
  const id = await raise('ty0196');
  expect((await notices(id)).map((x: any) => [x.level, x.staffId])).toEqual([[1, district.id]]);
  const open = await call(`${s.api}/staff/alerts?state=open`, { token: district.token });
  expect(open.body.alerts.map((a: any) => [a.id, a.escalationLevel])).toContainEqual([id, 1]);
  expect(open.body.alerts.every((a: any) => a.state === 'open')).toBe(true);
  // Another district's staff and another station's keeper do not see it.
  expect((await call(`${s.api}/staff/alerts`, { token: otherDistrict.token })).body.alerts).toEqual([]);
  expect((await call(`${s.api}/staff/alerts`, { token: otherKeeper.token })).body.alerts.map((a: any) => a.id)).not.toContain(id);
  // Reading alerts (workers' ids and locations) is audited.
  expect((await auditRows(s, 'alerts.read')).filter((r) => r.staff_id === district.id).length).toBeGreaterThan(0);
});
