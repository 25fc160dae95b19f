/**
 * After booking: staff check-in (by role and scope), no-shows and the 30-day block, a station cancelling a session,
 * and the reminder outbox sent by the scheduler through a notifier. The scheduler is driven by calling
 * runScheduler with hand-picked times (the server's own timer is off: SCHEDULER_INTERVAL_S=0).
 */
import { startServer, call, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, addSession, book, bookedCount, registeredWorker, sh } from '../../support/booking';
import { staffMember, type TestStaff } from '../../support/staff';
import { runScheduler } from '../../../mock/src/features/booking/scheduler';
import { NotifyError, type Notice, type Notifier } from '../../../mock/src/core/notifier';

let s: TestServer;
let n = 100;
const worker = () => registeredWorker(s.api, n++);
/** A clinic staff member of hs01, and a city admin (who reaches every health station). */
let clinic: TestStaff;
let city: TestStaff;
const checkIn = (station: string, code: string, token: string | undefined = clinic.token) =>
  call(`${s.api}/staff/health-stations/${station}/check-ins`, { method: 'POST', body: { code }, token });

/** A notifier that records what it was asked to send; `fail` makes it throw. */
function recorder(fail?: NotifyError): Notifier & { sent: Notice[] } {
  const sent: Notice[] = [];
  return {
    name: 'test',
    sent,
    send: async (x) => {
      if (fail) throw fail;
      sent.push(x);
    },
  };
}
const outbox = (bookingId: string) =>
  s.query('SELECT kind, status, due_at AS "dueAt", attempts FROM outbox WHERE booking_id = ? ORDER BY due_at', bookingId);

beforeAll(async () => {
  // Sessions live a year here: the block test moves the clock 33 days on.
  s = await startServer({ ...MANY_WORKERS_ENV, SCHEDULER_INTERVAL_S: '0', SESSION_TTL_S: String(365 * 86_400) });
  clinic = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
  city = await staffMember(s, 'city');
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = sh(2026, 12, 1, 10, 0);
});

describe('check-in by station staff, from 30 minutes before the start until the end', () => {
  it('refuses at 08:29 with the opening time, checks in at 08:30, and answers a second scan as already done', async () => {
    const f = await addSession(s, 'cs_ci', '2026-12-03', sh(2026, 12, 3, 9), [2]);
    const b = (await book(s, await worker(), f.slotIds[0])).body;
    s.clock.nowMs = sh(2026, 12, 3, 8, 29);
    const early = await checkIn('hs01', b.checkInCode);
    expect([early.status, early.body.error.code, early.body.error.details]).toEqual([
      409,
      'CHECK_IN_WINDOW',
      { reason: 'too_early', opensAt: '2026-12-03T08:30:00+08:00' },
    ]);
    expect(early.body.error.message).toContain('12月3日 08:30');
    s.clock.nowMs = sh(2026, 12, 3, 8, 30);
    const ok = await checkIn('hs01', `${b.checkInCode.slice(0, 4)} ${b.checkInCode.slice(4)}`);
    expect([ok.status, ok.body.booking.status, ok.body.alreadyCheckedIn]).toEqual([200, 'checked_in', false]);
    expect((await checkIn('hs01', b.checkInCode)).body.alreadyCheckedIn).toBe(true);
  });

  it('checks in at 09:29:59 and refuses at 09:30, the end of a 09:00–09:30 slot', async () => {
    const f = await addSession(s, 'cs_ci2', '2026-12-03', sh(2026, 12, 3, 9), [2]);
    const a = (await book(s, await worker(), f.slotIds[0])).body;
    const b = (await book(s, await worker(), f.slotIds[0])).body;
    s.clock.nowMs = sh(2026, 12, 3, 9, 29) + 59_000;
    expect((await checkIn('hs01', a.checkInCode)).status).toBe(200);
    s.clock.nowMs = sh(2026, 12, 3, 9, 30);
    const late = await checkIn('hs01', b.checkInCode);
    expect([late.status, late.body.error.code, late.body.error.details]).toEqual([
      409,
      'CHECK_IN_WINDOW',
      { reason: 'ended', endedAt: '2026-12-03T09:30:00+08:00' },
    ]);
  });

  it('refuses a wrong station, an unknown code, a cancelled booking and a missing session', async () => {
    const f = await addSession(s, 'cs_ci3', '2026-12-03', sh(2026, 12, 3, 10), [2]);
    const w = await worker();
    const b = (await book(s, w, f.slotIds[0])).body;
    s.clock.nowMs = sh(2026, 12, 3, 9, 45);
    // A city admin reaches hs01 too: told which station the booking is at.
    const wrong = await checkIn('hs02', b.checkInCode, city.token);
    expect([wrong.status, wrong.body.error.code]).toEqual([409, 'CHECK_IN_WRONG_STATION']);
    expect(wrong.body.error.message).toContain('解南');
    // Clinic staff of hs02 do not reach hs01: the code answers as if it did not exist, naming nothing (found:
    // a check-in at one clinic with another clinic's code named the other station).
    const hs02 = await staffMember(s, 'clinic', { healthStationId: 'hs02' });
    const other = await checkIn('hs02', b.checkInCode, hs02.token);
    expect([other.status, other.body.error.code]).toEqual([404, 'CHECK_IN_CODE_INVALID']);
    expect(JSON.stringify(other.body)).not.toMatch(/解南|hs01/);
    // ... and hs01's own clinic staff cannot act at hs02 at all.
    expect((await checkIn('hs02', b.checkInCode)).body.error).toEqual({ code: 'STAFF_FORBIDDEN', message: expect.any(String) });
    expect((await checkIn('hs01', '1234567')).body.error.code).toBe('CHECK_IN_CODE_INVALID');
    expect((await checkIn('hs01', b.checkInCode, '')).status).toBe(401);
    s.clock.nowMs = sh(2026, 12, 1, 10, 0);
    await call(`${s.api}/bookings/${b.id}`, { method: 'DELETE', token: w });
    s.clock.nowMs = sh(2026, 12, 3, 9, 45);
    expect((await checkIn('hs01', b.checkInCode)).body.error.code).toBe('BOOKING_CANCELLED');
  });
});

