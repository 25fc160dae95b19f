/**
 * Door controllers report their health (issue 13): the long poll is the heartbeat, a door contact reports open or
 * closed, a door silent longer than DOOR_OFFLINE_S (120 s) is offline, and a station posted as open with an
 * offline door is told to its keepers and district staff once per silence, by the doors scheduler pass.
 * ty0195 (五一广场, 24 h) has door d0039; ty0205 (also 迎泽区, 24 h) has d0041.
 */
import { startServer, call, type TestServer } from '../../support/server';
import { sh } from '../../support/booking';
import { staffMember, type TestStaff } from '../../support/staff';
import { runDoorsPass } from '../../../mock/src/features/doors';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import type { Notice, Notifier } from '../../../mock/src/core/notifier';

const T0 = sh(2026, 12, 1, 9, 0);
let s: TestServer;
let keeper: TestStaff;
let district: TestStaff;
let keyOf: (doorId: string) => string;

const poll = (doorId: string, contact?: 'open' | 'closed') =>
  call(`${s.api}/doors/${doorId}/grants${contact ? `?contact=${contact}` : ''}`, { headers: { 'x-device-key': keyOf(doorId) } });
const station = async (token: string, id: string) =>
  (await call(`${s.api}/staff/stations`, { token })).body.stations.find((x: { id: string }) => x.id === id);
function recorder(): Notifier & { sent: Notice[] } {
  const sent: Notice[] = [];
  return { name: 'test', sent, send: async (x) => void sent.push(x) };
}
const told = () =>
  s.query(
    'SELECT ref_id AS "refId", level, staff_id AS "staffId" FROM staff_notices WHERE kind = \'door_offline\' ORDER BY created_at, level',
  );

beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0' });
  s.clock.nowMs = T0;
  keyOf = deviceKeys(loadMasterKey(s.dataDir, null)).keyOf;
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' });
  district = await staffMember(s, 'district', { districtCode: '140106' });
});
afterAll(async () => s.close());

it('a door never heard from is unknown (not offline), and nobody is told about it', async () => {
  const st = await station(keeper.token, 'ty0195');
  expect(st).toMatchObject({
    openNow: true,
    openLabel: '24小时',
    doors: [{ id: 'd0039', health: 'unknown', lastSeenAt: null, contact: null }],
    openButDoorOffline: false,
  });
  expect((await runDoorsPass(s.ctx, T0, recorder())).offlineDoorsTold).toBe(0);
});

it('heartbeats and the contact, then offline after 120 s of silence: told once to the keeper and the district', async () => {
  s.clock.nowMs = T0;
  expect((await poll('d0039', 'closed')).status).toBe(200);
  s.clock.nowMs = T0 + 30_000;
  await poll('d0039', 'open');
  s.clock.nowMs = T0 + 60_000;
  await poll('d0039', 'open');
  expect((await station(keeper.token, 'ty0195')).doors[0]).toEqual({
    id: 'd0039',
    name: '正门',
    health: 'online',
    lastSeenAt: '2026-12-01T09:01:00+08:00',
    contact: 'open',
    // Held open since the first report of "open", not the latest.
    contactSince: '2026-12-01T09:00:30+08:00',
  });
  s.clock.nowMs = T0 + 180_000;
  expect((await station(keeper.token, 'ty0195')).doors[0].health).toBe('online');
  const n = recorder();
  expect((await runDoorsPass(s.ctx, T0 + 180_000, n)).offlineDoorsTold).toBe(0);
  s.clock.nowMs = T0 + 180_001;
  const st = await station(keeper.token, 'ty0195');
  expect([st.doors[0].health, st.openButDoorOffline]).toEqual(['offline', true]);
  expect((await runDoorsPass(s.ctx, T0 + 180_001, n)).offlineDoorsTold).toBe(1);
  expect(n.sent.map((x) => [x.kind, (x as { note: string }).note, x.stationName])).toEqual([
    ['door_offline', '显示营业，但门禁离线', '五一广场智慧爱心驿站'],
    ['door_offline', '显示营业，但门禁离线', '五一广场智慧爱心驿站'],
  ]);
  expect((await told()).map((x: any) => [x.level, x.staffId])).toEqual([
    [0, keeper.id],
    [1, district.id],
  ]);
  // Once per silence.
  expect((await runDoorsPass(s.ctx, T0 + 600_000, n)).offlineDoorsTold).toBe(0);
  // Back, then silent again: a new silence, told again.
  s.clock.nowMs = T0 + 700_000;
  await poll('d0039');
  expect((await station(keeper.token, 'ty0195')).doors[0].health).toBe('online');
  expect((await runDoorsPass(s.ctx, T0 + 700_000 + 120_001, n)).offlineDoorsTold).toBe(1);
  expect((await told()).length).toBe(4);
});

it('lists only the stations in scope, with alarms and entries of today', async () => {
  const mine = (await call(`${s.api}/staff/stations`, { token: keeper.token })).body.stations.map((x: { id: string }) => x.id);
  expect(mine).toEqual(['ty0195']);
  const theirs = (await call(`${s.api}/staff/stations?districtCode=140106`, { token: district.token })).body.stations;
  expect(theirs.length).toBeGreaterThan(10);
  expect(theirs.every((x: { districtCode: string }) => x.districtCode === '140106')).toBe(true);
  const clinic = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
  expect((await call(`${s.api}/staff/stations`, { token: clinic.token })).body.error.code).toBe('STAFF_FORBIDDEN');
});
