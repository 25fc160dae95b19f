/**
 * The console's statistics (issue 15): GET /staff/stats counted by the database over Shanghai dates, within the
 * caller's scope; GET /staff/stats/export as CSV (BOM) and XLSX (read back with exceljs). The range is 2025-06-02
 * (Monday) .. 2025-06-04, in the past of any clock the server materialised sessions at. ty0195 and ty0205 are
 * stations of 迎泽区 (140106), hs01 its health station; X is a station of 杏花岭区 (140107).
 *
 * Visits (granted entries), hand-placed:
 *   E1, E2  A (环卫) ty0195  06-02 08:10, 08:40            -> Mon 8h (2)
 *   E3      B (外卖) ty0205  06-01 23:30 UTC = 06-03 07:30 -> Tue 7h: the next Shanghai day
 *   E4      B        X       06-03 16:00 UTC = 06-04 00:00 -> Wed 0h
 *   E5      C (erased later) ty0195 06-03 12:00          -> Tue 12h, occupation 已注销
 *   not counted: a refused entry 06-03 13:00; 06-01 23:59 and 06-05 00:00 (outside the range).
 * Alarms (raised, acknowledged after, resolved after; seconds): A1 ty0195 06-02 60/600; A2 ty0205 06-03 180/1200;
 *   A3 ty0195 06-03 120/-; A4 X 06-04 30/300; A5 ty0195 06-04 open.
 */
import ExcelJS from 'exceljs';
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, addSession, madeUpIdNumber, sh } from '../../support/booking';
import { registrationBody } from '../../support/registration';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';
import { consoleToken } from '../../support/console';

const TODAY = sh(2025, 6, 10, 10, 0);
const RANGE = 'from=2025-06-02&to=2025-06-04';
const got = (r: { status: number; body: any }) => [r.status, r.body?.error?.code ?? null];

let s: TestServer;
let city: TestStaff;
let district106: TestStaff;
let district107: TestStaff;
let keeper: TestStaff;
let clinic: TestStaff;
let X: { station: string; door: string };
const worker: Record<'A' | 'B' | 'C', { token: string; id: string }> = {} as never;

/** A worker of `occupation`, registered through the API. */
async function registered(n: number, occupation: string) {
  const token = await newSession(s.api);
  const r = await call(`${s.api}/workers`, {
    method: 'POST',
    token,
    body: registrationBody({ idNumber: madeUpIdNumber(n), phone: `1391000${String(n).padStart(4, '0')}`, name: '测试职工', occupation }),
  });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return { token, id: (await call(`${s.api}/me`, { token })).body.id as string };
}

let entrySeq = 0;
async function entry(workerId: string, stationId: string, atMs: number, outcome: 'granted' | 'refused' = 'granted') {
  const door = (await s.one<{ id: string }>('SELECT id FROM doors WHERE station_id = ? ORDER BY id LIMIT 1', stationId))!;
  await s.query(
    'INSERT INTO entries (id, worker_id, door_id, station_id, at, outcome) VALUES (?, ?, ?, ?, ?, ?)',
    `e_st_${++entrySeq}`,
    workerId,
    door.id,
    stationId,
    atMs,
    outcome,
  );
}

/** An alarm at `stationId` raised at `atMs`, acknowledged and resolved `ackS` / `resS` seconds later (null: not). */
async function alarm(stationId: string, atMs: number, ackS: number | null, resS: number | null) {
  s.clock.nowMs = atMs;
  const r = await call(`${s.api}/alerts`, { method: 'POST', token: await newSession(s.api), body: { stationId } });
  const id = r.body.alert.id;
  if (ackS !== null) {
    s.clock.nowMs = atMs + ackS * 1000;
    expect((await call(`${s.api}/staff/alerts/${id}/acknowledge`, { method: 'POST', token: city.token })).status).toBe(200);
  }
  if (resS !== null) {
    s.clock.nowMs = atMs + resS * 1000;
    const res = await call(`${s.api}/staff/alerts/${id}/resolve`, { method: 'POST', token: city.token, body: { note: '已处理' } });
    expect(res.status).toBe(200);
  }
}

