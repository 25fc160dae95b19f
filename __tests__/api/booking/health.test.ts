/**
 * GET /health-stations and GET /health-stations/{id}/slots against the real server. Expected slots are worked
 * out from the committed weekly templates (mock/seed/data/health-stations.json): 解南 (hs01) holds exactly one
 * Thursday session, 李振宇 (主任医师, 全科) 09:00-12:00 in 30-minute slots of capacity 1.
 */
import { startServer, call, type TestServer } from '../../support/server';
import { staffMember } from '../../support/staff';
import { addDays, shanghaiDate, weekdayOf } from '@/rules/time';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());
afterEach(() => {
  s.clock.nowMs = null;
});

/** Slots are materialised for today and the next 7 days (Shanghai) when the server starts. */
const today = shanghaiDate(Date.now());
const thursday = [1, 2, 3, 4, 5, 6, 7].map((i) => addDays(today, i)).find((d) => weekdayOf(d) === 4)!;

describe('GET /health-stations', () => {
  it('lists the three open health stations with doctors and the two opening soon without', async () => {
    const r = await call(`${s.api}/health-stations`);
    expect(r.status).toBe(200);
    const summary = r.body.stations.map((h: { id: string; name: string; status: string; doctors: unknown[] }) => [
      h.id,
      h.name,
      h.status,
      h.doctors.length,
    ]);
    expect(summary).toEqual([
      ['hs01', '解南社区卫生服务中心职工健康驿站', 'open', 4],
      ['hs02', '坝陵桥社区卫生服务中心职工健康驿站', 'open', 5],
      ['hs03', '下元社区卫生服务中心职工健康驿站', 'open', 3],
      ['hs04', '龙城社区卫生服务中心职工健康驿站', 'opening_soon', 0],
      ['hs05', '迎新街社区卫生服务中心职工健康驿站', 'opening_soon', 0],
    ]);
    expect(r.body.stations[0].doctors[0]).toEqual({
      id: 'doc001',
      name: '李振宇',
      title: '主任医师',
      specialty: '全科',
      hospital: '山西省人民医院',
    });
  });

  it('offers today and the next 7 days, counted in Shanghai time', async () => {
    // 01:30 in Shanghai is still the previous day in UTC (17:30 on 15 March).
    s.clock.nowMs = Date.parse('2026-03-16T01:30:00+08:00');
    const r = await call(`${s.api}/health-stations`);
    expect(r.body.bookableDates).toEqual([
      '2026-03-16',
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
      '2026-03-21',
      '2026-03-22',
      '2026-03-23',
    ]);
  });
});

describe('GET /health-stations: the booking rules of this deployment', () => {
  it('are the issue-6 defaults when nothing is configured', async () => {
    expect((await call(`${s.api}/health-stations`)).body.policy).toEqual({
      releaseDaysAhead: 7,
      releaseTime: '08:00',
      maxUpcoming: 2,
      cancelBeforeMin: 120,
      checkInOpensBeforeMin: 30,
      noShowLimit: 3,
      noShowWindowDays: 90,
      blockDays: 30,
    });
  });

  it('follow the BOOKING_* settings, so the app states and checks the same rules', async () => {
    const other = await startServer({ BOOKING_MAX_UPCOMING: '3', BOOKING_CANCEL_BEFORE_MIN: '60' });
    try {
      expect((await call(`${other.api}/health-stations`)).body.policy).toMatchObject({ maxUpcoming: 3, cancelBeforeMin: 60 });
    } finally {
      await other.close();
    }
  });
});

