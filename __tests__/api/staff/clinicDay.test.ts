/**
 * The clinic staff's side of issue 13 on the backend: the day at a health station (GET
 * /staff/health-stations/{id}/day) with masked workers, check-ins and the no-shows by the scheduler's rule, and
 * "mark a doctor absent for a session" (POST /staff/clinic-sessions/{id}/cancel, reason doctor_absent): bookings
 * cancelled by the station, each worker told, never counted against them, the waitlist cleared, an audit row with
 * the reason, and the day showing it all. NO_SHOW_LIMIT=1 here, so a single no-show that did count blocks booking.
 * The scheduler is run by hand at chosen times (SCHEDULER_INTERVAL_S=0); the days read are a Sunday and Mondays, on
 * which hs01's weekly templates put no session, so each day holds only this file's sessions.
 */
import { startServer, call, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, addSession, book, registeredWorker, sh } from '../../support/booking';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';
import { runScheduler } from '../../../mock/src/features/booking/scheduler';
import type { Notice, Notifier } from '../../../mock/src/core/notifier';

let s: TestServer;
let clinic: TestStaff;
let n = 100;
/** A registered worker; worker `n` has phone 139 + the last 8 digits of 10,000,000 + n (n = 100: 13910000100). */
const worker = () => registeredWorker(s.api, n++);
const day = (query = '?date=2026-12-06', token = clinic.token) => call(`${s.api}/staff/health-stations/hs01/day${query}`, { token });
const cancelSession = (id: string, reason = 'doctor_absent') =>
  call(`${s.api}/staff/clinic-sessions/${id}/cancel`, { method: 'POST', token: clinic.token, body: { reason } });

/** A notifier that records what it was asked to send. */
function recorder(): Notifier & { sent: Notice[] } {
  const sent: Notice[] = [];
  return { name: 'test', sent, send: async (x) => void sent.push(x) };
}

