/**
 * PostgreSQL only (READ COMMITTED, pooled connections; SQLite runs each transaction alone): a station cancels a
 * clinic session (a doctor absent) while a worker's booking in it is taking its place. The booking is held open on
 * a connection of the test's own at the point a booking transaction reaches after lockSlotAndWorker, takePlace and
 * insertBooking; the cancel request is sent, and the booking commits once the cancel waits on a lock. The booking
 * must be cancelled by the station with the rest, never left booked in a cancelled session (where it would become
 * a no-show counted against the worker).
 */
import pg from 'pg';
import { engineFor } from '../../support/database';
import { startServer, call, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, addSession, registeredWorker, sh } from '../../support/booking';
import { staffMember } from '../../support/staff';

let engine: Awaited<ReturnType<typeof engineFor>>;
let s: TestServer;
beforeAll(async () => {
  engine = await engineFor();
  s = await startServer({ ...MANY_WORKERS_ENV, SCHEDULER_INTERVAL_S: '0', DATABASE_URL: engine.env.DATABASE_URL });
  s.clock.nowMs = sh(2026, 12, 1, 10, 0);
});
afterAll(async () => {
  await s.close();
  await engine.cleanup();
});

it('a booking committing while its session is cancelled is cancelled too', async () => {
  const clinic = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
  const f = await addSession(s, 'cs_race', '2026-12-03', sh(2026, 12, 3, 9), [2]);
  await registeredWorker(s.api, 500);
  const workerId = (await s.one<{ id: string }>('SELECT id FROM workers ORDER BY created_at DESC LIMIT 1'))!.id;
  const booking = new pg.Client({ connectionString: engine.env.DATABASE_URL });
  const watcher = new pg.Client({ connectionString: engine.env.DATABASE_URL });
  await booking.connect();
  await watcher.connect();
  try {
    await booking.query('BEGIN');
    await booking.query('SELECT id FROM slots WHERE id = $1 FOR UPDATE', [f.slotIds[0]]);
    await booking.query('UPDATE slots SET booked = booked + 1 WHERE id = $1', [f.slotIds[0]]);
    await booking.query(
      "INSERT INTO bookings (id, worker_id, slot_id, session_id, status, check_in_code, created_at) VALUES ('b_race', $1, $2, 'cs_race', 'booked', '90000123', $3)",
      [workerId, f.slotIds[0], sh(2026, 12, 1, 10, 0)],
    );
    const cancelled = call(`${s.api}/staff/clinic-sessions/cs_race/cancel`, {
      method: 'POST',
      token: clinic.token,
      body: { reason: 'doctor_absent' },
    });
    // Until the cancel's transaction waits on a row lock the booking holds (polled, each query a fresh snapshot).
    const waiting = async () =>
      Number(
        (
          await watcher.query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1",
            [(booking as unknown as { processID: number }).processID],
          )
        ).rows[0].n,
      );
    for (let i = 0; (await waiting()) === 0; i++) if (i > 5000) throw new Error('the cancel never waited on the booking');
    await booking.query('COMMIT');
    const r = await cancelled;
    expect([r.status, r.body]).toEqual([200, { bookingsCancelled: 1, waitlistCancelled: 0 }]);
    expect(await s.query('SELECT status, cancelled_by AS "cancelledBy" FROM bookings WHERE id = ?', 'b_race')).toEqual([
      { status: 'cancelled', cancelledBy: 'station' },
    ]);
    expect(await s.query('SELECT booked FROM slots WHERE id = ?', f.slotIds[0])).toEqual([{ booked: 0 }]);
  } finally {
    await booking.end();
    await watcher.end();
  }
});
