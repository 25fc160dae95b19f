import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import { immediateWrite, type Db } from '../db/database';
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

interface WriteStatements {
  entry: Database.Statement;
  grant: Database.Statement;
  usePass: Database.Statement;
}

const prepared = new WeakMap<Database.Database, WriteStatements>();

function statements(sqlite: Database.Database): WriteStatements {
  let st = prepared.get(sqlite);
  if (!st) {
    st = {
      entry: sqlite.prepare(
        `INSERT INTO entries (id, worker_id, door_id, station_id, at, outcome, reason, code_kind, location_present, distance_m, door_acked_at, pass_id)
         VALUES (@id, @workerId, @doorId, @stationId, @at, @outcome, @reason, @codeKind, @locationPresent, @distanceM, NULL, @passId)`,
      ),
      grant: sqlite.prepare('INSERT INTO grants (id, door_id, entry_id, expires_at, acked_at) VALUES (?, ?, ?, ?, NULL)'),
      usePass: sqlite.prepare('UPDATE passes SET used_at = ?, used_door_id = ? WHERE id = ? AND used_at IS NULL'),
    };
    prepared.set(sqlite, st);
  }
  return st;
}

function insertEntry(st: WriteStatements, a: EntryAttempt, grantTtlMs: number): RecordedEntry {
  const entryId = newId('e');
  st.entry.run({
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
  st.grant.run(grant.id, a.doorId, entryId, grant.expiresAt);
  return { entryId, grant };
}

/*
 * The two writes of the door path below use prepared statements in a synchronous better-sqlite3 transaction
 * (immediateWrite: it waits for another process's write lock on the event loop) instead of Kysely: they run on every unlock, and this halves the unlock's cost (bench:unlock), and a
 * synchronous transaction cannot interleave with another request. A PostgreSQL port re-implements just these
 * two functions (two INSERTs and one conditional UPDATE in a transaction).
 */

/** Logs an attempt; for a granted one also creates the door grant, in the same transaction. */
export function recordEntry(sqlite: Database.Database, a: EntryAttempt, grantTtlMs: number): Promise<RecordedEntry> {
  const st = statements(sqlite);
  return immediateWrite(sqlite, () => insertEntry(st, a, grantTtlMs));
}

/**
 * Uses a worker pass once: marks it used only if nobody has (a conditional update, atomic in SQLite and in
 * PostgreSQL alike) and, in the same transaction, logs the granted entry and creates its grant. The unique
 * index entries_pass_granted backs this up at the database level.
 * @returns the entry and grant, or null when the pass was already used.
 */
export async function consumePass(sqlite: Database.Database, passId: string, a: EntryAttempt, grantTtlMs: number): Promise<RecordedEntry | null> {
  const st = statements(sqlite);
  try {
    return await immediateWrite(sqlite, () => {
      if (st.usePass.run(a.nowMs, a.doorId, passId).changes !== 1) return null;
      return insertEntry(st, { ...a, passId }, grantTtlMs);
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
    throw err;
  }
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

/** A worker's entries, newest first; entries of the same millisecond in insertion order (rowid: ids are random). */
export async function entriesOfWorker(db: Db, workerId: string, limit: number): Promise<EntryRow[]> {
  return entryQuery(db)
    .where('entries.worker_id', '=', workerId)
    .orderBy('entries.at', 'desc')
    .orderBy(sql`entries.rowid`, 'desc')
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