describe('no-shows and the block', () => {
  it('marks a no-show at the end, blocks after the third in 90 days until 30 days later, then lets the worker book', async () => {
    const w = await worker();
    const day = async (d: number, id: string) => (await addSession(s, id, `2026-12-0${d}`, sh(2026, 12, d, 9), [1])).slotIds[0];
    const [n1, n2, n3] = [await day(2, 'cs_ns1'), await day(3, 'cs_ns2'), await day(4, 'cs_ns3')];
    const after = (await addSession(s, 'cs_ns4', '2026-12-06', sh(2026, 12, 6, 9), [1])).slotIds[0];
    const free = (await addSession(s, 'cs_ns5', '2027-01-05', sh(2027, 1, 5, 9), [1])).slotIds[0];
    await book(s, w, n1);
    await book(s, w, n2);
    const quiet = recorder();
    // Other tests' bookings share the server, so count this worker's statuses, oldest slot first.
    const statuses = async () =>
      (await call(`${s.api}/me/bookings`, { token: w })).body.bookings.map((b: { status: string }) => b.status).reverse();
    await runScheduler(s.ctx, sh(2026, 12, 2, 9, 29), quiet);
    expect(await statuses()).toEqual(['booked', 'booked']);
    await runScheduler(s.ctx, sh(2026, 12, 2, 9, 30), quiet);
    expect(await statuses()).toEqual(['no_show', 'booked']);
    s.clock.nowMs = sh(2026, 12, 2, 10, 0);
    expect((await book(s, w, n3)).status).toBe(201);
    await runScheduler(s.ctx, sh(2026, 12, 4, 9, 30), quiet);
    expect(await statuses()).toEqual(['no_show', 'no_show', 'no_show']);

    // Third no-show at 2026-12-04 09:30 -> blocked until 2027-01-03 09:30 (30 days).
    s.clock.nowMs = sh(2026, 12, 4, 10, 0);
    const blocked = await book(s, w, after);
    expect([blocked.status, blocked.body.error.code]).toEqual([403, 'BOOKING_BLOCKED']);
    expect(blocked.body.error.details).toEqual({ blockedUntil: '2027-01-03T09:30:00+08:00', contact: '12351' });
    expect(blocked.body.error.message).toContain('2027年1月3日');
    expect(blocked.body.error.message).toContain('12351');
    s.clock.nowMs = sh(2027, 1, 3, 9, 29);
    expect((await book(s, w, free)).body.error.code).toBe('BOOKING_BLOCKED');
    s.clock.nowMs = sh(2027, 1, 3, 9, 30);
    expect((await book(s, w, free)).status).toBe(201);
  });
});

