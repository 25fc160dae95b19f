/**
 * POST /bookings, cancel and the waitlist against the real server with the settable clock. Every session is
 * made by the test (support/booking.ts) at hand-picked Shanghai times, so each expected instant is worked out
 * by hand: booking for date D opens D−7 days at 08:00, closes at the slot start; cancel until start − 2 h.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, addSession, activeBookings, book, bookedCount, registeredWorker, sh } from '../../support/booking';

let s: TestServer;
let n = 0;
const worker = () => registeredWorker(s.api, n++);
beforeAll(async () => {
  s = await startServer({ ...MANY_WORKERS_ENV, SCHEDULER_INTERVAL_S: '0' });
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = sh(2026, 12, 1, 10, 0);
});

describe('release and closing', () => {
  it('opens a 2026-12-08 slot at 2026-12-01 08:00: refused at 07:59 with the opening time, booked at 08:00', async () => {
    const f = await addSession(s, 'cs_rel', '2026-12-08', sh(2026, 12, 8, 9), [2]);
    const w = await worker();
    s.clock.nowMs = sh(2026, 12, 1, 7, 59);
    const early = await book(s, w, f.slotIds[0]);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('BOOKING_NOT_OPEN');
    expect(early.body.error.details).toEqual({ opensAt: '2026-12-01T08:00:00+08:00' });
    expect(early.body.error.message).toContain('12月1日 08:00');
    s.clock.nowMs = sh(2026, 12, 1, 8, 0);
    expect((await book(s, w, f.slotIds[0])).status).toBe(201);
  });

  it('lists the slot as not yet open at 07:59 and open at 08:01', async () => {
    await addSession(s, 'cs_rel2', '2026-12-09', sh(2026, 12, 9, 9), [1]);
    s.clock.nowMs = sh(2026, 12, 2, 7, 59);
    const before = await call(`${s.api}/health-stations/hs01/slots?date=2026-12-09`);
    const slot = (id: string, body: { sessions: { id: string; slots: { state: string; bookable: boolean }[] }[] }) =>
      body.sessions.find((x) => x.id === id)!.slots[0];
    expect(before.body.opensAt).toBe('2026-12-02T08:00:00+08:00');
    expect(slot('cs_rel2', before.body)).toMatchObject({ state: 'not_yet_open', bookable: false });
    s.clock.nowMs = sh(2026, 12, 2, 8, 1);
    expect(slot('cs_rel2', (await call(`${s.api}/health-stations/hs01/slots?date=2026-12-09`)).body)).toMatchObject({
      state: 'open',
      bookable: true,
    });
  });

  it('closes at the slot start: booked one minute before, BOOKING_CLOSED at the start', async () => {
    const f = await addSession(s, 'cs_close', '2026-12-02', sh(2026, 12, 2, 9), [1, 1]);
    const w = await worker();
    s.clock.nowMs = sh(2026, 12, 2, 8, 59);
    expect((await book(s, w, f.slotIds[0])).status).toBe(201);
    const other = await worker();
    s.clock.nowMs = sh(2026, 12, 2, 9, 30);
    const r = await book(s, other, f.slotIds[1]);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('BOOKING_CLOSED');
  });
});

describe('limits and who may book', () => {
  it('answers 403 NOT_REGISTERED to a session without a worker', async () => {
    const f = await addSession(s, 'cs_anon', '2026-12-03', sh(2026, 12, 3, 14), [1]);
    const r = await book(s, await newSession(s.api), f.slotIds[0]);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('NOT_REGISTERED');
    expect(await bookedCount(s, f.slotIds[0])).toBe(0);
  });

  it('allows one booking per session and two upcoming in all; a cancel frees one', async () => {
    const s1 = await addSession(s, 'cs_lim1', '2026-12-03', sh(2026, 12, 3, 9), [1, 1]);
    const s2 = await addSession(s, 'cs_lim2', '2026-12-04', sh(2026, 12, 4, 9), [1]);
    const s3 = await addSession(s, 'cs_lim3', '2026-12-05', sh(2026, 12, 5, 9), [1]);
    const w = await worker();
    const first = await book(s, w, s1.slotIds[0]);
    expect(first.status).toBe(201);
    const same = await book(s, w, s1.slotIds[1]);
    expect([same.status, same.body.error.code]).toEqual([409, 'ALREADY_BOOKED']);
    expect((await book(s, w, s2.slotIds[0])).status).toBe(201);
    const third = await book(s, w, s3.slotIds[0]);
    expect([third.status, third.body.error.code, third.body.error.details]).toEqual([409, 'BOOKING_LIMIT', { maxUpcoming: 2 }]);
    expect((await call(`${s.api}/bookings/${first.body.id}`, { method: 'DELETE', token: w })).status).toBe(200);
    expect((await book(s, w, s3.slotIds[0])).status).toBe(201);
    expect([await bookedCount(s, s1.slotIds[0]), await bookedCount(s, s1.slotIds[1])]).toEqual([0, 0]);
  });

  it('refuses a slot overlapping one the worker holds at another session (BOOKING_CLASH); back to back is fine', async () => {
    // Two doctors' sessions on 2026-12-07 afternoon, 30-minute slots: A 14:30-15:30, B 14:00-15:30.
    const a = await addSession(s, 'cs_clash_a', '2026-12-07', sh(2026, 12, 7, 14, 30), [1, 1]);
    const b = await addSession(s, 'cs_clash_b', '2026-12-07', sh(2026, 12, 7, 14), [1, 1, 1]);
    const w = await worker();
    expect((await book(s, w, a.slotIds[0])).status).toBe(201); // 14:30-15:00
    const clash = await book(s, w, b.slotIds[1]); // 14:30-15:00 at the other doctor
    expect([clash.status, clash.body.error.code]).toEqual([409, 'BOOKING_CLASH']);
    expect(clash.body.error.message).toContain('时间重叠');
    expect(await bookedCount(s, b.slotIds[1])).toBe(0);
    // Its waitlist is no way round the rule either.
    const full = await addSession(s, 'cs_clash_c', '2026-12-07', sh(2026, 12, 7, 14, 45), [1]);
    await book(s, await worker(), full.slotIds[0]);
    expect((await book(s, w, full.slotIds[0], { waitlistIfFull: true })).body.error.code).toBe('BOOKING_CLASH');
    // 14:00-14:30 at the other doctor ends as the held slot starts: no overlap.
    expect((await book(s, w, b.slotIds[0])).status).toBe(201);
  });

  it('a waiting worker who has meanwhile booked the same time elsewhere is passed over, and keeps the place in line', async () => {
    const y = await addSession(s, 'cs_clash_y', '2026-12-08', sh(2026, 12, 8, 14, 30), [1]);
    const x = await addSession(s, 'cs_clash_x', '2026-12-08', sh(2026, 12, 8, 14, 30), [1]);
    const [holder, a, c] = [await worker(), await worker(), await worker()];
    const held = await book(s, holder, y.slotIds[0]);
    expect((await book(s, a, y.slotIds[0], { waitlistIfFull: true })).body.position).toBe(1);
    expect((await book(s, c, y.slotIds[0], { waitlistIfFull: true })).body.position).toBe(2);
    expect((await book(s, a, x.slotIds[0])).status).toBe(201); // a: 14:30 at the other doctor
    await call(`${s.api}/bookings/${held.body.id}`, { method: 'DELETE', token: holder });
    const inY = async (t: string) =>
      (await call(`${s.api}/me/bookings`, { token: t })).body.bookings
        .filter((b: { slotId: string }) => b.slotId === y.slotIds[0])
        .map((b: { status: string; position: number | null }) => [b.status, b.position]);
    expect(await inY(c)).toEqual([['booked', null]]);
    expect(await inY(a)).toEqual([['waitlisted', 1]]);
  });

  it('refuses a full slot with SLOT_FULL when the worker does not ask for the waitlist', async () => {
    const f = await addSession(s, 'cs_full', '2026-12-03', sh(2026, 12, 3, 15), [1]);
    expect((await book(s, await worker(), f.slotIds[0])).status).toBe(201);
    const r = await book(s, await worker(), f.slotIds[0]);
    expect([r.status, r.body.error.code, r.body.error.details]).toEqual([409, 'SLOT_FULL', { waitlist: true }]);
  });
});

describe('cancel deadline: until 2 h before the start', () => {
  it('cancels at 09:59 for a 12:00 slot and returns the place at once; answers CANCEL_TOO_LATE from 10:00', async () => {
    // Two places at 12:00: 12:00 − 2 h = 10:00 is the deadline of both bookings.
    const f = await addSession(s, 'cs_cxl', '2026-12-02', sh(2026, 12, 2, 12), [2]);
    const slot = f.slotIds[0];
    const a = await worker();
    const b = await worker();
    const ba = await book(s, a, slot);
    const bb = await book(s, b, slot);
    expect(ba.body.cancellableUntil).toBe('2026-12-02T10:00:00+08:00');
    s.clock.nowMs = sh(2026, 12, 2, 9, 59);
    const ok = await call(`${s.api}/bookings/${ba.body.id}/cancel`, { method: 'POST', token: a });
    expect([ok.status, ok.body.status, ok.body.cancelledBy]).toEqual([200, 'cancelled', 'worker']);
    expect(await bookedCount(s, slot)).toBe(1);
    // A retried cancel answers the same cancelled booking.
    expect((await call(`${s.api}/bookings/${ba.body.id}`, { method: 'DELETE', token: a })).body.status).toBe('cancelled');
    s.clock.nowMs = sh(2026, 12, 2, 10, 0);
    const late = await call(`${s.api}/bookings/${bb.body.id}`, { method: 'DELETE', token: b });
    expect([late.status, late.body.error.code]).toEqual([409, 'CANCEL_TOO_LATE']);
    expect(late.body.error.details).toEqual({ cancellableUntil: '2026-12-02T10:00:00+08:00', stationPhone: bb.body.stationPhone });
    expect(late.body.error.message).toContain(bb.body.stationPhone);
    expect(await bookedCount(s, slot)).toBe(1);
  });

  it("answers 404 for another worker's booking and leaves it alone", async () => {
    const f = await addSession(s, 'cs_own', '2026-12-04', sh(2026, 12, 4, 14), [1]);
    const mine = await book(s, await worker(), f.slotIds[0]);
    const r = await call(`${s.api}/bookings/${mine.body.id}`, { method: 'DELETE', token: await worker() });
    expect([r.status, r.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(await activeBookings(s, f.slotIds[0])).toBe(1);
  });
});

describe('Idempotency-Key', () => {
  it('answers a retried request with the first answer and books once', async () => {
    const f = await addSession(s, 'cs_idem', '2026-12-03', sh(2026, 12, 3, 16), [3]);
    const w = await worker();
    const first = await book(s, w, f.slotIds[0], { key: 'retry-key-0001' });
    const again = await book(s, w, f.slotIds[0], { key: 'retry-key-0001' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(await bookedCount(s, f.slotIds[0])).toBe(1);
  });

  it('gives five concurrent requests with one key one booking and the same answer', async () => {
    const f = await addSession(s, 'cs_idem2', '2026-12-03', sh(2026, 12, 3, 17), [3]);
    const w = await worker();
    const answers = await Promise.all(Array.from({ length: 5 }, () => book(s, w, f.slotIds[0], { key: 'same-key-concurrent' })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect([await bookedCount(s, f.slotIds[0]), await activeBookings(s, f.slotIds[0])]).toEqual([1, 1]);
  });

  it('keeps a refusal as the first answer and refuses the key with another slot', async () => {
    const f = await addSession(s, 'cs_idem3', '2026-12-03', sh(2026, 12, 3, 18), [1, 1]);
    const holder = await worker();
    const holding = await book(s, holder, f.slotIds[0]);
    const w = await worker();
    expect((await book(s, w, f.slotIds[0], { key: 'full-key-0001' })).body.error.code).toBe('SLOT_FULL');
    await call(`${s.api}/bookings/${holding.body.id}`, { method: 'DELETE', token: holder });
    expect((await book(s, w, f.slotIds[0], { key: 'full-key-0001' })).body.error.code).toBe('SLOT_FULL');
    const other = await book(s, w, f.slotIds[1], { key: 'full-key-0001' });
    expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await bookedCount(s, f.slotIds[1])).toBe(0);
  });
});

describe('waitlist', () => {
  it('promotes in join order within the limits, tells the promoted worker, and lets a worker leave', async () => {
    const f = await addSession(s, 'cs_wl', '2026-12-04', sh(2026, 12, 4, 9), [1]);
    const [holder, w1, w2, w3, w4] = [await worker(), await worker(), await worker(), await worker(), await worker()];
    const held = await book(s, holder, f.slotIds[0]);
    const joins = [];
    for (const w of [w1, w2, w3, w4]) joins.push(await book(s, w, f.slotIds[0], { waitlistIfFull: true }));
    expect(joins.map((j) => [j.status, j.body.status, j.body.position])).toEqual([
      [202, 'waitlisted', 1],
      [202, 'waitlisted', 2],
      [202, 'waitlisted', 3],
      [202, 'waitlisted', 4],
    ]);
    // w1 now holds two upcoming bookings elsewhere, so the freed place skips w1 and goes to w2.
    const other1 = await addSession(s, 'cs_wl_o1', '2026-12-05', sh(2026, 12, 5, 9), [1]);
    const other2 = await addSession(s, 'cs_wl_o2', '2026-12-06', sh(2026, 12, 6, 9), [1]);
    await book(s, w1, other1.slotIds[0]);
    await book(s, w1, other2.slotIds[0]);
    // w3 leaves the line.
    expect((await call(`${s.api}/waitlist/${joins[2].body.id}`, { method: 'DELETE', token: w3 })).status).toBe(204);

    await call(`${s.api}/bookings/${held.body.id}`, { method: 'DELETE', token: holder });
    const mine = async (t: string) =>
      (await call(`${s.api}/me/bookings`, { token: t })).body.bookings.filter((b: { slotId: string }) => b.slotId === f.slotIds[0]);
    expect((await mine(w2)).map((b: { status: string }) => b.status)).toEqual(['booked']);
    expect((await mine(w1)).map((b: { status: string; position: number }) => [b.status, b.position])).toEqual([['waitlisted', 1]]);
    expect((await mine(w4)).map((b: { status: string; position: number }) => [b.status, b.position])).toEqual([['waitlisted', 2]]);
    expect(await mine(w3)).toEqual([]);
    expect([await bookedCount(s, f.slotIds[0]), await activeBookings(s, f.slotIds[0])]).toEqual([1, 1]);
    const notices = await s.query("SELECT kind FROM outbox WHERE slot_id = ? AND kind = 'promoted'", f.slotIds[0]);
    expect(notices).toEqual([{ kind: 'promoted' }]);
  });

  it('refuses a second waiting place in the same session', async () => {
    const f = await addSession(s, 'cs_wl2', '2026-12-04', sh(2026, 12, 4, 14), [1, 1]);
    await book(s, await worker(), f.slotIds[0]);
    await book(s, await worker(), f.slotIds[1]);
    const w = await worker();
    expect((await book(s, w, f.slotIds[0], { waitlistIfFull: true })).status).toBe(202);
    const second = await book(s, w, f.slotIds[1], { waitlistIfFull: true });
    expect([second.status, second.body.error.code]).toEqual([409, 'ALREADY_WAITLISTED']);
  });
});
