import crypto from 'crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { newId } from '../services/crypto';
import { ApiError } from '../http/errors';
import { bookableState, DEFAULT_BOOKING_POLICY, type BookingPolicy } from '../../../src/rules/slots';

export interface BookingView {
  id: string;
  slotId: string;
  sessionId: string;
  stationId: string;
  stationName: string;
  doctorName: string;
  doctorTitle: string;
  specialty: string;
  startsAt: number;
  endsAt: number;
  status: string;
  checkInCode: string;
}

/** An 8-digit check-in code: short enough to read out, 10^8 values against a few thousand live bookings. */
const newCheckInCode = (): string => String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');

/**
 * Books a slot for a worker in one transaction. Capacity is taken by one conditional UPDATE
 * (`booked < capacity`), never read-then-write; partial unique indexes back the per-slot and
 * per-session limits. Throws ApiError NOT_FOUND, BOOKING_NOT_OPEN, BOOKING_CLOSED, ALREADY_BOOKED,
 * BOOKING_LIMIT, SLOT_FULL.
 */
export async function bookSlot(
  db: Db,
  workerId: string,
  slotId: string,
  nowMs: number,
  policy: BookingPolicy = DEFAULT_BOOKING_POLICY,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const slot = await trx
      .selectFrom('slots')
      .innerJoin('clinic_sessions', 'clinic_sessions.id', 'slots.session_id')
      .select(['slots.id', 'slots.session_id', 'slots.starts_at', 'clinic_sessions.date', 'clinic_sessions.status'])
      .where('slots.id', '=', slotId)
      .executeTakeFirst();
    if (!slot || slot.status !== 'scheduled') {
      throw new ApiError('NOT_FOUND', { message: '这个号源不存在或已停诊，请重新选择' });
    }
    const state = bookableState(slot.date, slot.starts_at, nowMs, policy);
    if (state === 'not_yet_open') throw new ApiError('BOOKING_NOT_OPEN');
    if (state === 'closed') throw new ApiError('BOOKING_CLOSED');
    const inSession = await trx
      .selectFrom('bookings')
      .select('id')
      .where('worker_id', '=', workerId)
      .where('session_id', '=', slot.session_id)
      .where('status', 'in', ['booked', 'checked_in'])
      .executeTakeFirst();
    if (inSession) throw new ApiError('ALREADY_BOOKED');
    const { n } = await trx
      .selectFrom('bookings')
      .innerJoin('slots', 'slots.id', 'bookings.slot_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bookings.worker_id', '=', workerId)
      .where('bookings.status', '=', 'booked')
      .where('slots.starts_at', '>', nowMs)
      .executeTakeFirstOrThrow();
    if (Number(n) >= policy.maxUpcoming) throw new ApiError('BOOKING_LIMIT');
    const taken = await trx
      .updateTable('slots')
      .set({ booked: sql`booked + 1` })
      .where('id', '=', slotId)
      .where('booked', '<', sql<number>`capacity`)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw new ApiError('SLOT_FULL');
    const id = newId('b');
    for (let attempt = 0; ; attempt++) {
      try {
        await trx
          .insertInto('bookings')
          .values({
            id,
            worker_id: workerId,
            slot_id: slotId,
            session_id: slot.session_id,
            status: 'booked',
            check_in_code: newCheckInCode(),
            created_at: nowMs,
            cancelled_at: null,
            checked_in_at: null,
          })
          .execute();
        return id;
      } catch (err) {
        // A clash of the random check-in code is retried; any other constraint is a real error.
        if (attempt < 3 && String(err).includes('bookings.check_in_code')) continue;
        throw err;
      }
    }
  });
}

/** Bookings of a worker (or one by id), newest slot first. */
export async function bookingsOf(db: Db, workerId: string, bookingId?: string): Promise<BookingView[]> {
  let q = db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .innerJoin('clinic_sessions', 'clinic_sessions.id', 'bookings.session_id')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .innerJoin('doctors', 'doctors.id', 'clinic_sessions.doctor_id')
    .select([
      'bookings.id',
      'bookings.slot_id as slotId',
      'bookings.session_id as sessionId',
      'health_stations.id as stationId',
      'health_stations.name as stationName',
      'doctors.name as doctorName',
      'doctors.title as doctorTitle',
      'doctors.specialty as specialty',
      'slots.starts_at as startsAt',
      'slots.ends_at as endsAt',
      'bookings.status',
      'bookings.check_in_code as checkInCode',
    ])
    .where('bookings.worker_id', '=', workerId);
  if (bookingId) q = q.where('bookings.id', '=', bookingId);
  return q.orderBy('slots.starts_at', 'desc').execute();
}

/** A stored answer for an Idempotency-Key, or null. */
export async function storedAnswer(db: Db, accountId: string, key: string) {
  const r = await db
    .selectFrom('idempotency_keys')
    .select(['status', 'body'])
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .executeTakeFirst();
  return r ? { status: r.status, body: JSON.parse(r.body) as unknown } : null;
}

/** Remembers the answer to an Idempotency-Key (first answer wins). */
export async function storeAnswer(db: Db, accountId: string, key: string, status: number, body: unknown, nowMs: number) {
  await db
    .insertInto('idempotency_keys')
    .values({ account_id: accountId, key, status, body: JSON.stringify(body), created_at: nowMs })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
