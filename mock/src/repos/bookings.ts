import crypto from 'crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { BookingsTable } from '../db/schema';
import { newId } from '../services/crypto';

/**
 * Data access for bookings, the waitlist and Idempotency-Key answers. Every function takes a `Db`, which may
 * be a transaction (Kysely's Transaction is a Kysely), so services compose them inside one transaction.
 * Times are epoch milliseconds.
 */

/** A booking with what the worker needs to find the place and the doctor. */
export interface BookingRow {
  id: string;
  slotId: string;
  sessionId: string;
  stationId: string;
  stationName: string;
  stationPhone: string;
  doctorName: string;
  doctorTitle: string;
  specialty: string;
  startsAt: number;
  endsAt: number;
  status: BookingsTable['status'];
  checkInCode: string;
  cancelledBy: 'worker' | 'station' | null;
  workerId: string | null;
}

/** A waiting place on a full slot, with its 1-based position in the line. */
export interface WaitlistRow extends Omit<BookingRow, 'status' | 'checkInCode' | 'cancelledBy'> {
  status: 'waiting';
  position: number;
}

/** The slot being booked, with its session and station. */
export interface SlotRow {
  id: string;
  sessionId: string;
  stationId: string;
  date: string;
  startsAt: number;
  endsAt: number;
  capacity: number;
  booked: number;
  sessionStatus: string;
}

/** An 8-digit check-in code: short enough to read out, 10^8 values against a few thousand live bookings. */
const newCheckInCode = (): string => String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');

const ACTIVE = ['booked', 'checked_in'] as const;

/** The slot with its session's date and status, or undefined. */
export async function slotById(db: Db, slotId: string): Promise<SlotRow | undefined> {
  return db
    .selectFrom('slots')
    .innerJoin('clinic_sessions', 'clinic_sessions.id', 'slots.session_id')
    .select([
      'slots.id',
      'slots.session_id as sessionId',
      'clinic_sessions.health_station_id as stationId',
      'clinic_sessions.date',
      'slots.starts_at as startsAt',
      'slots.ends_at as endsAt',
      'slots.capacity',
      'slots.booked',
      'clinic_sessions.status as sessionStatus',
    ])
    .where('slots.id', '=', slotId)
    .executeTakeFirst();
}

/** True when the worker holds an active booking in the session. */
export async function hasActiveInSession(db: Db, workerId: string, sessionId: string): Promise<boolean> {
  const r = await db
    .selectFrom('bookings')
    .select('id')
    .where('worker_id', '=', workerId)
    .where('session_id', '=', sessionId)
    .where('status', 'in', ACTIVE)
    .executeTakeFirst();
  return r !== undefined;
}

/** Whether the worker holds an active booking whose slot overlaps [startsAt, endsAt) (epoch ms), at any station. */
export async function hasOverlappingBooking(db: Db, workerId: string, startsAt: number, endsAt: number): Promise<boolean> {
  const r = await db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .select('bookings.id')
    .where('bookings.worker_id', '=', workerId)
    .where('bookings.status', 'in', ACTIVE)
    .where('slots.starts_at', '<', endsAt)
    .where('slots.ends_at', '>', startsAt)
    .executeTakeFirst();
  return r !== undefined;
}

