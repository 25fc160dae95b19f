import type { Db } from '../db/database';
import { newId } from '../services/crypto';

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
}

/** Logs an attempt; for a granted one also creates the door grant, in the same transaction. */
export async function recordEntry(
  db: Db,
  a: EntryAttempt,
  grantTtlMs: number,
): Promise<{ entryId: string; grant: { id: string; expiresAt: number } | null }> {
  return db.transaction().execute(async (trx) => {
    const entryId = newId('e');
    await trx
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
      })
      .execute();
    if (a.outcome !== 'granted') return { entryId, grant: null };
    const grant = { id: newId('g'), expiresAt: a.nowMs + grantTtlMs };
    await trx
      .insertInto('grants')
      .values({ id: grant.id, door_id: a.doorId, entry_id: entryId, expires_at: grant.expiresAt, acked_at: null })
      .execute();
    return { entryId, grant };
  });
}

/** A worker's entries, newest first. */
export async function entriesOfWorker(db: Db, workerId: string, limit: number) {
  return db
    .selectFrom('entries')
    .innerJoin('stations', 'stations.id', 'entries.station_id')
    .select([
      'entries.id',
      'entries.at',
      'entries.outcome',
      'entries.reason',
      'entries.door_id as doorId',
      'entries.station_id as stationId',
      'stations.name as stationName',
      'entries.door_acked_at as doorAckedAt',
      'entries.location_present as locationPresent',
    ])
    .where('entries.worker_id', '=', workerId)
    .orderBy('entries.at', 'desc')
    .limit(limit)
    .execute();
}
