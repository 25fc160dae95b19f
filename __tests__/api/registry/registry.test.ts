/**
 * The station registry (issue 15): an hours edit shows on the workers' nearby list at once; grade changes need a
 * reason and are kept in the history; a door added answers its device key once, and rotating the device key or the
 * printed code retires the old one at once; posters as PNG and PDF; district staff reach only their district;
 * every change is audited with before and after; the audit chain's state. Runs on SQLite and PostgreSQL.
 * ty0205 (桃园南路北口智慧爱心驿站, 24 h, grade 4, door d0041) and ty0195 (door d0039) are in 迎泽区 (140106), which
 * has 140 stations; ty0316 is in 杏花岭区 (140107).
 */
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { startServer, call, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, registeredWorker, sh } from '../../support/booking';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { typedNumber } from '../../../mock/src/features/doors/posters';

/** Tuesday 2026-12-01 10:00 Shanghai. */
const T0 = sh(2026, 12, 1, 10, 0);
const TY0205 = { lat: 37.861318, lng: 112.580388 };
const CLOSED = [[], [], [], [], [], [], []];
const ALL_DAY = Array.from({ length: 7 }, () => ['00:00-24:00']);

let s: TestServer;
let city: TestStaff;
let district: TestStaff;
let otherDistrict: TestStaff;
let keeper: TestStaff;