beforeAll(async () => {
  s = await startServer({ ...MANY_WORKERS_ENV, RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0', NO_SHOW_LIMIT: '1' });
  s.clock.nowMs = sh(2026, 12, 1, 10, 0);
  clinic = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
});
afterAll(async () => s.close());

describe('the day at a health station', () => {
  // 2026-12-06: session A 09:00-10:00 with 李振宇 (slots 09:00 for 2, 09:30 for 1), session B 14:00-14:30 with 陈宏伟.
  const booking: Record<string, { id: string; checkInCode: string }> = {};
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    const a = await addSession(s, 'cs_day_a', '2026-12-06', sh(2026, 12, 6, 9), [2, 1]);
    const b = await addSession(s, 'cs_day_b', '2026-12-06', sh(2026, 12, 6, 14), [1]);
    await s.query("UPDATE clinic_sessions SET doctor_id = 'doc002' WHERE id = 'cs_day_b'");
    // Workers 100..106, one booking a minute from 2026-12-01 10:00 (the booking time orders a slot's bookings).
    const steps: [string, string, boolean?][] = [
      ['w1', a.slotIds[0]],
      ['w2', a.slotIds[0]],
      ['w3', a.slotIds[1]],
      ['w4', a.slotIds[1]],
      ['w5', a.slotIds[1], true],
      ['w6', b.slotIds[0]],
      ['w7', b.slotIds[0], true],
    ];
    for (const [k, [who, slot, waitlist]] of steps.entries()) {
      s.clock.nowMs = sh(2026, 12, 1, 10, k);
      tokens[who] = await worker();
      if (who === 'w4') {
        // w3 cancels their 09:30 place themselves, and w4 takes it.
        const r = await call(`${s.api}/bookings/${booking.w3.id}/cancel`, { method: 'POST', token: tokens.w3 });
        expect([r.status, r.body.cancelledBy]).toEqual([200, 'worker']);
      }
      const r = await book(s, tokens[who], slot, waitlist ? { waitlistIfFull: true } : {});
      expect([who, r.status]).toEqual([who, waitlist ? 202 : 201]);
      booking[who] = r.body;
    }
    await s.query("UPDATE workers SET name = '张三' WHERE id = (SELECT worker_id FROM bookings WHERE id = ?)", booking.w1.id);
    await s.query("UPDATE workers SET name = '欧阳娜娜' WHERE id = (SELECT worker_id FROM bookings WHERE id = ?)", booking.w2.id);
  });

  const masked = (name: string, phone: string) => ({ maskedName: name, maskedPhone: phone });
  const row = (who: string, startsAt: string, endsAt: string, worker: object, status: string, extra: object = {}) => ({
    id: booking[who].id,
    startsAt,
    endsAt,
    worker,
    status,
    checkedInAt: null,
    cancelledBy: null,
    ...extra,
  });
  const W1 = masked('张*', '139****0100');
  const W2 = masked('欧***', '139****0101');
  const W3 = masked('测***', '139****0102');
  const W4 = masked('测***', '139****0103');
  const W6 = masked('测***', '139****0105');
  const doctorA = { id: 'doc001', name: '李振宇', title: '主任医师', specialty: '全科' };
  const doctorB = { id: 'doc002', name: '陈宏伟', title: '主治医师', specialty: '呼吸内科' };

  it('in the morning: every session by start, its places and bookings (workers masked, no check-in code)', async () => {
    s.clock.nowMs = sh(2026, 12, 6, 8, 0);
    const r = await day('');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toEqual({
      date: '2026-12-06',
      healthStation: { id: 'hs01', name: '解南社区卫生服务中心职工健康驿站' },
      sessions: [
        {
          id: 'cs_day_a',
          status: 'scheduled',
          startsAt: '2026-12-06T09:00:00+08:00',
          endsAt: '2026-12-06T10:00:00+08:00',
          doctor: doctorA,
          capacity: 3,
          booked: 3,
          checkedIn: 0,
          waiting: 1,
          bookings: [
            row('w1', '2026-12-06T09:00:00+08:00', '2026-12-06T09:30:00+08:00', W1, 'booked'),
            row('w2', '2026-12-06T09:00:00+08:00', '2026-12-06T09:30:00+08:00', W2, 'booked'),
            row('w3', '2026-12-06T09:30:00+08:00', '2026-12-06T10:00:00+08:00', W3, 'cancelled', { cancelledBy: 'worker' }),
            row('w4', '2026-12-06T09:30:00+08:00', '2026-12-06T10:00:00+08:00', W4, 'booked'),
          ],
        },
        {
          id: 'cs_day_b',
          status: 'scheduled',
          startsAt: '2026-12-06T14:00:00+08:00',
          endsAt: '2026-12-06T14:30:00+08:00',
          doctor: doctorB,
          capacity: 1,
          booked: 1,
          checkedIn: 0,
          waiting: 1,
          bookings: [row('w6', '2026-12-06T14:00:00+08:00', '2026-12-06T14:30:00+08:00', W6, 'booked')],
        },
      ],
      noShows: [],
    });
    const text = JSON.stringify(r.body);
    for (const who of ['w1', 'w2', 'w4', 'w6']) expect(text).not.toContain(booking[who].checkInCode);
    expect(text).not.toContain('1391000');
    // The read is audited, with the day and the number of bookings shown.
    const audit = (await auditRows(s, 'clinic.day')).at(-1);
    expect([audit.staff_id, audit.outcome, audit.target_type, audit.target_id, audit.station_id, JSON.parse(audit.detail)]).toEqual([
      clinic.id,
      'ok',
      'health_station',
      'hs01',
      'hs01',
      { date: '2026-12-06', bookings: 5 },
    ]);
  });

  it('a check-in by typed digits shows as checked in with its time; a booking not checked in by its end is a no-show', async () => {
    s.clock.nowMs = sh(2026, 12, 6, 8, 45);
    const code = booking.w1.checkInCode;
    const ci = await call(`${s.api}/staff/health-stations/hs01/check-ins`, {
      method: 'POST',
      token: clinic.token,
      body: { code: `${code.slice(0, 4)} ${code.slice(4)}` },
    });
    expect([ci.status, ci.body.alreadyCheckedIn]).toEqual([200, false]);
    // 09:40: the 09:00 slot ended at 09:30 (w2 a no-show, though no scheduler pass marked it yet); the 09:30 slot
    // has started, so its waiting place (w5) can no longer be served.
    s.clock.nowMs = sh(2026, 12, 6, 9, 40);
    const r = await day();
    const a = r.body.sessions[0];
    expect([a.booked, a.checkedIn, a.waiting]).toEqual([3, 1, 0]);
    expect(a.bookings.map((b: { status: string; checkedInAt: string | null }) => [b.status, b.checkedInAt])).toEqual([
      ['checked_in', '2026-12-06T08:45:00+08:00'],
      ['no_show', null],
      ['cancelled', null],
      ['booked', null],
    ]);
    expect(r.body.noShows).toEqual([
      { bookingId: booking.w2.id, sessionId: 'cs_day_a', startsAt: '2026-12-06T09:00:00+08:00', doctorName: '李振宇', worker: W2 },
    ]);
    // The scheduler's pass marks the same booking, and nothing else: the day does not change.
    const pass = await runScheduler(s.ctx, sh(2026, 12, 6, 9, 40), recorder());
    expect(pass.noShows).toBe(1);
    expect((await day()).body).toEqual(r.body);
  });

  it('a doctor absent: session B cancelled, its booking cancelled by the station, the waitlist cleared, the reason audited', async () => {
    s.clock.nowMs = sh(2026, 12, 6, 10, 0);
    const r = await cancelSession('cs_day_b');
    expect([r.status, r.body]).toEqual([200, { bookingsCancelled: 1, waitlistCancelled: 1 }]);
    const audit = (await auditRows(s, 'session.cancel')).at(-1);
    expect([audit.staff_id, audit.target_id, audit.station_id, JSON.parse(audit.detail)]).toEqual([
      clinic.id,
      'cs_day_b',
      'hs01',
      { reason: 'doctor_absent', bookingsCancelled: 1, waitlistCancelled: 1 },
    ]);
    expect(await s.query('SELECT status FROM waitlist_entries WHERE id = ?', booking.w7.id)).toEqual([{ status: 'cancelled' }]);
    const b = (await day()).body.sessions[1];
    expect(b).toEqual({
      id: 'cs_day_b',
      status: 'cancelled',
      startsAt: '2026-12-06T14:00:00+08:00',
      endsAt: '2026-12-06T14:30:00+08:00',
      doctor: doctorB,
      capacity: 1,
      booked: 0,
      checkedIn: 0,
      waiting: 0,
      bookings: [row('w6', '2026-12-06T14:00:00+08:00', '2026-12-06T14:30:00+08:00', W6, 'cancelled', { cancelledBy: 'station' })],
    });
    // Each worker is told: the booked one and the waiting one.
    const notifier = recorder();
    await runScheduler(s.ctx, sh(2026, 12, 6, 10, 1), notifier);
    expect(
      notifier.sent
        .filter((x) => x.kind === 'session_cancelled')
        .map((x) => [x.kind, 'doctorName' in x && x.doctorName, 'startsAt' in x && x.startsAt]),
    ).toEqual([
      ['session_cancelled', '陈宏伟', sh(2026, 12, 6, 14)],
      ['session_cancelled', '陈宏伟', sh(2026, 12, 6, 14)],
    ]);
  });

  it('never counted against them: after the slot ends, the worker of the cancelled session may still book (the no-show is blocked)', async () => {
    // 14:30 passed: the scheduler marks no-shows; B's booking stays cancelled by the station.
    await runScheduler(s.ctx, sh(2026, 12, 6, 15, 0), recorder());
    s.clock.nowMs = sh(2026, 12, 6, 15, 0);
    const r = (await day()).body;
    expect(r.sessions[1].bookings.map((b: { status: string; cancelledBy: string }) => [b.status, b.cancelledBy])).toEqual([
      ['cancelled', 'station'],
    ]);
    expect(r.noShows.map((x: { bookingId: string }) => x.bookingId)).toEqual([booking.w2.id, booking.w4.id]);
    const later = await addSession(s, 'cs_day_later', '2026-12-08', sh(2026, 12, 8, 9), [5]);
    expect((await book(s, tokens.w6, later.slotIds[0])).status).toBe(201);
    expect((await book(s, tokens.w7, later.slotIds[0])).status).toBe(201);
    // The control: one no-show that does count blocks (NO_SHOW_LIMIT=1) until 30 days after its slot's end.
    const blocked = await book(s, tokens.w2, later.slotIds[0]);
    expect([blocked.status, blocked.body.error.code, blocked.body.error.details.blockedUntil]).toEqual([
      403,
      'BOOKING_BLOCKED',
      '2027-01-05T09:30:00+08:00',
    ]);
  });
});

