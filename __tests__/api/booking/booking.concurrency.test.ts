/**
 * A rush on the last places: 40 registered workers send POST /bookings for the last 3 places of a slot at the
 * same moment. Exactly 3 get a booking; those who asked for the waitlist get a waiting place with distinct
 * positions, the others 409 SLOT_FULL; nothing answers 5xx and the slot's count matches its bookings.
 */
import { startServer, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, activeBookings, addSession, book, bookedCount, registeredWorker, sh } from '../../support/booking';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ ...MANY_WORKERS_ENV, SCHEDULER_INTERVAL_S: '0' });
  s.clock.nowMs = sh(2026, 12, 1, 10, 0);
});
afterAll(async () => s.close());

it('gives 40 simultaneous requests for the last 3 places exactly 3 bookings', async () => {
  const f = await addSession(s, 'cs_rush', '2026-12-03', sh(2026, 12, 3, 9), [5]);
  const early = await Promise.all([0, 1].map((i) => registeredWorker(s.api, 500 + i)));
  for (const t of early) expect((await book(s, t, f.slotIds[0])).status).toBe(201);
  const rush = await Promise.all(Array.from({ length: 40 }, (_, i) => registeredWorker(s.api, 600 + i)));

  const answers = await Promise.all(rush.map((t, i) => book(s, t, f.slotIds[0], { waitlistIfFull: i % 2 === 0 })));

  const byStatus = (code: number) => answers.filter((a) => a.status === code);
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  expect(byStatus(201)).toHaveLength(3);
  const waiting = byStatus(202);
  const full = byStatus(409);
  expect(waiting.length + full.length).toBe(37);
  expect(full.every((a) => a.body.error.code === 'SLOT_FULL')).toBe(true);
  // Every waitlist request that did not get a place is in line once, positions 1..n without gaps.
  expect(waiting.map((a) => a.body.position).sort((x, y) => x - y)).toEqual(Array.from({ length: waiting.length }, (_, i) => i + 1));
  expect(waiting.length).toBeGreaterThanOrEqual(17);
  expect([await bookedCount(s, f.slotIds[0]), await activeBookings(s, f.slotIds[0])]).toEqual([5, 5]);
});