describe('GET /health-stations/{id}/slots', () => {
  it('answers the Thursday session of 解南 with six 30-minute slots of one place each', async () => {
    const r = await call(`${s.api}/health-stations/hs01/slots?date=${thursday}`);
    expect(r.status).toBe(200);
    expect(r.body.date).toBe(thursday);
    expect(r.body.sessions).toHaveLength(1);
    const [session] = r.body.sessions;
    expect(session).toMatchObject({
      status: 'scheduled',
      startsAt: `${thursday}T09:00:00+08:00`,
      endsAt: `${thursday}T12:00:00+08:00`,
      doctor: { id: 'doc001', name: '李振宇', title: '主任医师', specialty: '全科' },
    });
    const starts = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];
    const ends = ['09:30', '10:00', '10:30', '11:00', '11:30', '12:00'];
    expect(
      session.slots.map((x: { startsAt: string; endsAt: string; capacity: number; remaining: number }) => [
        x.startsAt,
        x.endsAt,
        x.capacity,
        x.remaining,
      ]),
    ).toEqual(starts.map((t, i) => [`${thursday}T${t}:00+08:00`, `${thursday}T${ends[i]}:00+08:00`, 1, 1]));
  });

  it('answers no sessions for a health station that is opening soon, or a date beyond the window', async () => {
    const soon = await call(`${s.api}/health-stations/hs04/slots?date=${thursday}`);
    expect(soon.status).toBe(200);
    expect(soon.body).toMatchObject({ date: thursday, sessions: [] });
    const later = addDays(thursday, 28);
    expect((await call(`${s.api}/health-stations/hs01/slots?date=${later}`)).body).toMatchObject({ date: later, sessions: [] });
  });

  it('defaults to today (Shanghai) without a date', async () => {
    const r = await call(`${s.api}/health-stations/hs01/slots`);
    expect(r.status).toBe(200);
    expect(r.body.date).toBe(shanghaiDate(Date.now()));
  });

  it.each([
    ['not a calendar date', '2026-02-30'],
    ['slashes', '2026/12/01'],
    ['no leading zeros', '2026-1-5'],
    ['a word', 'tomorrow'],
  ])('answers 400 VALIDATION_FAILED with the expected format for %s', async (_label, date) => {
    const r = await call(`${s.api}/health-stations/hs01/slots?date=${encodeURIComponent(date)}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: '日期格式应为 YYYY-MM-DD，例如 2026-12-01' } });
  });

  it('answers 400 VALIDATION_FAILED for an overlong date', async () => {
    const r = await call(`${s.api}/health-stations/hs01/slots?date=2026-12-011`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });
});

// Last: it cancels a session for good.
describe('GET /health-stations: days with a doctor in', () => {
  it("drops a day once its sessions are over: 解南's Thursday (09:00-12:00) is there at 11:59, gone at 12:00", async () => {
    const at = (hhmm: string) => Date.parse(`${thursday}T${hhmm}:00+08:00`);
    const hs01 = async () =>
      (await call(`${s.api}/health-stations`)).body.stations.find((h: { id: string }) => h.id === 'hs01').sessionDates;
    s.clock.nowMs = at('11:59');
    expect(await hs01()).toContain(thursday);
    s.clock.nowMs = at('12:00');
    expect(await hs01()).not.toContain(thursday);
  });

  it("marks each station's days with a doctor in (its weekly templates), and drops a day whose only session is cancelled", async () => {
    // Weekdays (1 = Monday) of the templates in mock/seed/data/health-stations.json: 解南 Tue-Sat,
    // 坝陵桥 Mon/Tue/Wed/Fri/Sat, 下元 Mon/Thu/Fri/Sat; the two opening soon have none.
    // At midnight, so none of today's sessions is over yet.
    s.clock.nowMs = Date.parse(`${today}T00:00:00+08:00`);
    const window = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => addDays(today, i));
    const on = (weekdays: number[]) => window.filter((d) => weekdays.includes(weekdayOf(d)));
    const r = await call(`${s.api}/health-stations`);
    expect(Object.fromEntries(r.body.stations.map((h: { id: string; sessionDates: string[] }) => [h.id, h.sessionDates]))).toEqual({
      hs01: on([2, 3, 4, 5, 6]),
      hs02: on([1, 2, 3, 5, 6]),
      hs03: on([1, 4, 5, 6]),
      hs04: [],
      hs05: [],
    });
    const [thursdaySession] = (await call(`${s.api}/health-stations/hs01/slots?date=${thursday}`)).body.sessions;
    const { token } = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
    const cancel = await call(`${s.api}/staff/clinic-sessions/${thursdaySession.id}/cancel`, { method: 'POST', token });
    expect(cancel.status).toBe(200);
    const after = (await call(`${s.api}/health-stations`)).body.stations.find((h: { id: string }) => h.id === 'hs01');
    expect(after.sessionDates).toEqual(on([2, 3, 4, 5, 6]).filter((d) => d !== thursday));
  });
});
