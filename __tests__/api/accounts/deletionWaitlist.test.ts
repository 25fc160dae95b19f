/**
 * Deleting an account gives its upcoming places back to the slot's waitlist in the same transaction, so the
 * next worker in line gets the place and nobody can jump the line (a QA finding: the place went to whoever
 * booked next).
 */
import { startServer, call, type TestServer } from '../../support/server';
import { addSession, activeBookings, book, bookedCount, registeredWorker, sh } from '../../support/booking';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0', RATE_LIMIT: 'off' });
  s.clock.nowMs = sh(2026, 12, 1, 10, 0);
});
afterAll(async () => s.close());

it('the first in line is promoted when the worker holding the only place deletes the account', async () => {
  const f = await addSession(s, 'cs_del', '2026-12-03', sh(2026, 12, 3, 9), [1]);
  const [a, b, c] = [await registeredWorker(s.api, 501), await registeredWorker(s.api, 502), await registeredWorker(s.api, 503)];
  expect((await book(s, a, f.slotIds[0])).status).toBe(201);
  expect((await book(s, b, f.slotIds[0], { waitlistIfFull: true })).status).toBe(202);

  const del = await call(`${s.api}/me`, { method: 'DELETE', token: a });
  expect(del.status).toBe(200);
  expect(del.body.upcomingBookingsCancelled).toBe(1);

  const mine = await call(`${s.api}/me/bookings`, { token: b });
  expect(mine.body.bookings.find((x: { slotId: string }) => x.slotId === f.slotIds[0]).status).toBe('booked');
  expect(await bookedCount(s, f.slotIds[0])).toBe(1);
  expect(await activeBookings(s, f.slotIds[0])).toBe(1);
  const third = await book(s, c, f.slotIds[0]);
  expect(third.body.error.code).toBe('SLOT_FULL');
});