/** Booked (not yet checked in) bookings of the worker whose slot starts after `nowMs`. */
export async function upcomingCount(db: Db, workerId: string, nowMs: number): Promise<number> {
  const { n } = await db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bookings.worker_id', '=', workerId)
    .where('bookings.status', '=', 'booked')
    .where('slots.starts_at', '>', nowMs)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The no-show instants (slot ends) of a worker since `sinceMs`. */
export async function noShowTimes(db: Db, workerId: string, sinceMs: number): Promise<number[]> {
  const rows = await db
    .selectFrom('bookings')
    .select('no_show_at')
    .where('worker_id', '=', workerId)
    .where('status', '=', 'no_show')
    .where('no_show_at', '>=', sinceMs)
    .execute();
  return rows.map((r) => r.no_show_at).filter((t): t is number => t !== null);
}

/** Takes one place with a conditional UPDATE (never read-then-write). @returns false when the slot is full. */
export async function takePlace(db: Db, slotId: string): Promise<boolean> {
  const r = await db
    .updateTable('slots')
    .set({ booked: sql<number>`booked + 1` })
    .where('id', '=', slotId)
    .where('booked', '<', sql<number>`capacity`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Returns one place to the pool. */
export async function releasePlace(db: Db, slotId: string): Promise<void> {
  await db.updateTable('slots').set({ booked: sql<number>`booked - 1` }).where('id', '=', slotId).where('booked', '>', 0).execute();
}

/** Inserts an active booking (the place must already be taken). @returns its id. */
export async function insertBooking(
  db: Db,
  b: { workerId: string; slotId: string; sessionId: string; nowMs: number; waitlistId?: string },
): Promise<string> {
  const id = newId('b');
  for (let attempt = 0; ; attempt++) {
    try {
      await db
        .insertInto('bookings')
        .values({
          id,
          worker_id: b.workerId,
          slot_id: b.slotId,
          session_id: b.sessionId,
          status: 'booked',
          check_in_code: newCheckInCode(),
          created_at: b.nowMs,
          waitlist_id: b.waitlistId ?? null,
        })
        .execute();
      return id;
    } catch (err) {
      // A clash of the random check-in code is retried; any other constraint is a real error.
      if (attempt < 5 && String(err).includes('bookings.check_in_code')) continue;
      throw err;
    }
  }
}

/** Where and with whom a slot is: shared by bookings and waiting places (joined slots, stations, doctors). */
const slotContextColumns = [
  'health_stations.id as stationId',
  'health_stations.name as stationName',
  'health_stations.phone as stationPhone',
  'doctors.name as doctorName',
  'doctors.title as doctorTitle',
  'doctors.specialty as specialty',
  'slots.starts_at as startsAt',
  'slots.ends_at as endsAt',
] as const;

const bookingColumns = [
  'bookings.id',
  'bookings.slot_id as slotId',
  'bookings.session_id as sessionId',
  ...slotContextColumns,
  'bookings.status',
  'bookings.check_in_code as checkInCode',
  'bookings.cancelled_by as cancelledBy',
  'bookings.worker_id as workerId',
] as const;

function bookingQuery(db: Db) {
  return db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .innerJoin('clinic_sessions', 'clinic_sessions.id', 'bookings.session_id')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .innerJoin('doctors', 'doctors.id', 'clinic_sessions.doctor_id')
    .select(bookingColumns);
}

/** Bookings of a worker (or the one with `bookingId`), latest slot first. */
export async function bookingsOf(db: Db, workerId: string, bookingId?: string): Promise<BookingRow[]> {
  let q = bookingQuery(db).where('bookings.worker_id', '=', workerId);
  if (bookingId) q = q.where('bookings.id', '=', bookingId);
  return q.orderBy('slots.starts_at', 'desc').execute();
}

/** One booking by its check-in code (staff check-in), or undefined. */
export async function bookingByCheckInCode(db: Db, code: string): Promise<BookingRow | undefined> {
  return bookingQuery(db).where('bookings.check_in_code', '=', code).executeTakeFirst();
}

/** Waiting entries of a worker (or the one with `entryId`) with their positions. */
export async function waitlistOf(db: Db, workerId: string, entryId?: string): Promise<WaitlistRow[]> {
  let q = db
    .selectFrom('waitlist_entries as w')
    .innerJoin('slots', 'slots.id', 'w.slot_id')
    .innerJoin('clinic_sessions', 'clinic_sessions.id', 'w.session_id')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .innerJoin('doctors', 'doctors.id', 'clinic_sessions.doctor_id')
    .select((eb) => [
      'w.id',
      'w.slot_id as slotId',
      'w.session_id as sessionId',
      ...slotContextColumns,
      'w.worker_id as workerId',
      eb
        .selectFrom('waitlist_entries as o')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('o.slot_id', '=', 'w.slot_id')
        .where('o.status', '=', 'waiting')
        .whereRef('o.seq', '<=', 'w.seq')
        .as('position'),
    ])
    .where('w.worker_id', '=', workerId)
    .where('w.status', '=', 'waiting');
  if (entryId) q = q.where('w.id', '=', entryId);
  const rows = await q.orderBy('slots.starts_at', 'desc').execute();
  return rows.map((r) => ({ ...r, status: 'waiting' as const, position: Number(r.position) }));
}

/** Waiting entries per slot, for the slot list. */
export async function waitingCounts(db: Db, slotIds: string[]): Promise<Map<string, number>> {
  if (slotIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('waitlist_entries')
    .select(['slot_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('slot_id', 'in', slotIds)
    .where('status', '=', 'waiting')
    .groupBy('slot_id')
    .execute();
  return new Map(rows.map((r) => [r.slot_id, Number(r.n)]));
}

/** A stored answer for an Idempotency-Key, or null. */
export async function storedAnswer(db: Db, accountId: string, key: string) {
  const r = await db
    .selectFrom('idempotency_keys')
    .select(['status', 'body', 'request_hash'])
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .executeTakeFirst();
  return r ? { status: r.status, body: JSON.parse(r.body) as unknown, requestHash: r.request_hash } : null;
}

/** Remembers the answer to an Idempotency-Key. Call inside the transaction that produced the answer. */
export async function storeAnswer(
  db: Db,
  a: { accountId: string; key: string; requestHash: string; status: number; body: unknown; nowMs: number },
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ account_id: a.accountId, key: a.key, status: a.status, body: JSON.stringify(a.body), created_at: a.nowMs, request_hash: a.requestHash })
    .execute();
}
