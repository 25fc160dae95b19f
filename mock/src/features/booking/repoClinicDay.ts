import type { Db } from '../../core/db/database';
import type { BookingsTable, ClinicSessionsTable } from '../../core/db/schema';

/**
 * The booking feature's data access for the clinic staff's day (GET /staff/health-stations/{id}/day): a
 * sub-repository of repo.ts, split off by sub-feature so repo.ts stays readable. Like repo.ts it is the only place
 * its queries are built, imports nothing of its feature and takes a `Db` (which may be a transaction). Times are
 * epoch milliseconds. Check-in codes are never read here.
 */

/** A clinic session of the day with its doctor, its places (sum of its slots' capacity) and its waiting places. */
export interface DaySessionRow {
  id: string;
  status: ClinicSessionsTable['status'];
  startsAt: number;
  endsAt: number;
  doctorId: string;
  doctorName: string;
  doctorTitle: string;
  doctorSpecialty: string;
  capacity: number;
  waiting: number;
}

/** A booking of the day as stored, with its slot's times and its worker's name and masked phone (null once erased). */
export interface DayBookingRow {
  id: string;
  sessionId: string;
  startsAt: number;
  endsAt: number;
  status: BookingsTable['status'];
  checkedInAt: number | null;
  cancelledBy: 'worker' | 'station' | null;
  workerName: string | null;
  workerPhoneMasked: string | null;
}

/** The health station's id and name, or undefined. */
export async function healthStationName(db: Db, id: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('health_stations').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/**
 * The sessions of health station `healthStationId` on Shanghai date `date` (by start, then specialty and id) and
 * every booking in them, whatever its status (by slot start, then booking time and id). `waiting` counts the places
 * still in line at `nowMs` (epoch ms): those of slots not yet started.
 */
export async function clinicDayRows(
  db: Db,
  healthStationId: string,
  date: string,
  nowMs: number,
): Promise<{ sessions: DaySessionRow[]; bookings: DayBookingRow[] }> {
  const rows = await db
    .selectFrom('clinic_sessions as cs')
    .innerJoin('doctors as d', 'd.id', 'cs.doctor_id')
    .select((eb) => [
      'cs.id',
      'cs.status',
      'cs.starts_at as startsAt',
      'cs.ends_at as endsAt',
      'd.id as doctorId',
      'd.name as doctorName',
      'd.title as doctorTitle',
      'd.specialty as doctorSpecialty',
      eb
        .selectFrom('slots')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('slots.capacity'), e.lit(0)).as('n'))
        .whereRef('slots.session_id', '=', 'cs.id')
        .as('capacity'),
      eb
        .selectFrom('waitlist_entries as w')
        .innerJoin('slots as ws', 'ws.id', 'w.slot_id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('w.session_id', '=', 'cs.id')
        .where('w.status', '=', 'waiting')
        // The scheduler's rule (repo.ts expireWaitlist): a waiting place ends when its slot starts, marked or not.
        .where('ws.starts_at', '>', nowMs)
        .as('waiting'),
    ])
    .where('cs.health_station_id', '=', healthStationId)
    .where('cs.date', '=', date)
    .orderBy('cs.starts_at')
    .orderBy('d.specialty')
    .orderBy('cs.id')
    .execute();
  // PostgreSQL answers SUM and COUNT as strings (bigint).
  const sessions = rows.map((r) => ({ ...r, capacity: Number(r.capacity ?? 0), waiting: Number(r.waiting ?? 0) }));
  if (sessions.length === 0) return { sessions, bookings: [] };
  const bookings = await db
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .leftJoin('workers as wk', 'wk.id', 'b.worker_id')
    .select([
      'b.id',
      'b.session_id as sessionId',
      's.starts_at as startsAt',
      's.ends_at as endsAt',
      'b.status',
      'b.checked_in_at as checkedInAt',
      'b.cancelled_by as cancelledBy',
      'wk.name as workerName',
      'wk.phone_masked as workerPhoneMasked',
    ])
    .where(
      'b.session_id',
      'in',
      sessions.map((x) => x.id),
    )
    .orderBy('s.starts_at')
    .orderBy('b.created_at')
    .orderBy('b.id')
    .execute();
  return { sessions, bookings };
}