describe('a station cancels a session', () => {
  it('cancels every booking and waiting place, frees the places, drops reminders and tells each worker', async () => {
    const f = await addSession(s, 'cs_stop', '2026-12-05', sh(2026, 12, 5, 9), [1]);
    const a = await worker();
    const w = await worker();
    const booked = (await book(s, a, f.slotIds[0])).body;
    expect((await book(s, w, f.slotIds[0], { waitlistIfFull: true })).status).toBe(202);
    const r = await call(`${s.api}/staff/clinic-sessions/cs_stop/cancel`, {
      method: 'POST',
      token: clinic.token,
      body: { reason: 'doctor_absent' },
    });
    expect(r.body).toEqual({ bookingsCancelled: 1, waitlistCancelled: 1 });
    const mine = (await call(`${s.api}/me/bookings`, { token: a })).body.bookings.find((b: { id: string }) => b.id === booked.id);
    expect([mine.status, mine.cancelledBy]).toEqual(['cancelled', 'station']);
    expect((await call(`${s.api}/me/bookings`, { token: w })).body.bookings).toEqual([]);
    expect(await bookedCount(s, f.slotIds[0])).toBe(0);
    expect(await outbox(booked.id)).toEqual(
      [
        { kind: 'reminder_24h', status: 'dropped', dueAt: sh(2026, 12, 4, 9), attempts: 0 },
        { kind: 'reminder_2h', status: 'dropped', dueAt: sh(2026, 12, 5, 7), attempts: 0 },
        { kind: 'session_cancelled', status: 'pending', dueAt: sh(2026, 12, 1, 10), attempts: 0 },
      ].sort((x, y) => x.dueAt - y.dueAt),
    );
    const sent = recorder();
    await runScheduler(s.ctx, sh(2026, 12, 1, 10, 1), sent);
    expect(sent.sent.filter((x) => x.kind === 'session_cancelled')).toHaveLength(2);
    expect((await book(s, await worker(), f.slotIds[0])).body.error.code).toBe('SESSION_CANCELLED');
  });
});

describe('reminders through the notifier', () => {
  it('sends the 24 h reminder at 09:00 the day before (not at 08:59), the 2 h one at 07:00, each once', async () => {
    const f = await addSession(s, 'cs_rem', '2026-12-06', sh(2026, 12, 6, 9), [1]);
    const b = (await book(s, await worker(), f.slotIds[0])).body;
    const notifier = recorder();
    const mineOnly = () =>
      notifier.sent.filter((x) => 'startsAt' in x && x.startsAt === sh(2026, 12, 6, 9) && x.stationName.includes('解南'));
    await runScheduler(s.ctx, sh(2026, 12, 5, 8, 59), notifier);
    expect(mineOnly()).toEqual([]);
    await runScheduler(s.ctx, sh(2026, 12, 5, 9, 0), notifier);
    expect(mineOnly().map((x) => x.kind)).toEqual(['reminder_24h']);
    await runScheduler(s.ctx, sh(2026, 12, 6, 7, 0), notifier);
    await runScheduler(s.ctx, sh(2026, 12, 6, 7, 5), notifier);
    expect(mineOnly().map((x) => x.kind)).toEqual(['reminder_24h', 'reminder_2h']);
    expect((await outbox(b.id)).map((m) => (m as { status: string }).status)).toEqual(['sent', 'sent']);
  });

  it('queues only the 2 h reminder for a booking made 3 hours ahead, and none for one made 1 hour ahead', async () => {
    const f = await addSession(s, 'cs_rem2', '2026-12-01', sh(2026, 12, 1, 13), [1, 1]);
    const soon = (await book(s, await worker(), f.slotIds[0])).body;
    expect(await outbox(soon.id)).toEqual([{ kind: 'reminder_2h', status: 'pending', dueAt: sh(2026, 12, 1, 11), attempts: 0 }]);
    // At 12:00 the 13:30 slot's reminders (2026-11-30 13:30 and 11:30) have both passed.
    s.clock.nowMs = sh(2026, 12, 1, 12, 0);
    const late = (await book(s, await worker(), f.slotIds[1])).body;
    expect(late.status).toBe('booked');
    expect(await outbox(late.id)).toEqual([]);
  });

  it('keeps a message that failed for a passing reason and gives up after five attempts; a refused one is not retried', async () => {
    const f = await addSession(s, 'cs_rem3', '2026-12-07', sh(2026, 12, 7, 9), [2]);
    const a = (await book(s, await worker(), f.slotIds[0])).body;
    for (let i = 0; i < 5; i++) await runScheduler(s.ctx, sh(2026, 12, 6, 9, i), recorder(new NotifyError('WX_-1', true)));
    expect((await outbox(a.id))[0]).toMatchObject({ kind: 'reminder_24h', status: 'failed', attempts: 5 });
    await runScheduler(s.ctx, sh(2026, 12, 7, 7, 0), recorder(new NotifyError('WX_43101', false)));
    expect((await outbox(a.id))[1]).toMatchObject({ kind: 'reminder_2h', status: 'undeliverable', attempts: 1 });
  });
});

describe('housekeeping', () => {
  it('forgets Idempotency-Key answers after 24 hours, not before', async () => {
    const f = await addSession(s, 'cs_keys', '2026-12-08', sh(2026, 12, 8, 9), [2]);
    await book(s, await worker(), f.slotIds[0], { key: 'keep-me-a-day' });
    const kept = () => s.one("SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = 'keep-me-a-day'");
    await runScheduler(s.ctx, sh(2026, 12, 2, 10, 0) - 1, recorder());
    expect(await kept()).toEqual({ n: 1 });
    await runScheduler(s.ctx, sh(2026, 12, 2, 10, 0) + 1, recorder());
    expect(await kept()).toEqual({ n: 0 });
  });
});
