import crypto from 'crypto';
import { sql } from 'kysely';
import type { Db } from '../../core/db/database';
import type { BookingsTable, OutboxTable, WaitlistEntriesTable } from '../../core/db/schema';
import { newId } from '../../core/crypto';
import { locksRows, serializeOn } from '../../core/db/dialect';
import { addDays, parseShanghaiDateTime, shanghaiDate, shanghaiParts } from '@/rules/time';
import { HOLDING_STATUSES } from '@/rules/holding';

/**
 * The booking feature's data access, the only file of the feature that builds SQL: health stations, their
 * clinic sessions and slots, bookings, the waitlist, Idempotency-Key answers and the reminder outbox. Every
 * function takes a `Db`, which may be a transaction (Kysely's Transaction is a Kysely), so use cases compose
 * them inside one transaction. Times are epoch milliseconds.
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
  /** The health station's district code (scope checks). */
  stationDistrictCode: string | null;
}

/** A waiting place on a full slot, with its 1-based position in the line. */
export interface WaitlistRow extends Omit<BookingRow, 'status' | 'checkInCode' | 'cancelledBy' | 'stationDistrictCode'> {
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

/** Statuses that hold a place in a slot. */
const ACTIVE = HOLDING_STATUSES;

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

/**
 * The worker's places that hold one (booked or checked in, src/rules/holding.ts) in slots ending after `sinceMs`,
 * with their session and times, for the holding rule.
 */
export async function heldPlacesOf(db: Db, workerId: string, sinceMs: number) {
  return db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .select(['bookings.session_id as sessionId', 'slots.starts_at as startsAt', 'slots.ends_at as endsAt', 'bookings.status'])
    .where('bookings.worker_id', '=', workerId)
    .where('bookings.status', 'in', HOLDING_STATUSES)
    .where('slots.ends_at', '>', sinceMs)
    .execute();
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
  await db
    .updateTable('slots')
    .set({ booked: sql<number>`booked - 1` })
    .where('id', '=', slotId)
    .where('booked', '>', 0)
    .execute();
}

/** Inserts an active booking (the place must already be taken). @returns its id. */
export async function insertBooking(
  db: Db,
  b: { workerId: string; slotId: string; sessionId: string; nowMs: number; waitlistId?: string },
): Promise<string> {
  const id = newId('b');
  for (let attempt = 0; ; attempt++) {
    // A clash of the random check-in code inserts nothing and is tried again with another code (ON CONFLICT on that
    // column only: any other constraint still fails). Not a caught error: on PostgreSQL a failed statement
    // aborts the whole transaction.
    const r = await db
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
      .onConflict((oc) => oc.column('check_in_code').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) return id;
    if (attempt >= 5) throw new Error('no free check-in code after 6 attempts');
  }
}

/**
 * Inside a booking transaction, before it reads anything it decides on: waits for, then holds until the end,
 * first the slot's row (PostgreSQL: SELECT ... FOR UPDATE), then the worker's booking lock (an advisory lock), so
 * one worker's requests (the holding rule, an Idempotency-Key's first answer) are decided one at a time. Always
 * slot before worker, as a cancellation does (its releasePlace locks the slot, then promoteWaitlist each
 * promoted worker), so the two can never wait on each other in a circle. SQLite: its IMMEDIATE transaction
 * already runs alone.
 */
export async function lockSlotAndWorker(db: Db, slotId: string | null, workerId: string): Promise<void> {
  if (!locksRows(db)) return;
  if (slotId) await db.selectFrom('slots').select('id').where('id', '=', slotId).forUpdate().execute();
  await lockWorker(db, workerId);
}

/** The worker's booking lock alone (see {@link lockSlotAndWorker}), for a promotion from the waitlist. */
export async function lockWorker(db: Db, workerId: string): Promise<void> {
  await serializeOn(db, `booking-worker:${workerId}`);
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
  'health_stations.district_code as stationDistrictCode',
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
    .values({
      account_id: a.accountId,
      key: a.key,
      status: a.status,
      body: JSON.stringify(a.body),
      created_at: a.nowMs,
      request_hash: a.requestHash,
    })
    .execute();
}

// Health stations, their doctors and clinic sessions.

/** Health stations with their doctors. */
export async function healthStations(db: Db) {
  const stations = await db.selectFrom('health_stations').selectAll().orderBy('id').execute();
  const doctors = await db.selectFrom('doctors').selectAll().orderBy('id').execute();
  return stations.map((s) => ({
    id: s.id,
    name: s.name,
    address: s.address,
    district: s.district,
    lat: s.lat,
    lng: s.lng,
    phone: s.phone,
    status: s.status,
    openedOn: s.opened_on,
    doctors: doctors
      .filter((d) => d.health_station_id === s.id)
      .map((d) => ({ id: d.id, name: d.name, title: d.title, specialty: d.specialty, hospital: d.hospital })),
  }));
}

/**
 * For each health station, which of `dates` (Shanghai 'YYYY-MM-DD') have a scheduled (not cancelled) session not
 * yet over at `nowMs` (epoch ms): today drops out once its last session has ended.
 */
export async function datesWithSessions(db: Db, dates: string[], nowMs: number): Promise<Map<string, string[]>> {
  if (dates.length === 0) return new Map();
  const rows = await db
    .selectFrom('clinic_sessions')
    .select(['health_station_id', 'date'])
    .distinct()
    .where('date', 'in', dates)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', nowMs)
    .orderBy('health_station_id')
    .orderBy('date')
    .execute();
  const byStation = new Map<string, string[]>();
  for (const r of rows) {
    const dates = byStation.get(r.health_station_id);
    if (dates) dates.push(r.date);
    else byStation.set(r.health_station_id, [r.date]);
  }
  return byStation;
}

/** The sessions of a health station on a Shanghai date, each with its doctor and slots. */
export async function sessionsOn(db: Db, healthStationId: string, date: string) {
  const sessions = await db
    .selectFrom('clinic_sessions')
    .innerJoin('doctors', 'doctors.id', 'clinic_sessions.doctor_id')
    .select([
      'clinic_sessions.id',
      'clinic_sessions.date',
      'clinic_sessions.starts_at',
      'clinic_sessions.ends_at',
      'clinic_sessions.status',
      'doctors.id as doctorId',
      'doctors.name as doctorName',
      'doctors.title as doctorTitle',
      'doctors.specialty as doctorSpecialty',
    ])
    .where('clinic_sessions.health_station_id', '=', healthStationId)
    .where('clinic_sessions.date', '=', date)
    .orderBy('clinic_sessions.starts_at')
    .orderBy('doctors.specialty')
    .execute();
  const slots = sessions.length
    ? await db
        .selectFrom('slots')
        .selectAll()
        .where(
          'session_id',
          'in',
          sessions.map((s) => s.id),
        )
        .orderBy('starts_at')
        .execute()
    : [];
  return sessions.map((s) => ({ ...s, slots: slots.filter((x) => x.session_id === s.id) }));
}

/** Whether a health station with this id exists. */
export async function healthStationExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('health_stations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/**
 * Materialises clinic sessions and their slots from the weekly templates for the Shanghai dates
 * today .. today + `days` (a rolling window), in one transaction. Idempotent: existing sessions are kept as they
 * are, bookings included. Only open health stations get sessions.
 * @returns the number of sessions created.
 */
export async function materializeSessions(db: Db, nowMs: number, days: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const templates = await trx
      .selectFrom('session_templates as t')
      .innerJoin('doctors as d', 'd.id', 't.doctor_id')
      .innerJoin('health_stations as h', 'h.id', 'd.health_station_id')
      .select(['t.id', 't.doctor_id', 'd.health_station_id', 't.weekday', 't.start', 't.end', 't.slot_minutes', 't.capacity'])
      .where('h.status', '=', 'open')
      .execute();
    const today = shanghaiDate(nowMs);
    let created = 0;
    for (let i = 0; i <= days; i++) {
      const date = addDays(today, i);
      const noon = parseShanghaiDateTime(`${date} 12:00`) as number;
      const weekday = shanghaiParts(noon).weekday;
      for (const t of templates.filter((x) => x.weekday === weekday)) {
        const startsAt = parseShanghaiDateTime(`${date} ${t.start}`) as number;
        const endsAt = parseShanghaiDateTime(`${date} ${t.end}`) as number;
        const sessionId = `cs_${t.id}_${date.replace(/-/g, '')}`;
        const res = await trx
          .insertInto('clinic_sessions')
          .values({
            id: sessionId,
            template_id: t.id,
            health_station_id: t.health_station_id,
            doctor_id: t.doctor_id,
            date,
            starts_at: startsAt,
            ends_at: endsAt,
            status: 'scheduled',
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) continue;
        created++;
        const stepMs = t.slot_minutes * 60_000;
        for (let k = 0, at = startsAt; at + stepMs <= endsAt; k++, at += stepMs) {
          await trx
            .insertInto('slots')
            .values({
              id: `${sessionId}_${k + 1}`,
              session_id: sessionId,
              starts_at: at,
              ends_at: at + stepMs,
              capacity: t.capacity,
              booked: 0,
            })
            .execute();
        }
      }
    }
    return created;
  });
}

// The waitlist and booking changes of the use cases (booking.ts, staff.ts, erasure.ts).

/** The worker's waiting place in a session, or undefined. */
export async function waitingInSession(db: Db, workerId: string, sessionId: string) {
  return db
    .selectFrom('waitlist_entries')
    .select(['id', 'slot_id'])
    .where('worker_id', '=', workerId)
    .where('session_id', '=', sessionId)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
}

/** Ends a waiting place with `status` at `nowMs`. */
export async function endWaiting(db: Db, entryId: string, status: WaitlistEntriesTable['status'], nowMs: number): Promise<void> {
  await db.updateTable('waitlist_entries').set({ status, ended_at: nowMs }).where('id', '=', entryId).execute();
}

/** Adds a waiting place at the end of the slot's line. @returns its id. */
export async function insertWaiting(db: Db, w: { workerId: string; slotId: string; sessionId: string; nowMs: number }): Promise<string> {
  const id = newId('wl');
  await db
    .insertInto('waitlist_entries')
    .values({ id, worker_id: w.workerId, slot_id: w.slotId, session_id: w.sessionId, status: 'waiting', created_at: w.nowMs })
    .execute();
  return id;
}

/** The waiting places of a slot in join order. */
export async function waitingLine(db: Db, slotId: string) {
  return db
    .selectFrom('waitlist_entries')
    .select(['id', 'worker_id'])
    .where('slot_id', '=', slotId)
    .where('status', '=', 'waiting')
    .orderBy('seq')
    .execute();
}

/** Records that a waiting place became booking `bookingId`. */
export async function markPromoted(db: Db, entryId: string, bookingId: string, nowMs: number): Promise<void> {
  await db
    .updateTable('waitlist_entries')
    .set({ status: 'promoted', ended_at: nowMs, booking_id: bookingId })
    .where('id', '=', entryId)
    .execute();
}

/** Leaves the worker's waiting place `entryId`. @returns false when the worker has no such waiting place. */
export async function leaveWaiting(db: Db, workerId: string, entryId: string, nowMs: number): Promise<boolean> {
  const r = await db
    .updateTable('waitlist_entries')
    .set({ status: 'left', ended_at: nowMs })
    .where('id', '=', entryId)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Cancels a booked (not checked-in) booking, by the worker or the station. */
export async function cancelBookingRow(db: Db, bookingId: string, by: 'worker' | 'station', nowMs: number): Promise<void> {
  await db
    .updateTable('bookings')
    .set({ status: 'cancelled', cancelled_at: nowMs, cancelled_by: by })
    .where('id', '=', bookingId)
    .where('status', '=', 'booked')
    .execute();
}

/** Checks a booked booking in at `nowMs`. */
export async function markCheckedIn(db: Db, bookingId: string, nowMs: number): Promise<void> {
  await db
    .updateTable('bookings')
    .set({ status: 'checked_in', checked_in_at: nowMs })
    .where('id', '=', bookingId)
    .where('status', '=', 'booked')
    .execute();
}

/** A clinic session's id, status and health station (with its district), or undefined. */
export async function clinicSession(db: Db, sessionId: string) {
  return db
    .selectFrom('clinic_sessions')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .select([
      'clinic_sessions.id',
      'clinic_sessions.status',
      'clinic_sessions.health_station_id as healthStationId',
      'health_stations.district_code as districtCode',
    ])
    .where('clinic_sessions.id', '=', sessionId)
    .executeTakeFirst();
}

/**
 * Inside a station's cancelling, before it reads the session's bookings: waits for, then holds until the end, every
 * slot row of the session (PostgreSQL: SELECT ... FOR UPDATE, in id order), so a booking taking a place at that
 * moment (it holds its slot's row, lockSlotAndWorker) commits first and is seen and cancelled, and any later one
 * finds the session cancelled. SQLite: its IMMEDIATE transaction already runs alone.
 */
export async function lockSessionSlots(db: Db, sessionId: string): Promise<void> {
  if (!locksRows(db)) return;
  await db.selectFrom('slots').select('id').where('session_id', '=', sessionId).orderBy('id').forUpdate().execute();
}

/** Marks a clinic session cancelled, and why (the statistics count doctor absences). */
export async function markSessionCancelled(db: Db, sessionId: string, reason: 'doctor_absent' | 'other'): Promise<void> {
  await db.updateTable('clinic_sessions').set({ status: 'cancelled', cancel_reason: reason }).where('id', '=', sessionId).execute();
}

/**
 * The bookings of a session a station's cancelling ends: booked ones, and no-shows (the doctor found absent only
 * after a slot ended, once the scheduler had marked them: a worker who came to no doctor missed nothing).
 */
export async function cancellableBySession(db: Db, sessionId: string) {
  return db
    .selectFrom('bookings')
    .select(['id', 'worker_id', 'slot_id'])
    .where('session_id', '=', sessionId)
    .where('status', 'in', ['booked', 'no_show'])
    .execute();
}

/** The station cancels a booked booking or takes back a no-show (no_show_at cleared, so it never counts). */
export async function cancelByStation(db: Db, bookingId: string, nowMs: number): Promise<void> {
  await db
    .updateTable('bookings')
    .set({ status: 'cancelled', cancelled_at: nowMs, cancelled_by: 'station', no_show_at: null })
    .where('id', '=', bookingId)
    .where('status', 'in', ['booked', 'no_show'])
    .execute();
}

/** The waiting places of a session. */
export async function waitingInSessionAll(db: Db, sessionId: string) {
  return db
    .selectFrom('waitlist_entries')
    .select(['id', 'worker_id', 'slot_id'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'waiting')
    .execute();
}

/** Sets each slot's taken places of a session to its active bookings (booked or checked in). */
export async function recountSessionPlaces(db: Db, sessionId: string): Promise<void> {
  await db
    .updateTable('slots')
    .set((eb) => ({
      booked: eb
        .selectFrom('bookings')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('bookings.slot_id', '=', 'slots.id')
        .where('bookings.status', 'in', ACTIVE),
    }))
    .where('session_id', '=', sessionId)
    .execute();
}

/** The worker's booked bookings whose slot starts after `nowMs`, with their slots. */
export async function upcomingBookedOf(db: Db, workerId: string, nowMs: number) {
  return db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .select(['bookings.id as id', 'bookings.slot_id as slotId'])
    .where('bookings.worker_id', '=', workerId)
    .where('bookings.status', '=', 'booked')
    .where('slots.starts_at', '>', nowMs)
    .execute();
}

/** Takes the worker's name off their bookings (account erasure); returns how many. */
export async function anonymiseBookingsOf(db: Db, workerId: string): Promise<number> {
  const r = await db.updateTable('bookings').set({ worker_id: null }).where('worker_id', '=', workerId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Forgets the stored Idempotency-Key answers of an account (account erasure). */
export async function forgetAnswersOf(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).execute();
}

/** Forgets Idempotency-Key answers stored before `beforeMs`; returns how many. */
export async function pruneAnswers(db: Db, beforeMs: number): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', beforeMs).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// The reminder outbox (reminders.ts queues, the scheduler sends).

/** A message kind of the outbox. */
export type MessageKind = OutboxTable['kind'];

/** Queues a message once: `dedupeKey` (kind and reference) makes a second queueing a no-op. */
export async function queueMessage(
  db: Db,
  m: { kind: MessageKind; ref: string; workerId: string; bookingId: string | null; slotId: string; dueAt: number; nowMs: number },
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: newId('msg'),
      dedupe_key: `${m.kind}:${m.ref}`,
      worker_id: m.workerId,
      kind: m.kind,
      booking_id: m.bookingId,
      slot_id: m.slotId,
      due_at: m.dueAt,
      created_at: m.nowMs,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/** Drops the pending messages of `kinds` for a booking that was cancelled (they must not be sent). */
export async function dropMessages(db: Db, bookingId: string, kinds: MessageKind[]): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'dropped' })
    .where('booking_id', '=', bookingId)
    .where('status', '=', 'pending')
    .where('kind', 'in', kinds)
    .execute();
}

/** A due message with what the notifier needs to render it (no personal data beyond the recipient's openid). */
export interface DueMessage {
  id: string;
  kind: MessageKind;
  attempts: number;
  bookingId: string | null;
  bookingStatus: string | null;
  openid: string | null;
  stationName: string;
  stationPhone: string;
  doctorName: string;
  specialty: string;
  startsAt: number;
}

/** Pending messages due at `nowMs`, oldest first. */
export async function dueMessages(db: Db, nowMs: number, limit: number): Promise<DueMessage[]> {
  return db
    .selectFrom('outbox')
    .innerJoin('slots', 'slots.id', 'outbox.slot_id')
    .innerJoin('clinic_sessions', 'clinic_sessions.id', 'slots.session_id')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .innerJoin('doctors', 'doctors.id', 'clinic_sessions.doctor_id')
    .leftJoin('bookings', 'bookings.id', 'outbox.booking_id')
    .leftJoin('accounts', 'accounts.worker_id', 'outbox.worker_id')
    .select([
      'outbox.id',
      'outbox.kind',
      'outbox.attempts',
      'outbox.booking_id as bookingId',
      'bookings.status as bookingStatus',
      'accounts.wx_openid as openid',
      'health_stations.name as stationName',
      'health_stations.phone as stationPhone',
      'doctors.name as doctorName',
      'doctors.specialty as specialty',
      'slots.starts_at as startsAt',
    ])
    .where('outbox.status', '=', 'pending')
    .where('outbox.due_at', '<=', nowMs)
    .orderBy('outbox.due_at')
    .orderBy('outbox.id')
    .limit(limit)
    .execute();
}

/** Records the outcome of one send. */
export async function settleMessage(
  db: Db,
  id: string,
  outcome: { status: 'sent' | 'dropped' | 'undeliverable' | 'failed' | 'pending'; error?: string; attempts: number; nowMs: number },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      last_error: outcome.error ?? null,
      sent_at: outcome.status === 'sent' ? outcome.nowMs : null,
    })
    .where('id', '=', id)
    .execute();
}

// What the scheduler does when time passes.

/**
 * Marks every booking not checked in by its slot's end as a no-show (at the slot's end, which is what the
 * block rule counts). @returns how many were marked.
 */
export async function markNoShows(db: Db, nowMs: number): Promise<number> {
  const due = await db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .select(['bookings.id', 'slots.ends_at'])
    .where('bookings.status', '=', 'booked')
    .where('slots.ends_at', '<=', nowMs)
    .execute();
  for (const b of due) {
    await db
      .updateTable('bookings')
      .set({ status: 'no_show', no_show_at: b.ends_at })
      .where('id', '=', b.id)
      .where('status', '=', 'booked')
      .execute();
  }
  return due.length;
}

/** Ends the waiting places of slots that have started (no place can free up for them any more). */
export async function expireWaitlist(db: Db, nowMs: number): Promise<number> {
  const r = await db
    .updateTable('waitlist_entries')
    .set({ status: 'expired', ended_at: nowMs })
    .where('status', '=', 'waiting')
    .where('slot_id', 'in', (eb) => eb.selectFrom('slots').select('id').where('starts_at', '<=', nowMs))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
