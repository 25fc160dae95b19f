import { sql } from 'kysely';
import type { Db } from '../db/database';
import { newId } from '../services/crypto';
import { ACK_GRACE_MS } from '../services/grants';
import { SHANGHAI_OFFSET_MIN } from '../../../src/rules/time';

/** Emergency alerts and the union's entry statistics. */

export interface AlertInput {
  stationId: string;
  doorId: string | null;
  workerId: string | null;
  entryId: string | null;
  /** GCJ-02. */
  location: { lat: number; lng: number; accuracyM: number | null } | null;
  nowMs: number;
}

/** Records an emergency alert. @returns its id. */
export async function insertAlert(db: Db, a: AlertInput): Promise<string> {
  const id = newId('al');
  await db
    .insertInto('alerts')
    .values({
      id,
      at: a.nowMs,
      station_id: a.stationId,
      door_id: a.doorId,
      worker_id: a.workerId,
      entry_id: a.entryId,
      lat: a.location?.lat ?? null,
      lng: a.location?.lng ?? null,
      accuracy_m: a.location?.accuracyM ?? null,
    })
    .execute();
  return id;
}

/** Alerts in [fromMs, toMs), newest first, optionally of one station. */
export async function alertsBetween(db: Db, fromMs: number, toMs: number, stationId: string | undefined, limit: number) {
  let q = db
    .selectFrom('alerts')
    .innerJoin('stations', 'stations.id', 'alerts.station_id')
    .leftJoin('doors', 'doors.id', 'alerts.door_id')
    .select([
      'alerts.id',
      'alerts.at',
      'alerts.station_id as stationId',
      'stations.name as stationName',
      'stations.phone as stationPhone',
      'alerts.door_id as doorId',
      'doors.name as doorName',
      'alerts.worker_id as workerId',
      'alerts.entry_id as entryId',
      'alerts.lat',
      'alerts.lng',
      'alerts.accuracy_m as accuracyM',
    ])
    .where('alerts.at', '>=', fromMs)
    .where('alerts.at', '<', toMs);
  if (stationId) q = q.where('alerts.station_id', '=', stationId);
  return q.orderBy('alerts.at', 'desc').limit(limit).execute();
}

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
  stationId: string | undefined,
  nowMs: number,
): Promise<DailyCount[]> {
  // Integer division of whole milliseconds: SQLite's date() then reads the shifted instant as the Shanghai date.
  const day = sql<string>`date((entries.at + ${OFFSET_MS}) / 1000, 'unixepoch')`;
  let q = db
    .selectFrom('entries')
    .innerJoin('stations', 'stations.id', 'entries.station_id')
    .leftJoin('grants', 'grants.entry_id', 'entries.id')
    .select([
      'entries.station_id as stationId',
      'stations.name as stationName',
      day.as('date'),
      sql<number>`sum(entries.outcome = 'granted')`.as('granted'),
      sql<number>`sum(entries.outcome = 'refused')`.as('refused'),
      sql<number>`sum(entries.door_acked_at is not null)`.as('opened'),
      sql<number>`sum(entries.outcome = 'granted' and entries.door_acked_at is null and grants.expires_at + ${ACK_GRACE_MS} <= ${nowMs})`.as(
        'noResponse',
      ),
      sql<number>`sum(entries.location_present = 0)`.as('noLocation'),
    ])
    .where('entries.at', '>=', fromMs)
    .where('entries.at', '<', toMs);
  if (stationId) q = q.where('entries.station_id', '=', stationId);
  return q.groupBy(['entries.station_id', day]).orderBy(day).orderBy('entries.station_id').execute();
}
