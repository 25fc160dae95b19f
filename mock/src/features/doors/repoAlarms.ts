import type { Db } from '../../core/db/database';
import { newId } from '../../core/crypto';
import { reachLists, type StaffReach } from '../../core/staff';
import type { StaffNoticesTable } from '../../core/db/schema';

/**
 * The doors feature's emergency alerts and the notices that tell staff about them (a sub-repository of repo.ts,
 * under the same rules: the only place their SQL is built).
 */
export interface AlertInput {
  /** The account that pressed (registered or not), so it can see the answer. */
  accountId: string | null;
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
      account_id: a.accountId,
    })
    .execute();
  return id;
}

const alertColumns = [
  'alerts.id',
  'alerts.at',
  'alerts.station_id as stationId',
  'stations.name as stationName',
  'stations.phone as stationPhone',
  'stations.district_code as districtCode',
  'alerts.door_id as doorId',
  'doors.name as doorName',
  'alerts.worker_id as workerId',
  'alerts.entry_id as entryId',
  'alerts.lat',
  'alerts.lng',
  'alerts.accuracy_m as accuracyM',
  'alerts.state',
  'alerts.escalation_level as escalationLevel',
  'alerts.acknowledged_at as acknowledgedAt',
  'alerts.acknowledged_by as acknowledgedBy',
  'alerts.acknowledged_by_name as acknowledgedByName',
  'alerts.resolved_at as resolvedAt',
  'alerts.resolved_by as resolvedBy',
  'alerts.resolution_note as resolutionNote',
  'alerts.withdrawn_at as withdrawnAt',
  'alerts.account_id as accountId',
] as const;

const alertQuery = (db: Db) =>
  db
    .selectFrom('alerts')
    .innerJoin('stations', 'stations.id', 'alerts.station_id')
    .leftJoin('doors', 'doors.id', 'alerts.door_id')
    .select(alertColumns);

export type AlertRow = Awaited<ReturnType<ReturnType<typeof alertQuery>['execute']>>[number];

/** One alert with its station (and the station's district), or undefined. */
export async function alertById(db: Db, id: string): Promise<AlertRow | undefined> {
  return alertQuery(db).where('alerts.id', '=', id).executeTakeFirst();
}

/** The alerts an account raised, newest first. */
export async function alertsOfAccount(db: Db, accountId: string, limit: number): Promise<AlertRow[]> {
  return alertQuery(db).where('alerts.account_id', '=', accountId).orderBy('alerts.at', 'desc').limit(limit).execute();
}

/** Acknowledges an open alert, once. @returns false when it was not open. */
export async function markAcknowledged(db: Db, id: string, by: { staffId: string; name: string }, nowMs: number): Promise<boolean> {
  const r = await db
    .updateTable('alerts')
    .set({ state: 'acknowledged', acknowledged_at: nowMs, acknowledged_by: by.staffId, acknowledged_by_name: by.name })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Resolves an open or acknowledged alert with a note (acknowledging it too when nobody had). @returns false when already resolved. */
export async function markResolved(
  db: Db,
  id: string,
  by: { staffId: string; name: string },
  note: string,
  nowMs: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await markAcknowledged(trx, id, by, nowMs);
    const r = await trx
      .updateTable('alerts')
      .set({ state: 'resolved', resolved_at: nowMs, resolved_by: by.staffId, resolution_note: note })
      .where('id', '=', id)
      .where('state', '=', 'acknowledged')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  });
}

/**
 * The worker withdraws alert `id` (取消求助): open or acknowledged, raised at or after `raisedSinceMs`, -> withdrawn
 * at `nowMs`. A conditional update, so a staff member resolving it at the same moment and the withdrawal never both
 * win. @returns false when it was not withdrawable.
 */
