import type { Db } from '../../core/db/database';
import { precompiled } from '../../core/db/precompiled';
import { newId } from '../../core/crypto';
import { isUniqueViolation } from '../../core/db/dialect';

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

// Remote opening by staff (the union's statistics and staff views: repoStaff.ts; alarms: repoAlarms.ts).
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
