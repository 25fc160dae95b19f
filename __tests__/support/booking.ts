/**
 * Health-booking fixtures for API tests: registered workers and clinic sessions with slots at hand-picked
 * times, written straight into the test server's database so every test knows its exact slots.
 */
import { call, newSession, type TestServer } from './server';
import { registrationBody } from './registration';
import { madeUpIdNumber } from './identity';

export { sh } from './time';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export { madeUpIdNumber };

/** Creates a device session and registers a worker on it. @returns the bearer token. */
export async function registeredWorker(api: string, n: number): Promise<string> {
  const token = await newSession(
    api,
    `booking-dev-${String(n).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`.padEnd(32, '0'),
  );
  const phone = `139${String(10_000_000 + n).slice(-8)}`;
  const r = await call(`${api}/workers`, {
    method: 'POST',
    token,
    body: registrationBody({ idNumber: madeUpIdNumber(n), phone, name: '测试职工' }),
  });
  if (r.status !== 201) throw new Error(`register ${n}: ${r.status} ${JSON.stringify(r.body)}`);
  return token;
}

export interface FixtureSession {
  sessionId: string;
  slotIds: string[];
}

/**
 * Inserts a scheduled clinic session at health station hs01 (its first doctor) on Shanghai `date`, starting at
 * `startMs`, with `capacities.length` back-to-back slots of `slotMin` minutes.
 */
export async function addSession(
  s: TestServer,
  id: string,
  date: string,
  startMs: number,
  capacities: number[],
  slotMin = 30,
): Promise<FixtureSession> {
  const doctor = (await s.one<{ id: string }>("SELECT id FROM doctors WHERE health_station_id = 'hs01' ORDER BY id LIMIT 1"))!;
  const endMs = startMs + capacities.length * slotMin * MIN;
  await s.query(
    'INSERT INTO clinic_sessions (id, template_id, health_station_id, doctor_id, date, starts_at, ends_at) VALUES (?, NULL, ?, ?, ?, ?, ?)',
    id,
    'hs01',
    doctor.id,
    date,
    startMs,
    endMs,
  );
  const slotIds: string[] = [];
  for (const [k, capacity] of capacities.entries()) {
    const slotId = `${id}_${k + 1}`;
    const at = startMs + k * slotMin * MIN;
    await s.query(
      'INSERT INTO slots (id, session_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?)',
      slotId,
      id,
      at,
      at + slotMin * MIN,
      capacity,
    );
    slotIds.push(slotId);
  }
  return { sessionId: id, slotIds };
}

let keySeq = 0;
/** POST /bookings with a fresh (or the given) Idempotency-Key. */
export function book(s: TestServer, token: string, slotId: string, opts: { key?: string; waitlistIfFull?: boolean } = {}) {
  const key = opts.key ?? `test-key-${++keySeq}-${Math.random().toString(36).slice(2, 10)}`;
  const body: Record<string, unknown> = { slotId };
  if (opts.waitlistIfFull !== undefined) body.waitlistIfFull = opts.waitlistIfFull;
  return call(`${s.api}/bookings`, { method: 'POST', token, body, headers: { 'idempotency-key': key } });
}

/** Places taken in a slot, from the database. */
export const bookedCount = async (s: TestServer, slotId: string): Promise<number> =>
  (await s.one<{ booked: number }>('SELECT booked FROM slots WHERE id = ?', slotId))!.booked;

/** Active bookings in a slot, counted from the bookings table (must equal bookedCount). */
export const activeBookings = async (s: TestServer, slotId: string): Promise<number> =>
  (await s.one<{ n: number }>("SELECT COUNT(*) AS n FROM bookings WHERE slot_id = ? AND status IN ('booked','checked_in')", slotId))!.n;

/**
 * Server settings for tests that register dozens of workers from one loopback address: the per-address
 * sign-in and registration limits (tested in accountLimits.test.ts) would otherwise refuse them.
 */
export const MANY_WORKERS_ENV = { RATE_SESSION_ADDRESS_MAX: '10000', RATE_REGISTER_ADDRESS_MAX: '10000' };

/**
 * Rows the API cannot make at a test's clock, for export and erasure tests: a granted entry of `workerId` at the
 * first door, `atMs` (epoch ms). Returns that door.
 */
export async function addPastEntry(s: TestServer, id: string, workerId: string, atMs: number): Promise<{ id: string; station_id: string }> {
  const door = (await s.one<{ id: string; station_id: string }>('SELECT id, station_id FROM doors ORDER BY id LIMIT 1'))!;
  await s.query(
    `INSERT INTO entries (id, worker_id, door_id, station_id, at, outcome) VALUES (?, ?, ?, ?, ?, 'granted')`,
    id,
    workerId,
    door.id,
    door.station_id,
    atMs,
  );
  return door;
}

/**
 * Bookings of `workerId` in the given statuses (a checked-in one cannot be made through the API before its
 * session), one per session: each takes the first free slot of a different session starting after `afterMs`,
 * and counts against that slot's capacity. Check-in codes are 9000000N. Returns the slots taken, each with its
 * booked count before.
 */
export async function addBookingRows(
  s: TestServer,
  workerId: string,
  afterMs: number,
  rows: { id: string; status: 'booked' | 'checked_in'; createdAtMs: number }[],
): Promise<{ id: string; session_id: string; booked: number }[]> {
  const free = await s.query<{ id: string; session_id: string; booked: number }>(
    'SELECT id, session_id, booked FROM slots WHERE starts_at > ? AND capacity > booked ORDER BY starts_at, id',
    afterMs,
  );
  const slots = free.filter((x, i) => free.findIndex((y) => y.session_id === x.session_id) === i).slice(0, rows.length);
  for (const [k, row] of rows.entries()) {
    await s.query(
      'INSERT INTO bookings (id, worker_id, slot_id, session_id, status, check_in_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      row.id,
      workerId,
      slots[k].id,
      slots[k].session_id,
      row.status,
      `9000000${k + 1}`,
      row.createdAtMs,
    );
    await s.query('UPDATE slots SET booked = booked + 1 WHERE id = ?', slots[k].id);
  }
  return slots;
}

/** As if `workerId` had consented under an older notice: every consent event of the account gets `version`. */
export async function setConsentVersion(s: TestServer, workerId: string, version: string): Promise<void> {
  await s.query(`UPDATE consents SET version = ? WHERE account_id = (SELECT id FROM accounts WHERE worker_id = ?)`, version, workerId);
}