beforeAll(async () => {
  s = await startServer({ ...MANY_WORKERS_ENV, RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0' });
  s.clock.nowMs = T0;
  city = await staffMember(s, 'city');
  district = await staffMember(s, 'district', { districtCode: '140106' });
  otherDistrict = await staffMember(s, 'district', { districtCode: '140107' });
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0205' });
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

const patch = (who: TestStaff, id: string, body: object) =>
  call(`${s.api}/staff/stations/${id}`, { method: 'PATCH', token: who.token, body });

/** ty0205 as the nearby list shows it from its own doorstep. */
async function nearbyTy0205() {
  const r = await call(`${s.api}/stations/nearby?lat=${TY0205.lat}&lng=${TY0205.lng}&radiusM=30`);
  expect(r.status).toBe(200);
  const hit = r.body.stations.find((x: { id: string }) => x.id === 'ty0205');
  return { openNow: hit.openNow, openLabel: hit.openLabel, openDetail: hit.openDetail, is24h: hit.is24h };
}

describe('hours', () => {
  afterAll(async () => {
    expect((await patch(district, 'ty0205', { hours: { weekly: ALL_DAY } })).status).toBe(200);
  });

  it('an edit changes the nearby answer at once: closed all week, then overnight on Tuesdays, then 24 h again', async () => {
    expect(await nearbyTy0205()).toEqual({ openNow: true, openLabel: '24小时', openDetail: null, is24h: true });

    const closed = await patch(district, 'ty0205', { hours: { weekly: CLOSED } });
    expect(closed.status).toBe(200);
    expect(closed.body.station.hours).toEqual({ is24h: false, weekly: CLOSED });
    expect(closed.body.station.open).toEqual({ openNow: false, label: '已打烊', detail: '近期不开放' });
    expect(await nearbyTy0205()).toEqual({ openNow: false, openLabel: '已打烊', openDetail: '近期不开放', is24h: false });

    // Tuesday 22:00 to Wednesday 06:00: closed at Tuesday 10:00, open at Wednesday 02:00 until 06:00.
    const overnight = [[], ['22:00-06:00'], [], [], [], [], []];
    expect((await patch(district, 'ty0205', { hours: { weekly: overnight } })).status).toBe(200);
    expect(await nearbyTy0205()).toEqual({ openNow: false, openLabel: '已打烊', openDetail: '今天 22:00 开门', is24h: false });
    s.clock.nowMs = sh(2026, 12, 2, 2, 0);
    expect(await nearbyTy0205()).toEqual({ openNow: true, openLabel: '营业中', openDetail: '至 06:00', is24h: false });

    expect((await patch(district, 'ty0205', { hours: { weekly: ALL_DAY } })).body.station.hours.is24h).toBe(true);
    expect(await nearbyTy0205()).toEqual({ openNow: true, openLabel: '24小时', openDetail: null, is24h: true });
    // The station page agrees (it reads the database).
    expect((await call(`${s.api}/stations/ty0205`)).body.open.label).toBe('24小时');
  });

  it('refuses hours validateHours refuses, in Chinese, and changes nothing', async () => {
    const bad = await patch(district, 'ty0205', { hours: { weekly: [['08:00-20:00', '19:00-21:00'], [], [], [], [], [], []] } });
    expect([bad.status, bad.body.error.code, bad.body.error.message]).toEqual([
      400,
      'VALIDATION_FAILED',
      '周一的时段有重叠，请合并成一个时段。',
    ]);
    expect(bad.body.error.details.fields).toEqual(['hours']);
    const same = await patch(district, 'ty0205', { hours: { weekly: [['08:00-08:00'], [], [], [], [], [], []] } });
    expect(same.body.error.message).toBe('周一的时段“08:00-08:00”开门和关门时间相同，全天开放请写 00:00-24:00。');
    expect((await nearbyTy0205()).openLabel).toBe('24小时');
  });

  it('audits the edit with the changed fields before and after', async () => {
    const r = await patch(district, 'ty0205', { name: '桃园南路北口爱心驿站', amenities: ['wifi', 'hot_water'] });
    expect(r.status).toBe(200);
    expect(r.body.station.amenities).toEqual(['hot_water', 'wifi']);
    const [row] = (await auditRows(s, 'station.update')).slice(-1);
    expect([row.staff_id, row.station_id, row.outcome]).toEqual([district.id, 'ty0205', 'ok']);
    const detail = JSON.parse(row.detail);
    expect(detail.fields).toBe('name,amenities');
    expect(JSON.parse(detail.before).name).toBe('桃园南路北口智慧爱心驿站');
    expect(JSON.parse(detail.after)).toEqual({ name: '桃园南路北口爱心驿站', amenities: ['hot_water', 'wifi'] });
    const r2 = await call(`${s.api}/stations/nearby?lat=${TY0205.lat}&lng=${TY0205.lng}&radiusM=30`);
    expect(r2.body.stations.find((x: { id: string }) => x.id === 'ty0205').name).toBe('桃园南路北口爱心驿站');
  });
});

describe('position', () => {
  it('moves a station within its district (the nearby list follows), never outside it or outside Taiyuan', async () => {
    // 300 m north: still 迎泽区.
    const moved = await patch(city, 'ty0205', { position: { lat: 37.864018, lng: 112.580388 } });
    expect(moved.status).toBe(200);
    expect(moved.body.station.position).toEqual({ lat: 37.864018, lng: 112.580388, coord: 'gcj02' });
    const there = await call(`${s.api}/stations/nearby?lat=37.864018&lng=112.580388&radiusM=5`);
    expect(there.body.stations.map((x: { id: string }) => x.id)).toEqual(['ty0205']);
    // 太原站 is in 迎泽区 too; 尖草坪 (140108) is not; Beijing is not Taiyuan.
    const other = await patch(city, 'ty0205', { position: { lat: 37.94, lng: 112.55 } });
    expect([other.status, other.body.error.message]).toEqual([400, '这个位置不在迎泽区范围内，驿站不能移到别的区县。']);
    const beijing = await patch(city, 'ty0205', { position: { lat: 39.9, lng: 116.4 } });
    expect([beijing.status, beijing.body.error.message]).toEqual([400, '这个位置不在太原市范围内，请在地图上重新选点（GCJ-02 坐标）。']);
    expect((await patch(city, 'ty0205', { position: TY0205 })).status).toBe(200);
  });
});

describe('grade', () => {
  it('needs a reason; the history keeps who, when, from, to and why, newest first', async () => {
    const bare = await patch(district, 'ty0205', { grade: 3 });
    expect([bare.status, bare.body.error.details.fields]).toEqual([400, ['gradeReason']]);
    s.clock.nowMs = sh(2026, 12, 1, 11, 0);
    expect((await patch(district, 'ty0205', { grade: 3, gradeReason: '空调损坏未修复' })).body.station.grade).toBe(3);
    s.clock.nowMs = sh(2026, 12, 1, 12, 30);
    expect((await patch(city, 'ty0205', { grade: 4, gradeReason: '空调已修复，复核达标' })).status).toBe(200);
    // The same grade again is no change: nothing recorded.
    expect((await patch(city, 'ty0205', { grade: 4 })).status).toBe(200);
    const h = await call(`${s.api}/staff/stations/ty0205/grade-history`, { token: keeper.token });
    expect(h.status).toBe(200);
    expect(h.body.history.map((x: any) => [x.at, x.by.name, x.from, x.to, x.reason])).toEqual([
      ['2026-12-01T12:30:00+08:00', city.displayName, 3, 4, '空调已修复，复核达标'],
      ['2026-12-01T11:00:00+08:00', district.displayName, 4, 3, '空调损坏未修复'],
    ]);
    expect(h.body.history[1].by.staffId).toBe(district.id);
  });
});

describe('doors', () => {
  it('a new door answers its device key once; a rotation retires the old key at once', async () => {
    const r = await call(`${s.api}/staff/stations/ty0205/doors`, {
      method: 'POST',
      token: district.token,
      body: { name: ' 侧门 ', hardware: 'controller_screen' },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const { door, deviceKey } = r.body;
    expect(door).toMatchObject({ stationId: 'ty0205', name: '侧门', hardware: 'controller_screen', deviceKeyGeneration: 0 });
    expect(deviceKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const poll = (key: string) => call(`${s.api}/doors/${door.id}/grants`, { headers: { 'x-device-key': key } });
    expect((await poll(deviceKey)).status).toBe(200);
    // Never again in a read.
    const station = await call(`${s.api}/staff/stations/ty0205`, { token: district.token });
    expect(station.body.station.doors.map((d: any) => [d.name, d.hardware])).toEqual(
      expect.arrayContaining([
        ['正门', 'controller'],
        ['侧门', 'controller_screen'],
      ]),
    );
    expect(JSON.stringify(station.body)).not.toContain(deviceKey);

    const rot = await call(`${s.api}/staff/doors/${door.id}/device-key`, { method: 'POST', token: district.token });
    expect([rot.status, rot.body.door.deviceKeyGeneration]).toEqual([200, 1]);
    expect(rot.body.deviceKey).not.toBe(deviceKey);
    expect((await poll(deviceKey)).body.error.code).toBe('DEVICE_KEY_INVALID');
    expect((await poll(rot.body.deviceKey)).status).toBe(200);
    const audit = (await auditRows(s, 'door.deviceKey.rotate')).slice(-1)[0];
    expect(JSON.parse(audit.detail)).toEqual({ before: 0, after: 1 });
    expect(audit.detail).not.toContain(rot.body.deviceKey);
  });

  it('rotating the printed code retires every printed poster of that door; the poster carries the new code', async () => {
    // At the door with consent to location: the presence a printed code needs at an unattended door.
    const worker = await withLocationConsent(s.api, await registeredWorker(s.api, 515));
    const oldCode = printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039');
    const unlock = (code: string) =>
      call(`${s.api}/doors/unlock`, { method: 'POST', token: worker, body: { code, location: fixAtDoor('d0039') } });
    expect((await unlock(oldCode)).status).toBe(201);
    const rot = await call(`${s.api}/staff/doors/d0039/code-key`, { method: 'POST', token: city.token });
    expect([rot.status, rot.body.door.codeKeyGeneration]).toEqual([200, 1]);
    const refused = await unlock(oldCode);
    expect([refused.status, refused.body.error.code]).toEqual([422, 'DOOR_CODE_INVALID']);
    const newCode = printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039', 1);
    expect(newCode).not.toBe(oldCode);
    expect((await unlock(newCode)).status).toBe(201);

    const pdf = await fetch(`${s.api}/staff/doors/d0039/poster.pdf`, { headers: { authorization: `Bearer ${keeper.token}` } });
    expect(pdf.status).toBe(403); // ty0195's door, not the keeper's station
    const own = await fetch(`${s.api}/staff/doors/d0039/poster.pdf`, { headers: { authorization: `Bearer ${district.token}` } });
    expect([own.status, own.headers.get('content-type'), own.headers.get('cache-control')]).toEqual([200, 'application/pdf', 'no-store']);
    const text = Buffer.from(await own.arrayBuffer()).toString('latin1');
    expect(text.startsWith('%PDF-1.7\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    // The typed number is the new code's, in the PDF's UCS-2 hex text.
    const hex = [...typedNumber(newCode)]
      .map((c) => c.charCodeAt(0).toString(16).padStart(4, '0'))
      .join('')
      .toUpperCase();
    expect(text).toContain(hex);
    const png = await fetch(`${s.api}/staff/doors/d0039/poster.png`, { headers: { authorization: `Bearer ${district.token}` } });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(0, 8)
        .toString('hex'),
    ).toBe('89504e470d0a1a0a');
  });
});

describe('scope', () => {
  it('district staff see and change only their district; keepers read their own station only', async () => {
    const list = await call(`${s.api}/staff/registry/stations?limit=100`, { token: district.token });
    expect([list.status, list.body.total, list.body.stations.length]).toEqual([200, 140, 100]);
    expect(new Set(list.body.stations.map((x: any) => x.districtCode))).toEqual(new Set(['140106']));
    const page2 = await call(`${s.api}/staff/registry/stations?limit=100&offset=100`, { token: district.token });
    expect(page2.body.stations).toHaveLength(40);
    const found = await call(`${s.api}/staff/registry/stations?q=${encodeURIComponent('五一广场智慧')}`, { token: district.token });
    expect(found.body.stations.map((x: any) => x.id)).toEqual(['ty0195']);
    const cityTotal = await call(`${s.api}/staff/registry/stations?limit=1`, { token: city.token });
    expect(cityTotal.body.total).toBe(741);
    const mine = await call(`${s.api}/staff/registry/stations`, { token: keeper.token });
    expect(mine.body.stations.map((x: any) => x.id)).toEqual(['ty0205']);

    const refused = await patch(otherDistrict, 'ty0205', { name: '改名' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'STAFF_FORBIDDEN']);
    expect((await patch(keeper, 'ty0205', { name: '改名' })).status).toBe(403);
    expect((await call(`${s.api}/staff/stations/ty0316`, { token: district.token })).status).toBe(403);
    expect((await call(`${s.api}/staff/stations/ty9999`, { token: city.token })).status).toBe(404);
    const door = await call(`${s.api}/staff/stations/ty0205/doors`, {
      method: 'POST',
      token: otherDistrict.token,
      body: { name: '后门', hardware: 'controller' },
    });
    expect(door.status).toBe(403);
    const forbidden = (await auditRows(s, 'station.update')).filter((r) => r.outcome === 'forbidden');
    expect(forbidden.map((r) => [r.station_id, r.staff_id])).toEqual([
      ['ty0205', null],
      ['ty0205', null],
    ]);
  });
});

describe('audit chain', () => {
  it('answers the state audit:verify checks: intact, then the first edited row', async () => {
    const [{ n }] = await s.query<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log');
    const ok = await call(`${s.api}/staff/audit/verify`, { token: city.token });
    expect(ok.body).toEqual({ ok: true, rows: Number(n), firstBad: null });
    expect((await call(`${s.api}/staff/audit/verify`, { token: district.token })).status).toBe(403);
    await s.query("UPDATE audit_log SET action = 'edited' WHERE seq = 3");
    const bad = await call(`${s.api}/staff/audit/verify`, { token: city.token });
    expect(bad.body).toEqual({ ok: false, rows: 2, firstBad: { seq: 3, reason: 'its content does not match its hash (edited)' } });
  });
});
