import { sql } from 'kysely';
import type { Db } from '../../core/db/database';
import { precompiled } from '../../core/db/precompiled';
import { newId } from '../../core/crypto';
import { dateOfMs, isUniqueViolation } from '../../core/db/dialect';
import type { StaffReach } from '../../core/staff';
import type { StaffNoticesTable } from '../../core/db/schema';
import { SHANGHAI_OFFSET_MIN } from '@/rules/time';
import type { OpeningHours } from '@/rules/hours';

/**
 * The doors feature's data access, the only file of the feature that builds SQL: doors and their stations,
 * the entry log and door grants, worker passes, emergency alerts and the union's entry counts. Every function
 * takes a `Db`, which may be a transaction. Times are epoch milliseconds.
 */

/*
 * The entry log and door grants. Every attempt at a known door is an entry (granted or refused, with the
 * reason); a granted entry has exactly one grant (unique index), which the door controller acknowledges.
 */
export interface EntryAttempt {
  workerId: string | null;
  doorId: string;
  stationId: string;
  outcome: 'granted' | 'refused';
  reason: string | null;
  codeKind: string | null;
  locationPresent: boolean;
  distanceM: number | null;
  nowMs: number;
  /** The worker pass the attempt used (the unique index allows one granted entry per pass). */
  passId?: string | null;
}

export interface RecordedEntry {
  entryId: string;
  grant: { id: string; expiresAt: number } | null;
}

// The unlock path's statements, compiled once (core/db/precompiled.ts).
const insertEntryQuery = precompiled<
  'id' | 'workerId' | 'doorId' | 'stationId' | 'at' | 'outcome' | 'reason' | 'codeKind' | 'locationPresent' | 'distanceM' | 'passId',
  never
>((db, v) =>
  db.insertInto('entries').values({
    id: v.id,
    worker_id: v.workerId,
    door_id: v.doorId,
    station_id: v.stationId,
    at: v.at,
    outcome: v.outcome,
    reason: v.reason,
    code_kind: v.codeKind,
    location_present: v.locationPresent,
    distance_m: v.distanceM,
    door_acked_at: null,
    pass_id: v.passId,
  }),
);
const insertGrantQuery = precompiled<'id' | 'doorId' | 'entryId' | 'expiresAt', never>((db, v) =>
  db.insertInto('grants').values({ id: v.id, door_id: v.doorId, entry_id: v.entryId, expires_at: v.expiresAt, acked_at: null }),
);

/** Inserts the entry and, for a granted one, its grant (inside the caller's transaction). */
async function insertEntry(trx: Db, a: EntryAttempt, grantTtlMs: number): Promise<RecordedEntry> {
  const entryId = newId('e');
  await insertEntryQuery(trx, {
    id: entryId,
    workerId: a.workerId,
    doorId: a.doorId,
    stationId: a.stationId,
    at: a.nowMs,
    outcome: a.outcome,
    reason: a.reason,
    codeKind: a.codeKind,
    locationPresent: a.locationPresent ? 1 : 0,
    distanceM: a.distanceM,
    passId: a.passId ?? null,
  });
  if (a.outcome !== 'granted') return { entryId, grant: null };
  const grant = { id: newId('g'), expiresAt: a.nowMs + grantTtlMs };
  await insertGrantQuery(trx, { id: grant.id, doorId: a.doorId, entryId, expiresAt: grant.expiresAt });
  return { entryId, grant };
}

/*
 * The door path's writes run in one Kysely transaction each, which begins IMMEDIATE and waits for another
 * process's write lock on the event loop (core/db/database.ts), like every transaction of this backend.
 */

/** Logs an attempt; for a granted one also creates the door grant, in the same transaction. */
export async function recordEntry(db: Db, a: EntryAttempt, grantTtlMs: number): Promise<RecordedEntry> {
  return db.transaction().execute((trx) => insertEntry(trx, a, grantTtlMs));
}

