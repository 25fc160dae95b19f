import type { Db } from '../db/database';
import { newId } from '../services/crypto';

/**
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

/** Inserts an attempt (and, when granted, its grant) using `db`, which may be an open transaction. */
export async function insertEntry(db: Db, a: EntryAttempt, grantTtlMs: number): Promise<RecordedEntry> {
  const entryId = newId('e');
  await db
    .insertInto('entries')
    .values({
      id: entryId,
      worker_id: a.workerId,
      door_id: a.doorId,
      station_id: a.stationId,
      at: a.nowMs,
      outcome: a.outcome,
      reason: a.reason,
      code_kind: a.codeKind,
      location_present: a.locationPresent ? 1 : 0,
      distance_m: a.distanceM,
      door_acked_at: null,
      pass_id: a.passId ?? null,
    })
    .execute();
  if (a.outcome !== 'granted') return { entryId, grant: null };
  const grant = { id: newId('g'), expiresAt: a.nowMs + grantTtlMs };
  await db
    .insertInto('grants')
    .values({ id: grant.id, door_id: a.doorId, entry_id: entryId, expires_at: grant.expiresAt, acked_at: null })
    .execute();
  return { entryId, grant };
}

/** Logs an attempt; for a granted one also creates the door grant, in the same transaction. */
export async function recordEntry(db: Db, a: EntryAttempt, grantTtlMs: number): Promise<RecordedEntry> {
  return db.transaction().execute((trx) => insertEntry(trx, a, grantTtlMs));
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

/** A worker's entries, newest first. */
export async function entriesOfWorker(db: Db, workerId: string, limit: number): Promise<EntryRow[]> {
  return entryQuery(db).where('entries.worker_id', '=', workerId).orderBy('entries.at', 'desc').limit(limit).execute();
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
    .select(['id', 'door_id as doorId', 'entry_id as entryId', 'expires_at as expiresAt', 'acked_at as ackedAt'])
    .where('id', '=', grantId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Records the door's acknowledgement on the grant and its entry, once: a repeated ack keeps the first time.
 * @returns the acknowledgement time that stands.
 */
export async function ackGrant(db: Db, grantId: string, entryId: string, nowMs: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('grants').set({ acked_at: nowMs }).where('id', '=', grantId).where('acked_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) {
      await trx.updateTable('entries').set({ door_acked_at: nowMs }).where('id', '=', entryId).execute();
      return nowMs;
    }
    const g = await trx.selectFrom('grants').select('acked_at').where('id', '=', grantId).executeTakeFirstOrThrow();
    return g.acked_at as number;
  });
}