export async function markWithdrawn(db: Db, id: string, raisedSinceMs: number, nowMs: number): Promise<boolean> {
  const r = await db
    .updateTable('alerts')
    .set({ state: 'withdrawn', withdrawn_at: nowMs })
    .where('id', '=', id)
    .where('state', 'in', ['open', 'acknowledged'])
    .where('at', '>=', raisedSinceMs)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The staff ids already told about alarm `alertId` (any level), for the notice that it was withdrawn. */
export async function staffToldOfAlarm(db: Db, alertId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_notices')
    .select('staff_id')
    .distinct()
    .where('kind', '=', 'alarm')
    .where('ref_id', '=', alertId)
    .execute();
  return rows.map((r) => r.staff_id);
}

/** Open alerts whose next escalation is due at `nowMs`: level L < 2 and raised at least (L + 1) * `escalateMs` ago. */
export async function alertsToEscalate(db: Db, nowMs: number, escalateMs: number): Promise<AlertRow[]> {
  return alertQuery(db)
    .where('alerts.state', '=', 'open')
    .where('alerts.escalation_level', '<', 2)
    .where((eb) => eb(eb('alerts.at', '+', eb('alerts.escalation_level', '*', escalateMs)), '<=', nowMs - escalateMs))
    .orderBy('alerts.at')
    .execute();
}

/** Moves an alert from level `from` to `to` (a conditional update: one pass wins). @returns false when it was not at `from`. */
export async function setEscalationLevel(db: Db, id: string, from: number, to: number): Promise<boolean> {
  const r = await db
    .updateTable('alerts')
    .set({ escalation_level: to })
    .where('id', '=', id)
    .where('escalation_level', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records who is to be told, once per (kind, ref, level, staff member). @returns the rows it added (not those already there). */
export async function insertNotices(
  db: Db,
  rows: { kind: StaffNoticesTable['kind']; refId: string; level: number; staffId: string; stationId: string }[],
  nowMs: number,
): Promise<{ id: string; staffId: string }[]> {
  const added: { id: string; staffId: string }[] = [];
  for (const n of rows) {
    const id = newId('sn');
    const r = await db
      .insertInto('staff_notices')
      .values({
        id,
        kind: n.kind,
        ref_id: n.refId,
        level: n.level,
        staff_id: n.staffId,
        station_id: n.stationId,
        created_at: nowMs,
        last_error: null,
        sent_at: null,
      })
      .onConflict((oc) => oc.columns(['kind', 'ref_id', 'level', 'staff_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) added.push({ id, staffId: n.staffId });
  }
  return added;
}

/** Records the outcome of sending one staff notice. */
export async function settleNotice(
  db: Db,
  id: string,
  status: 'sent' | 'undeliverable' | 'failed',
  error: string | null,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('staff_notices')
    .set((eb) => ({ status, last_error: error, attempts: eb('attempts', '+', 1), sent_at: status === 'sent' ? nowMs : null }))
    .where('id', '=', id)
    .execute();
}

/** The notices about one alert (or station), oldest first, for the staff pages. */
export async function noticesOf(db: Db, kind: StaffNoticesTable['kind'], refId: string) {
  return db
    .selectFrom('staff_notices')
    .select(['level', 'staff_id as staffId', 'status', 'created_at as createdAt'])
    .where('kind', '=', kind)
    .where('ref_id', '=', refId)
    .orderBy('level')
    .orderBy('created_at')
    .orderBy('staff_id')
    .execute();
}

/** Alerts in [fromMs, toMs) within `reach`, newest first, optionally of one station and one state. */
export async function alertsBetween(
  db: Db,
  fromMs: number,
  toMs: number,
  filter: { stationId?: string; state?: AlertRow['state']; reach: StaffReach },
  limit: number,
): Promise<AlertRow[]> {
  let q = alertQuery(db).where('alerts.at', '>=', fromMs).where('alerts.at', '<', toMs);
  if (filter.stationId) q = q.where('alerts.station_id', '=', filter.stationId);
  if (filter.state) q = q.where('alerts.state', '=', filter.state);
  // A reach without stations (clinic staff) sees none; health stations have no doors.
  if (!filter.reach.all) {
    const r = reachLists(filter.reach);
    q = q.where((eb) => eb.or([eb('stations.district_code', 'in', r.districts), eb('alerts.station_id', 'in', r.stations)]));
  }
  return q.orderBy('alerts.at', 'desc').limit(limit).execute();
}
