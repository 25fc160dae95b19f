/**
 * Station reports (issue 13): a keeper reports a fault or supplies running out, with an optional photo kept in the
 * database (at most 2 MiB, its magic bytes matching its type); the station's district staff are told through the
 * notifier; staff in scope list and resolve them. ty0195 and ty0205 are stations of 迎泽区 (140106).
 */
import { startServer, call, type TestServer } from '../../support/server';
import { sh } from '../../support/booking';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';

const T0 = sh(2026, 12, 1, 10, 0);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-test-bytes')]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

let s: TestServer;
let keeper: TestStaff;
let keeper205: TestStaff;
let district: TestStaff;
let otherDistrict: TestStaff;
const report = (body: unknown, token = keeper.token, id = 'ty0195') =>
  call(`${s.api}/staff/stations/${id}/reports`, { method: 'POST', token, body });

beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0', RATE_STAFF_REPORT_MAX: '5' });
  s.clock.nowMs = T0;
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' }, { displayName: '王师傅' });
  keeper205 = await staffMember(s, 'keeper', { stationId: 'ty0205' });
  district = await staffMember(s, 'district', { districtCode: '140106' }, { displayName: '赵科长' });
  otherDistrict = await staffMember(s, 'district', { districtCode: '140107' });
});
afterAll(async () => s.close());

it('a report with a photo: stored, answered, the photo served back byte for byte, the district told (not the keeper)', async () => {
  s.clock.nowMs = T0;
  const r = await report({ kind: 'hot_water', note: ' 热水器不出热水 ', photo: { mime: 'image/jpeg', base64: JPEG.toString('base64') } });
  expect(r.status).toBe(201);
  expect(r.body).toEqual({
    report: {
      id: expect.any(String),
      station: { id: 'ty0195', name: '五一广场智慧爱心驿站' },
      kind: 'hot_water',
      note: '热水器不出热水',
      hasPhoto: true,
      state: 'open',
      createdAt: '2026-12-01T10:00:00+08:00',
      createdBy: { staffId: keeper.id, name: '王师傅' },
      resolved: null,
    },
  });
  const id = r.body.report.id;
  const photo = await fetch(`${s.api}/staff/reports/${id}/photo`, { headers: { authorization: `Bearer ${district.token}` } });
  expect([photo.status, photo.headers.get('content-type'), photo.headers.get('cache-control')]).toEqual([200, 'image/jpeg', 'no-store']);
  expect(Buffer.from(await photo.arrayBuffer()).equals(JPEG)).toBe(true);
  const told = await s.query("SELECT staff_id, level, status FROM staff_notices WHERE kind = 'station_report' AND ref_id = ?", id);
  expect(told).toEqual([{ staff_id: district.id, level: 1, status: 'sent' }]);
  const audit = (await auditRows(s, 'report.create')).pop();
  expect([audit.staff_id, audit.target_id, audit.station_id, JSON.parse(audit.detail)]).toEqual([
    keeper.id,
    id,
    'ty0195',
    { kind: 'hot_water', hasPhoto: true, told: 1 },
  ]);
});

it('refuses a photo that is not what it claims, over 2 MiB, or not base64; a note for other; no photo is fine', async () => {
  const code = async (body: unknown) => {
    s.clock.nowMs = (s.clock.nowMs ?? T0) + 1000; // one second apart: the list is by time
    const r = await report(body);
    return [r.status, r.body.error?.code ?? null, r.body.error?.details?.reason ?? r.body.error?.details?.fields ?? null];
  };
  expect(await code({ kind: 'umbrella', photo: { mime: 'image/png', base64: JPEG.toString('base64') } })).toEqual([
    400,
    'PHOTO_INVALID',
    'type',
  ]);
  expect(await code({ kind: 'umbrella', photo: { mime: 'image/jpeg', base64: '####' } })).toEqual([400, 'PHOTO_INVALID', 'base64']);
  // 2 MiB + 1 byte, a genuine JPEG start: refused for its size (the route takes the 2.8 MiB body).
  const big = Buffer.concat([JPEG, Buffer.alloc(2 * 1024 * 1024 + 1 - JPEG.length)]);
  expect(await code({ kind: 'umbrella', photo: { mime: 'image/jpeg', base64: big.toString('base64') } })).toEqual([
    400,
    'PHOTO_INVALID',
    'size',
  ]);
  // Exactly 2 MiB is taken.
  const max = Buffer.concat([WEBP, Buffer.alloc(2 * 1024 * 1024 - WEBP.length)]);
  expect(await code({ kind: 'umbrella', photo: { mime: 'image/webp', base64: max.toString('base64') } })).toEqual([201, null, null]);
  expect(await code({ kind: 'other', note: ' 门 ' })).toEqual([400, 'VALIDATION_FAILED', ['note']]);
  expect(await code({ kind: 'other', note: '门把手松了' })).toEqual([201, null, null]);
  expect(await code({ kind: 'medicine_box' })).toEqual([201, null, null]);
});