let bookingSeq = 0;
async function bookingRow(workerId: string, slotId: string, sessionId: string, status: string) {
  await s.query(
    'INSERT INTO bookings (id, worker_id, slot_id, session_id, status, check_in_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    `b_st_${++bookingSeq}`,
    workerId,
    slotId,
    sessionId,
    status,
    `8800000${bookingSeq}`,
    sh(2025, 6, 1, 9),
  );
}

beforeAll(async () => {
  s = await startServer({ ...MANY_WORKERS_ENV, RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0' });
  s.clock.nowMs = TODAY;
  city = await staffMember(s, 'city');
  district106 = await staffMember(s, 'district', { districtCode: '140106' });
  district107 = await staffMember(s, 'district', { districtCode: '140107' });
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' });
  clinic = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
  const x = (await s.one<{ station: string; door: string }>(
    "SELECT s.id AS station, d.id AS door FROM stations s JOIN doors d ON d.station_id = s.id WHERE s.district_code = '140107' ORDER BY s.id, d.id LIMIT 1",
  ))!;
  X = x;
  worker.A = await registered(101, 'sanitation');
  worker.B = await registered(102, 'delivery');
  worker.C = await registered(103, 'courier');

  await entry(worker.A.id, 'ty0195', sh(2025, 6, 2, 8, 10));
  await entry(worker.A.id, 'ty0195', sh(2025, 6, 2, 8, 40));
  await entry(worker.B.id, 'ty0205', Date.UTC(2025, 5, 2, 23, 30));
  await entry(worker.B.id, X.station, Date.UTC(2025, 5, 3, 16, 0));
  await entry(worker.C.id, 'ty0195', sh(2025, 6, 3, 12, 0));
  await entry(worker.A.id, 'ty0195', sh(2025, 6, 3, 13, 0), 'refused');
  await entry(worker.A.id, 'ty0195', sh(2025, 6, 1, 23, 59));
  await entry(worker.A.id, 'ty0195', sh(2025, 6, 5, 0, 0));

  await alarm('ty0195', sh(2025, 6, 2, 10), 60, 600);
  await alarm('ty0205', sh(2025, 6, 3, 10), 180, 1200);
  await alarm('ty0195', sh(2025, 6, 3, 11), 120, null);
  await alarm(X.station, sh(2025, 6, 4, 9), 30, 300);
  await alarm('ty0195', sh(2025, 6, 4, 12), null, null);

  // hs01: a session on 06-03 with four bookings and a promotion; two on 06-04 cancelled (doctor absent, other).
  const one = await addSession(s, 'cs_st_1', '2025-06-03', sh(2025, 6, 3, 9), [2, 2]);
  await bookingRow(worker.A.id, one.slotIds[0], 'cs_st_1', 'checked_in');
  await bookingRow(worker.B.id, one.slotIds[0], 'cs_st_1', 'no_show');
  await bookingRow(worker.A.id, one.slotIds[1], 'cs_st_1', 'cancelled');
  await bookingRow(worker.B.id, one.slotIds[1], 'cs_st_1', 'booked');
  for (const [id, status] of [
    ['wl_st_1', 'promoted'],
    ['wl_st_2', 'expired'],
  ])
    await s.query(
      'INSERT INTO waitlist_entries (id, worker_id, slot_id, session_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      id,
      worker.B.id,
      one.slotIds[1],
      'cs_st_1',
      status,
      sh(2025, 6, 1, 9),
    );
  const two = await addSession(s, 'cs_st_2', '2025-06-04', sh(2025, 6, 4, 9), [2]);
  await bookingRow(worker.A.id, two.slotIds[0], 'cs_st_2', 'booked');
  await addSession(s, 'cs_st_3', '2025-06-04', sh(2025, 6, 4, 14), [2]);
  const late = await addSession(s, 'cs_st_4', '2025-06-06', sh(2025, 6, 6, 9), [2]);
  await bookingRow(worker.B.id, late.slotIds[0], 'cs_st_4', 'booked');
  s.clock.nowMs = sh(2025, 6, 2, 8);
  const cancel = (id: string, body?: unknown) =>
    call(`${s.api}/staff/clinic-sessions/${id}/cancel`, { method: 'POST', token: city.token, body });
  expect((await cancel('cs_st_2', { reason: 'doctor_absent' })).status).toBe(200);
  expect((await cancel('cs_st_3')).status).toBe(200);

  // C erases the account: the entry stays, anonymous.
  s.clock.nowMs = TODAY;
  expect((await call(`${s.api}/me`, { method: 'DELETE', token: worker.C.token })).status).toBe(200);
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = TODAY;
});

const stats = (token: string, q = RANGE) => call(`${s.api}/staff/stats?${q}`, { token });

describe('GET /staff/stats', () => {
  it('counts visits per Shanghai date (an entry at 23:30 UTC is the next day), district, station and occupation', async () => {
    const r = await stats(city.token);
    expect(got(r)).toEqual([200, null]);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const b = r.body;
    expect([b.from, b.to, b.districtCode]).toEqual(['2025-06-02', '2025-06-04', null]);
    expect(b.totals).toEqual({ visits: 5, workers: 2, erasedVisits: 1 });
    expect(b.daily).toEqual([
      { date: '2025-06-02', visits: 2, workers: 1 },
      { date: '2025-06-03', visits: 2, workers: 1 },
      { date: '2025-06-04', visits: 1, workers: 1 },
    ]);
    expect(b.byDistrict).toEqual([
      { districtCode: '140106', district: '迎泽区', visits: 4, workers: 2 },
      { districtCode: '140107', district: '杏花岭区', visits: 1, workers: 1 },
    ]);
    expect(b.byDistrictDay).toEqual([
      { date: '2025-06-02', districtCode: '140106', visits: 2 },
      { date: '2025-06-03', districtCode: '140106', visits: 2 },
      { date: '2025-06-04', districtCode: '140107', visits: 1 },
    ]);
    expect(b.byStation.map((x: any) => [x.stationId, x.visits, x.workers])).toEqual(
      [
        ['ty0195', 3, 1],
        [X.station, 1, 1],
        ['ty0205', 1, 1],
      ].sort((p, q) => (q[1] as number) - (p[1] as number) || String(p[0]).localeCompare(String(q[0]))),
    );
    expect(b.byOccupation).toEqual([
      { occupation: 'delivery', label: '外卖骑手', visits: 2, workers: 1 },
      { occupation: 'sanitation', label: '环卫工人', visits: 2, workers: 1 },
      { occupation: 'erased', label: '已注销', visits: 1, workers: 0 },
    ]);
  });

  it('fills the weekday x hour matrix by Shanghai time', async () => {
    expect((await stats(city.token)).body.peak).toEqual([
      { weekday: 1, hour: 8, visits: 2 },
      { weekday: 2, hour: 7, visits: 1 },
      { weekday: 2, hour: 12, visits: 1 },
      { weekday: 3, hour: 0, visits: 1 },
    ]);
  });

  it('counts health bookings by session date: booked, cancelled, checked in, no-shows, promotions, doctor absences', async () => {
    const h = (await stats(city.token)).body.health;
    expect(h.totals).toEqual({
      booked: 5,
      cancelled: 2,
      checkedIn: 1,
      noShows: 1,
      waitlistPromotions: 1,
      sessions: 3,
      sessionsCancelled: 2,
      doctorAbsences: 1,
    });
    expect(h.daily).toEqual([
      {
        date: '2025-06-03',
        booked: 4,
        cancelled: 1,
        checkedIn: 1,
        noShows: 1,
        waitlistPromotions: 1,
        sessions: 1,
        sessionsCancelled: 0,
        doctorAbsences: 0,
      },
      {
        date: '2025-06-04',
        booked: 1,
        cancelled: 1,
        checkedIn: 0,
        noShows: 0,
        waitlistPromotions: 0,
        sessions: 2,
        sessionsCancelled: 2,
        doctorAbsences: 1,
      },
    ]);
    expect(await s.query('SELECT id, cancel_reason FROM clinic_sessions WHERE id IN (?, ?) ORDER BY id', 'cs_st_2', 'cs_st_3')).toEqual([
      { id: 'cs_st_2', cancel_reason: 'doctor_absent' },
      { id: 'cs_st_3', cancel_reason: 'other' },
    ]);
  });

  it('gives alarm counts and nearest-rank median and 90th percentile response times per district and in all', async () => {
    const a = (await stats(city.token)).body.alarms;
    // 迎泽区 ack 60, 120, 180 -> median (rank 2) 120, p90 (rank 3) 180; resolve 600, 1200 -> rank 1, rank 2.
    expect(a.byDistrict).toEqual([
      {
        districtCode: '140106',
        district: '迎泽区',
        count: 4,
        acknowledged: 3,
        resolved: 2,
        ackMedianS: 120,
        ackP90S: 180,
        resolveMedianS: 600,
        resolveP90S: 1200,
      },
      {
        districtCode: '140107',
        district: '杏花岭区',
        count: 1,
        acknowledged: 1,
        resolved: 1,
        ackMedianS: 30,
        ackP90S: 30,
        resolveMedianS: 300,
        resolveP90S: 300,
      },
    ]);
    // All: ack 30, 60, 120, 180 -> rank 2 = 60, rank ceil(3.6) = 4 = 180; resolve 300, 600, 1200 -> 600, 1200.
    expect(a.total).toEqual({
      count: 5,
      acknowledged: 4,
      resolved: 3,
      ackMedianS: 60,
      ackP90S: 180,
      resolveMedianS: 600,
      resolveP90S: 1200,
    });
  });

  it('keeps every figure within the scope: a district, a keeper, a city admin choosing a district', async () => {
    const d107 = (await stats(district107.token)).body;
    expect(d107.totals).toEqual({ visits: 1, workers: 1, erasedVisits: 0 });
    expect(d107.byDistrict.map((x: any) => x.districtCode)).toEqual(['140107']);
    expect(d107.health.totals.booked).toBe(0);
    expect(d107.alarms.total.count).toBe(1);
    const d106 = (await stats(district106.token)).body;
    expect([d106.totals.visits, d106.health.totals.booked, d106.alarms.total.count]).toEqual([4, 5, 4]);
    const k = (await stats(keeper.token)).body;
    expect([k.totals.visits, k.byStation.map((x: any) => x.stationId), k.health.totals.booked, k.alarms.total.count]).toEqual([
      3,
      ['ty0195'],
      0,
      3,
    ]);
    const chosen = (await stats(city.token, `${RANGE}&districtCode=140107`)).body;
    expect([chosen.districtCode, chosen.totals.visits, chosen.alarms.total.count]).toEqual(['140107', 1, 1]);
    expect((await stats(district106.token, `${RANGE}&districtCode=140106`)).body.totals.visits).toBe(4);
  });

  it('refuses another district (403, audited), a district without stations to a city admin (404), clinics, bad ranges', async () => {
    const before = (await auditRows(s)).length;
    expect(got(await stats(district106.token, `${RANGE}&districtCode=140107`))).toEqual([403, 'STAFF_FORBIDDEN']);
    const refused = (await auditRows(s)).slice(before);
    expect(refused.map((x) => [x.action, x.outcome, x.target_type, x.target_id])).toEqual([
      ['stats.read', 'forbidden', 'district', '140107'],
    ]);
    expect(got(await stats(keeper.token, `${RANGE}&districtCode=140106`))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await stats(city.token, `${RANGE}&districtCode=999999`))).toEqual([404, 'NOT_FOUND']);
    expect(got(await stats(clinic.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await stats(city.token, 'from=2025-03-01&to=2025-06-04'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await stats(city.token, 'from=2025-06-04&to=2025-06-02'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await stats(city.token, 'from=2025-02-30'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/staff/stats`))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('defaults to the 30 days ending today, 92 days at most; a console session reads as its staff member', async () => {
    const r = await stats(await consoleToken(s, district107), '');
    expect([r.body.from, r.body.to, r.body.totals.visits]).toEqual(['2025-05-12', '2025-06-10', 1]);
    expect(got(await stats(city.token, 'from=2025-03-11&to=2025-06-10'))).toEqual([200, null]);
    const rows = await auditRows(s, 'stats.read');
    expect(rows.at(-1)).toMatchObject({ outcome: 'ok', staff_id: city.id, role: 'city' });
    expect(JSON.parse(rows.at(-1).detail)).toEqual({ from: '2025-03-11', to: '2025-06-10' });
  });
});

describe('GET /staff/stats/export', () => {
  const exported = (token: string, q: string) =>
    fetch(`${s.api}/staff/stats/export?${q}`, { headers: { authorization: `Bearer ${token}` } });

  it('writes a CSV with a BOM, each table under its title, aggregates only; audited as an export', async () => {
    const res = await exported(city.token, `${RANGE}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="yizhan-stats-2025-06-02_2025-06-04.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const tables = new Map(
      text
        .trimEnd()
        .split('\r\n\r\n')
        .map((block) => {
          const [title, ...rows] = block.split('\r\n');
          return [title, rows.map((r) => r.split(','))] as const;
        }),
    );
    expect(tables.get('每日进站')).toEqual([
      ['日期', '进站人次', '职工人数'],
      ['2025-06-02', '2', '1'],
      ['2025-06-03', '2', '1'],
      ['2025-06-04', '1', '1'],
    ]);
    expect(tables.get('按职业')!.slice(1)).toEqual([
      ['外卖骑手', '2', '1'],
      ['环卫工人', '2', '1'],
      ['已注销', '1', '0'],
    ]);
    expect(
      tables
        .get('各驿站每日进站')!
        .slice(1)
        .map((r) => [r[0], r[1], r[3]]),
    ).toEqual([
      ['2025-06-02', 'ty0195', '2'],
      ['2025-06-03', 'ty0195', '1'],
      ['2025-06-03', 'ty0205', '1'],
      ['2025-06-04', X.station, '1'],
    ]);
    // Minutes: 60 s = 1, 180 s = 3, 600 s = 10, 1200 s = 20.
    expect(tables.get('报警响应')!.at(-1)).toEqual(['合计', '5', '4', '3', '1', '3', '10', '20']);
    expect(tables.get('健康驿站预约')!.at(-1)).toEqual(['合计', '5', '2', '1', '1', '1', '3', '2', '1']);
    expect(tables.get('高峰时段')![1].slice(0, 10)).toEqual(['周一', '0', '0', '0', '0', '0', '0', '0', '0', '2']);
    expect(tables.get('汇总')!.slice(1, 2)).toEqual([['统计范围', '全市']]);
    // No names, phones or identity numbers of anyone.
    expect(text).not.toMatch(/测试职工|1391000|140106198/);
    const audit = (await auditRows(s, 'stats.export')).at(-1);
    expect(audit).toMatchObject({ outcome: 'ok', staff_id: city.id });
    expect(JSON.parse(audit.detail)).toMatchObject({ from: '2025-06-02', to: '2025-06-04', format: 'csv' });
  });

  it('writes an XLSX workbook, one sheet per table, that exceljs reads back', async () => {
    const res = await exported(district106.token, `${RANGE}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="yizhan-stats-2025-06-02_2025-06-04.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '每日进站',
      '各区县进站',
      '各区县每日进站',
      '各驿站进站',
      '各驿站每日进站',
      '按职业',
      '高峰时段',
      '健康驿站预约',
      '报警响应',
    ]);
    const rows = (name: string) => (wb.getWorksheet(name)!.getSheetValues() as any[]).slice(1).map((r) => r.slice(1));
    expect(rows('汇总')[1]).toEqual(['统计范围', '迎泽区']);
    expect(rows('每日进站')).toEqual([
      ['日期', '进站人次', '职工人数'],
      ['2025-06-02', 2, 1],
      ['2025-06-03', 2, 1],
    ]);
    expect(rows('各区县进站')).toEqual([
      ['区县代码', '区县', '进站人次', '职工人数'],
      ['140106', '迎泽区', 4, 2],
    ]);
    expect(wb.getWorksheet('高峰时段')!.getCell('J2').value).toBe(2);
    expect(rows('报警响应').at(-1)).toEqual(['合计', 4, 3, 2, 2, 3, 10, 20]);
  });

  it('keeps the export within the scope and refuses the same as the statistics', async () => {
    expect((await exported(district106.token, `${RANGE}&districtCode=140107`)).status).toBe(403);
    expect((await exported(clinic.token, RANGE)).status).toBe(403);
    expect((await exported(city.token, `${RANGE}&format=pdf`)).status).toBe(400);
    const res = await exported(keeper.token, `${RANGE}&format=csv`);
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    expect(text).toContain('统计范围,驿站 ty0195');
    expect(text).not.toContain('ty0205');
  });
});