/**
 * Uses a worker pass once: marks it used only if nobody has and no newer pass retired it (a conditional update,
 * atomic in SQLite and in PostgreSQL alike, so a pass issued at the same moment wins or loses cleanly) and, in the
 * same transaction, logs the granted entry and creates its grant. The unique index entries_pass_granted backs this
 * up at the database level.
 * @returns the entry and grant, or null when the pass was already used or retired.
 */
export async function consumePass(db: Db, passId: string, a: EntryAttempt, grantTtlMs: number): Promise<RecordedEntry | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('passes')
        .set({ used_at: a.nowMs, used_door_id: a.doorId })
        .where('id', '=', passId)
        .where('used_at', 'is', null)
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) return null;
      return insertEntry(trx, { ...a, passId }, grantTtlMs);
    });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Takes the worker's name off their entries (account erasure); returns how many. */
export async function anonymiseEntriesOf(db: Db, workerId: string): Promise<number> {
  const r = await db.updateTable('entries').set({ worker_id: null }).where('worker_id', '=', workerId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** An entry with its station, door and grant, as the worker's own views need it. */
export interface EntryRow {
  id: string;
  at: number;
  outcome: 'granted' | 'refused';
  reason: string | null;
  codeKind: string | null;
  doorId: string;
  doorName: string | null;
  stationId: string;
  stationName: string;
  stationPhone: string;
  /** 1 or 0, as stored. */
  locationPresent: number;
  distanceM: number | null;
  doorAckedAt: number | null;
  grantId: string | null;
  grantExpiresAt: number | null;
}

const entryQuery = (db: Db) =>
  db
    .selectFrom('entries')
    .innerJoin('stations', 'stations.id', 'entries.station_id')
    .leftJoin('doors', 'doors.id', 'entries.door_id')
    .leftJoin('grants', 'grants.entry_id', 'entries.id')
    .select([
      'entries.id',
      'entries.at',
      'entries.outcome',
      'entries.reason',
      'entries.code_kind as codeKind',
      'entries.door_id as doorId',
      'doors.name as doorName',
      'entries.station_id as stationId',
      'stations.name as stationName',
      'stations.phone as stationPhone',
      'entries.location_present as locationPresent',
      'entries.distance_m as distanceM',
      'entries.door_acked_at as doorAckedAt',
      'grants.id as grantId',
      'grants.expires_at as grantExpiresAt',
    ]);

/** A worker's entries, newest first; entries of the same millisecond in insertion order (seq: ids are random). */
export async function entriesOfWorker(db: Db, workerId: string, limit: number): Promise<EntryRow[]> {
  return entryQuery(db)
    .where('entries.worker_id', '=', workerId)
    .orderBy('entries.at', 'desc')
    .orderBy('entries.seq', 'desc')
    .limit(limit)
    .execute();
}

/** One entry of a worker, or null (also when it belongs to someone else). */
export async function entryOfWorker(db: Db, workerId: string, entryId: string): Promise<EntryRow | null> {
  const row = await entryQuery(db).where('entries.id', '=', entryId).where('entries.worker_id', '=', workerId).executeTakeFirst();
  return row ?? null;
}

export interface PendingGrant {
  id: string;
  entryId: string;
  expiresAt: number;
}

/** Grants of a door not yet acknowledged and not yet expired at `nowMs`, oldest first. */
export async function pendingGrants(db: Db, doorId: string, nowMs: number): Promise<PendingGrant[]> {
  return db
    .selectFrom('grants')
    .select(['id', 'entry_id as entryId', 'expires_at as expiresAt'])
    .where('door_id', '=', doorId)
    .where('expires_at', '>', nowMs)
    .where('acked_at', 'is', null)
    .orderBy('expires_at')
    .execute();
}

/** One grant, or null. */
export async function grantById(db: Db, grantId: string) {
  const row = await db
    .selectFrom('grants')
    .innerJoin('doors', 'doors.id', 'grants.door_id')
    .select([
      'grants.id',
      'grants.door_id as doorId',
      'grants.entry_id as entryId',
      'grants.expires_at as expiresAt',
      'grants.acked_at as ackedAt',
      'doors.device_key_gen as deviceKeyGen',
    ])
    .where('grants.id', '=', grantId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Records the door's acknowledgement on the grant and its entry, once: a repeated ack keeps the first time.
 * @returns the acknowledgement time that stands.
 */
export async function ackGrant(db: Db, grantId: string, entryId: string, nowMs: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('grants')
      .set({ acked_at: nowMs })
      .where('id', '=', grantId)
      .where('acked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) {
      await trx.updateTable('entries').set({ door_acked_at: nowMs }).where('id', '=', entryId).execute();
      return nowMs;
    }
    const g = await trx.selectFrom('grants').select('acked_at').where('id', '=', grantId).executeTakeFirstOrThrow();
    return g.acked_at as number;
  });
}

// Doors and their stations.

/** A door with what the unlock path needs of its station, in one query (the hot path: no JSON columns). */
export interface DoorSite {
  /** codeKeyGen: the generation its printed code's MAC covers (migration 013). */
  door: { id: string; name: string; stationId: string; codeKeyGen: number; hasScreen: boolean; hasReader: boolean };
  /** `attended`: a keeper is there during opening hours (migration 015). */
  station: { id: string; name: string; address: string; phone: string; lat: number; lng: number; attended: boolean };
  /** The station's opening hours as stored (JSON text): parsed only when it holds closures (suspended.ts). */
  hours: string;
}

const doorSiteQuery = precompiled<'doorId', DoorSiteRow>((db, slot) =>
  db
    .selectFrom('doors')
    .innerJoin('stations', 'stations.id', 'doors.station_id')
    .select([
      'doors.id as doorId',
      'doors.name as doorName',
      'doors.code_key_gen as codeKeyGen',
      'doors.has_screen as hasScreen',
      'doors.has_reader as hasReader',
      'stations.id as stationId',
      'stations.name as stationName',
      'stations.address',
      'stations.phone',
      'stations.lat',
      'stations.lng',
      'stations.hours',
      'stations.attended',
    ])
    .where('doors.id', '=', slot.doorId),
);

interface DoorSiteRow {
  doorId: string;
  doorName: string;
  codeKeyGen: number;
  hasScreen: number;
  hasReader: number;
  stationId: string;
  stationName: string;
  address: string;
  phone: string;
  lat: number;
  lng: number;
  hours: string;
  attended: number;
}

/** The door and its station, or null for an unknown door. */
export async function doorSite(db: Db, doorId: string): Promise<DoorSite | null> {
  const [r] = (await doorSiteQuery(db, { doorId })).rows;
  if (!r) return null;
  return {
    door: {
      id: r.doorId,
      name: r.doorName,
      stationId: r.stationId,
      codeKeyGen: Number(r.codeKeyGen),
      hasScreen: r.hasScreen === 1,
      hasReader: r.hasReader === 1,
    },
    station: {
      id: r.stationId,
      name: r.stationName,
      address: r.address,
      phone: r.phone,
      lat: r.lat,
      lng: r.lng,
      attended: r.attended === 1,
    },
    hours: r.hours,
  };
}

/** A station's opening hours (JSON text) and duty phone, or null. */
export async function stationHoursOf(db: Db, stationId: string): Promise<{ hours: string; phone: string } | null> {
  const r = await db.selectFrom('stations').select(['hours', 'phone']).where('id', '=', stationId).executeTakeFirst();
  return r ?? null;
}

/** A station's opening hours (src/rules/hours.ts), or null for an unknown station. Off the hot path: attended stations only. */
export async function stationHours(db: Db, stationId: string): Promise<OpeningHours | null> {
  const r = await db.selectFrom('stations').select('hours').where('id', '=', stationId).executeTakeFirst();
  return r ? (JSON.parse(r.hours) as OpeningHours) : null;
}

/** A door as the device endpoints and alerts need it. */
export interface Door {
  id: string;
  stationId: string;
  name: string;
  hasScreen: boolean;
  hasReader: boolean;
  /** The generation of its device key (deviceKeys.ts; migration 016). */
  deviceKeyGen: number;
}

/** One door with its station id, or null. */
export async function doorById(db: Db, id: string): Promise<Door | null> {
  const r = await db.selectFrom('doors').selectAll().where('id', '=', id).executeTakeFirst();
  return r
    ? {
        id: r.id,
        stationId: r.station_id,
        name: r.name,
        hasScreen: r.has_screen === 1,
        hasReader: r.has_reader === 1,
        deviceKeyGen: Number(r.device_key_gen),
      }
    : null;
}

// Worker passes (their single use is consumePass above, with the entry it creates).

export interface PassRow {
  id: string;
  workerId: string;
  nonce: string;
  expiresAt: number;
  usedAt: number | null;
  /** When a newer pass of the worker retired this one, or null. */
  retiredAt: number | null;
}

/**
 * Stores a newly issued pass, retires the worker's earlier unused ones that have not expired (kept, so a reader
 * can say PASS_RETIRED) and drops the unused ones that have expired (used ones stay: their entries name them).
 */
export async function insertPass(
  db: Db,
  p: { id: string; workerId: string; nonce: string; expiresAt: number; nowMs: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('passes')
      .where('worker_id', '=', p.workerId)
      .where('used_at', 'is', null)
      .where('expires_at', '<=', p.nowMs)
      .execute();
    await trx
      .updateTable('passes')
      .set({ retired_at: p.nowMs })
      .where('worker_id', '=', p.workerId)
      .where('used_at', 'is', null)
      .where('retired_at', 'is', null)
      .execute();
    await trx
      .insertInto('passes')
      .values({
        id: p.id,
        worker_id: p.workerId,
        nonce: p.nonce,
        expires_at: p.expiresAt,
        created_at: p.nowMs,
        used_at: null,
        used_door_id: null,
      })
      .execute();
  });
}

/** One pass, or null. */
export async function passById(db: Db, id: string): Promise<PassRow | null> {
  const r = await db
    .selectFrom('passes')
    .select(['id', 'worker_id as workerId', 'nonce', 'expires_at as expiresAt', 'used_at as usedAt', 'retired_at as retiredAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ?? null;
}

// Emergency alerts and the union's entry statistics.

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

/** The district codes and station ids of a reach, never empty (SQL `in ()` is not portable). */
const reachLists = (reach: StaffReach) => ({
  districts: reach.districtCodes.length ? reach.districtCodes : ['-'],
  stations: reach.stationIds.length ? reach.stationIds : ['-'],
});

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

/**
 * Logs a door opened remotely by staff member `staffId` with their `reason`, and creates its grant, in one
 * transaction (the grant the door controller fetches exactly as for a worker's unlock).
 */
export async function recordRemoteEntry(
  db: Db,
  a: { doorId: string; stationId: string; staffId: string; reason: string; nowMs: number },
  grantTtlMs: number,
): Promise<{ entryId: string; grant: { id: string; expiresAt: number } }> {
  return db.transaction().execute(async (trx) => {
    const entryId = newId('e');
    await trx
      .insertInto('entries')
      .values({
        id: entryId,
        worker_id: null,
        door_id: a.doorId,
        station_id: a.stationId,
        at: a.nowMs,
        outcome: 'granted',
        reason: null,
        code_kind: null,
        location_present: 0,
        distance_m: null,
        door_acked_at: null,
        pass_id: null,
        remote_staff_id: a.staffId,
        remote_reason: a.reason,
      })
      .execute();
    const grant = { id: newId('g'), expiresAt: a.nowMs + grantTtlMs };
    await trx
      .insertInto('grants')
      .values({ id: grant.id, door_id: a.doorId, entry_id: entryId, expires_at: grant.expiresAt, acked_at: null })
      .execute();
    return { entryId, grant };
  });
}

/** A station's name, or null. */
export async function stationNameOf(db: Db, stationId: string): Promise<string | null> {
  const r = await db.selectFrom('stations').select('name').where('id', '=', stationId).executeTakeFirst();
  return r?.name ?? null;
}