it('lists in scope, newest first; resolving once, by someone in scope', async () => {
  s.clock.nowMs = T0 + 60_000; // after the attempts above (one second apart from T0)
  const other = await report({ kind: 'charger', note: '充电线坏了' }, keeper205.token, 'ty0205');
  expect(other.status).toBe(201);
  const ids = async (token: string, q = '') =>
    (await call(`${s.api}/staff/reports${q}`, { token })).body.reports.map((x: any) => x.station.id);
  expect(await ids(keeper205.token)).toEqual(['ty0205']);
  expect(await ids(otherDistrict.token)).toEqual([]);
  const mine = (await call(`${s.api}/staff/reports`, { token: keeper.token })).body.reports;
  expect(mine.map((x: any) => x.kind)).toEqual(['medicine_box', 'other', 'umbrella', 'hot_water']);
  expect((await ids(district.token)).slice(0, 2)).toEqual(['ty0205', 'ty0195']);
  const outOfScope = await call(`${s.api}/staff/reports?stationId=ty0195`, { token: keeper205.token });
  expect([outOfScope.status, outOfScope.body.error.code]).toEqual([403, 'STAFF_FORBIDDEN']);

  s.clock.nowMs = T0 + 120_000;
  const done = await call(`${s.api}/staff/reports/${other.body.report.id}/resolve`, {
    method: 'POST',
    token: district.token,
    body: { note: ' 已换新线 ' },
  });
  expect([done.status, done.body.report.state, done.body.report.resolved]).toEqual([
    200,
    'resolved',
    { at: '2026-12-01T10:02:00+08:00', staffId: district.id, name: '赵科长', note: '已换新线' },
  ]);
  expect(await ids(keeper205.token, '?state=open')).toEqual([]);
  expect(await ids(keeper205.token, '?state=resolved')).toEqual(['ty0205']);
  const refused = await call(`${s.api}/staff/reports/${other.body.report.id}/resolve`, {
    method: 'POST',
    token: keeper.token,
    body: { note: 'x' },
  });
  expect([refused.status, refused.body.error.code]).toEqual([403, 'STAFF_FORBIDDEN']);
  expect((await auditRows(s, 'report.resolve')).map((x) => [x.staff_id, x.outcome])).toEqual([
    [district.id, 'ok'],
    [null, 'forbidden'],
  ]);
});

it('a report without a photo has none to serve (404), and the sixth report in a window is refused (5 here)', async () => {
  const none = (await call(`${s.api}/staff/reports?stationId=ty0195&state=open`, { token: keeper.token })).body.reports[0];
  expect(none.hasPhoto).toBe(false);
  const r = await call(`${s.api}/staff/reports/${none.id}/photo`, { token: keeper.token });
  expect([r.status, r.body.error.code]).toEqual([404, 'NOT_FOUND']);
  // Four made so far by this keeper (hot_water, umbrella, other, medicine_box): refused ones are not counted.
  const made = (await s.query('SELECT count(*) AS n FROM station_reports WHERE created_by = ?', keeper.id))[0] as { n: number };
  expect(Number(made.n)).toBe(4);
  expect((await report({ kind: 'microwave' })).status).toBe(201);
  const limited = await report({ kind: 'microwave' });
  expect([limited.status, limited.body.error.code, limited.body.error.details.scope]).toEqual([429, 'RATE_LIMITED', 'staff']);
});
