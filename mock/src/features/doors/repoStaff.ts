import { sql } from 'kysely';
import type { Db } from '../../core/db/database';
import { dateOfMs } from '../../core/db/dialect';
import { reachLists, type StaffReach } from '../../core/staff';
import { SHANGHAI_OFFSET_MIN } from '@/rules/time';

/**
 * The doors feature's staff views: entry counts per station and day, door heartbeats and health, the stations
 * and doors of a reach, a station's entries with masked workers (a sub-repository of repo.ts, under the same
 * rules: the only place their SQL is built).
 */
export interface DailyCount {
  stationId: string;
  stationName: string;
  /** Shanghai calendar date 'YYYY-MM-DD'. */
  date: string;
  granted: number;
  refused: number;
  /** Granted and acknowledged by the door. */
  opened: number;
  /** Granted, but the door never acknowledged (counted once the grant and its grace are over). */
  noResponse: number;
  /** Attempts without a location from the phone. */
  noLocation: number;
}

const OFFSET_MS = SHANGHAI_OFFSET_MIN * 60_000;

/** Entry counts per station and Shanghai date for attempts in [fromMs, toMs), by date then station. */
export async function dailyEntryCounts(
  db: Db,
  fromMs: number,
  toMs: number,
  filter: { stationId?: string; reach: StaffReach },
  nowMs: number,
  /** How long after a grant's expiry an acknowledgement still counts (grants.ts ACK_GRACE_MS). */
  ackGraceMs: number,
): Promise<DailyCount[]> {
  // The shifted instant read as a UTC date is the Shanghai date (core/db/dialect.ts: SQLite's date(), PostgreSQL's to_char).
  const day = dateOfMs(db, 'entries.at', OFFSET_MS);
  // Portable counting: CASE, not a boolean summed (SQLite's 0/1 comparisons; PostgreSQL has no sum(boolean)).
  const countIf = (cond: ReturnType<typeof sql>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  let q = db
    .selectFrom('entries')
    .innerJoin('stations', 'stations.id', 'entries.station_id')
    .leftJoin('grants', 'grants.entry_id', 'entries.id')
    .select([
      'entries.station_id as stationId',
      'stations.name as stationName',
      day.as('date'),
      countIf(sql`entries.outcome = 'granted'`).as('granted'),
      countIf(sql`entries.outcome = 'refused'`).as('refused'),
      countIf(sql`entries.door_acked_at is not null`).as('opened'),
      countIf(sql`entries.outcome = 'granted' and entries.door_acked_at is null and grants.expires_at + ${ackGraceMs} <= ${nowMs}`).as(
        'noResponse',
      ),
      countIf(sql`entries.location_present = 0`).as('noLocation'),
    ])
    .where('entries.at', '>=', fromMs)
    .where('entries.at', '<', toMs);
  if (filter.stationId) q = q.where('entries.station_id', '=', filter.stationId);
  if (!filter.reach.all) {
    const r = reachLists(filter.reach);
    q = q.where((eb) => eb.or([eb('stations.district_code', 'in', r.districts), eb('entries.station_id', 'in', r.stations)]));
  }
  // Grouped by the station's name too: PostgreSQL allows no ungrouped column (SQLite would take any row's).
  return q.groupBy(['entries.station_id', 'stations.name', day]).orderBy(day).orderBy('entries.station_id').execute();
}

// Door controllers' health (migration 010: door_status).

/**
 * The controller's poll is its heartbeat: records that the door was heard from at `nowMs`, clears an offline notice
 * (the door is back), and, when the controller has a door contact, whether the door is open or closed (since when:
 * kept while the state does not change).
 */
export async function recordHeartbeat(db: Db, doorId: string, nowMs: number, contact: 'open' | 'closed' | null): Promise<void> {
  await db
    .insertInto('door_status')
    .values({ door_id: doorId, last_seen_at: nowMs, contact, contact_since: contact ? nowMs : null, offline_notified_at: null })
    .onConflict((oc) =>
      oc.column('door_id').doUpdateSet({
        last_seen_at: nowMs,
        offline_notified_at: null,
        ...(contact
          ? {
              contact,
              contact_since: sql<number>`CASE WHEN door_status.contact = ${contact} THEN door_status.contact_since ELSE ${nowMs} END`,
            }
          : {}),
      }),
    )
    .execute();
}

/** Stations within `reach` (optionally one district), by id, with their hours (JSON text). */
export async function stationsInReach(db: Db, reach: StaffReach, districtCode: string | undefined, limit: number) {
  let q = db.selectFrom('stations').select(['id', 'name', 'district', 'district_code as districtCode', 'hours', 'phone']);
  if (!reach.all) {
    const r = reachLists(reach);
    q = q.where((eb) => eb.or([eb('stations.district_code', 'in', r.districts), eb('stations.id', 'in', r.stations)]));
  }
  if (districtCode) q = q.where('district_code', '=', districtCode);
  return q.orderBy('id').limit(limit).execute();
}

/** The doors of `stationIds` with their last heartbeat and contact (null when never heard from). */
export async function doorsWithStatus(db: Db, stationIds: string[]) {
  if (stationIds.length === 0) return [];
  return db
    .selectFrom('doors')
    .leftJoin('door_status', 'door_status.door_id', 'doors.id')
    .select([
      'doors.id',
      'doors.station_id as stationId',
      'doors.name',
      'door_status.last_seen_at as lastSeenAt',
      'door_status.contact',
      'door_status.contact_since as contactSince',
    ])
    .where('doors.station_id', 'in', stationIds)
    .orderBy('doors.id')
    .execute();
}

/** Entries (granted or refused) per station since `fromMs`. */
export async function entriesSinceByStation(db: Db, stationIds: string[], fromMs: number): Promise<Map<string, number>> {
  if (stationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('entries')
    .select(['station_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('station_id', 'in', stationIds)
    .where('at', '>=', fromMs)
    .groupBy('station_id')
    .execute();
  return new Map(rows.map((r) => [r.station_id, Number(r.n)]));
}

/** Alarms not yet resolved (nor withdrawn by the worker), per station. */
export async function openAlarmsByStation(db: Db, stationIds: string[]): Promise<Map<string, number>> {
  if (stationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('alerts')
    .select(['station_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('station_id', 'in', stationIds)
    .where('state', 'in', ['open', 'acknowledged'])
    .groupBy('station_id')
    .execute();
  return new Map(rows.map((r) => [r.station_id, Number(r.n)]));
}

/** Doors silent since before `silentSinceMs` whose silence nobody was told about yet, with their station. */
export async function silentDoorsNotTold(db: Db, silentSinceMs: number) {
  return db
    .selectFrom('door_status')
    .innerJoin('doors', 'doors.id', 'door_status.door_id')
    .innerJoin('stations', 'stations.id', 'doors.station_id')
    .select([
      'doors.id as doorId',
      'doors.name as doorName',
      'door_status.last_seen_at as lastSeenAt',
      'stations.id as stationId',
      'stations.name as stationName',
      'stations.district_code as districtCode',
      'stations.hours',
    ])
    .where('door_status.last_seen_at', '<', silentSinceMs)
    .where('door_status.offline_notified_at', 'is', null)
    .orderBy('doors.id')
    .execute();
}

/** Marks a door's silence as told (until its next heartbeat). */
export async function markOfflineTold(db: Db, doorId: string, nowMs: number): Promise<void> {
  await db
    .updateTable('door_status')
    .set({ offline_notified_at: nowMs })
    .where('door_id', '=', doorId)
    .where('offline_notified_at', 'is', null)
    .execute();
}

// The keeper's side (migration 011): a station's entries for staff, doors opened remotely by staff.

/** An entry as staff see it: the door, the worker's masked phone and name, the grant, who opened it remotely. */
export interface StationEntryRow {
  id: string;
  at: number;
  outcome: 'granted' | 'refused';
  reason: string | null;
  doorId: string;
  doorName: string | null;
  workerName: string | null;
  workerPhoneMasked: string | null;
  grantExpiresAt: number | null;
  doorAckedAt: number | null;
  remoteStaffId: string | null;
  remoteByName: string | null;
}

/** A station's entries in [fromMs, toMs), newest first (same millisecond: latest inserted first), at most `limit`. */
export async function stationEntries(db: Db, stationId: string, fromMs: number, toMs: number, limit: number): Promise<StationEntryRow[]> {
  return db
    .selectFrom('entries')
    .leftJoin('doors', 'doors.id', 'entries.door_id')
    .leftJoin('workers', 'workers.id', 'entries.worker_id')
    .leftJoin('grants', 'grants.entry_id', 'entries.id')
    .leftJoin('staff_members', 'staff_members.id', 'entries.remote_staff_id')
    .select([
      'entries.id',
      'entries.at',
      'entries.outcome',
      'entries.reason',
      'entries.door_id as doorId',
      'doors.name as doorName',
      'workers.name as workerName',
      'workers.phone_masked as workerPhoneMasked',
      'grants.expires_at as grantExpiresAt',
      'entries.door_acked_at as doorAckedAt',
      'entries.remote_staff_id as remoteStaffId',
      'staff_members.display_name as remoteByName',
    ])
    .where('entries.station_id', '=', stationId)
    .where('entries.at', '>=', fromMs)
    .where('entries.at', '<', toMs)
    .orderBy('entries.at', 'desc')
    .orderBy('entries.seq', 'desc')
    .limit(limit)
    .execute();
}

/** A station's name, or null. */
export async function stationNameOf(db: Db, stationId: string): Promise<string | null> {
  const r = await db.selectFrom('stations').select('name').where('id', '=', stationId).executeTakeFirst();
  return r?.name ?? null;
}