describe('the day: dates, erased accounts, a doctor found absent only after the slot', () => {
  it('defaults to today (Shanghai) and answers an empty day', async () => {
    // 2026-12-05 23:30 UTC is 2026-12-06 07:30 in Shanghai.
    s.clock.nowMs = Date.UTC(2026, 11, 5, 23, 30);
    expect((await day('')).body.date).toBe('2026-12-06');
    const empty = await day('?date=2026-11-20');
    expect([empty.status, empty.body.sessions, empty.body.noShows]).toEqual([200, [], []]);
  });

  it('shows a booking whose account was erased as 已注销 with no phone', async () => {
    s.clock.nowMs = sh(2026, 12, 1, 12, 0);
    const f = await addSession(s, 'cs_day_erased', '2026-11-30', sh(2026, 11, 30, 9), [1]);
    await s.query(
      "INSERT INTO bookings (id, worker_id, slot_id, session_id, status, check_in_code, created_at, checked_in_at) VALUES ('b_day_erased', NULL, ?, ?, 'checked_in', '90000099', ?, ?)",
      f.slotIds[0],
      f.sessionId,
      sh(2026, 11, 25, 9),
      sh(2026, 11, 30, 8, 50),
    );
    const r = await day('?date=2026-11-30');
    expect(r.body.sessions[0].bookings).toEqual([
      {
        id: 'b_day_erased',
        startsAt: '2026-11-30T09:00:00+08:00',
        endsAt: '2026-11-30T09:30:00+08:00',
        worker: { maskedName: '已注销', maskedPhone: null },
        status: 'checked_in',
        checkedInAt: '2026-11-30T08:50:00+08:00',
        cancelledBy: null,
      },
    ]);
    expect(JSON.stringify(r.body)).not.toContain('90000099');
  });

  it('a doctor marked absent after the slot ended and the scheduler counted a no-show: the no-show is taken back', async () => {
    s.clock.nowMs = sh(2026, 12, 1, 12, 0);
    const f = await addSession(s, 'cs_day_late', '2026-12-07', sh(2026, 12, 7, 9), [1]);
    const token = await worker();
    const b = (await book(s, token, f.slotIds[0])).body;
    // The slot ends at 09:30; the scheduler marks the no-show. At 11:00 the clinic learns the doctor never came.
    await runScheduler(s.ctx, sh(2026, 12, 7, 9, 30), recorder());
    expect(await s.query('SELECT status FROM bookings WHERE id = ?', b.id)).toEqual([{ status: 'no_show' }]);
    s.clock.nowMs = sh(2026, 12, 7, 11, 0);
    const r = await cancelSession('cs_day_late');
    expect([r.status, r.body]).toEqual([200, { bookingsCancelled: 1, waitlistCancelled: 0 }]);
    const d = (await day('?date=2026-12-07')).body;
    expect(d.sessions[0].bookings.map((x: { status: string; cancelledBy: string }) => [x.status, x.cancelledBy])).toEqual([
      ['cancelled', 'station'],
    ]);
    expect(d.noShows).toEqual([]);
    expect(await s.query('SELECT no_show_at AS "noShowAt" FROM bookings WHERE id = ?', b.id)).toEqual([{ noShowAt: null }]);
    // Not counted: with NO_SHOW_LIMIT=1 a counted no-show would block this booking.
    const later = await addSession(s, 'cs_day_late2', '2026-12-09', sh(2026, 12, 9, 9), [1]);
    expect((await book(s, token, later.slotIds[0])).status).toBe(201);
  });
});
