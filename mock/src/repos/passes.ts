import type { Db } from '../db/database';
import { insertEntry, type EntryAttempt, type RecordedEntry } from './entries';

/** Worker passes: issued rows, and the single-use consumption that turns one into a door grant. */

export interface PassRow {
  id: string;
  workerId: string;
  nonce: string;
  expiresAt: number;
  usedAt: number | null;
}

/**
 * Stores a newly issued pass and drops the worker's unused passes that have expired (used ones stay: their
 * entries name them).
 */
export async function insertPass(db: Db, p: { id: string; workerId: string; nonce: string; expiresAt: number; nowMs: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('passes')
      .where('worker_id', '=', p.workerId)
      .where('used_at', 'is', null)
      .where('expires_at', '<=', p.nowMs)
      .execute();
    await trx
      .insertInto('passes')
      .values({ id: p.id, worker_id: p.workerId, nonce: p.nonce, expires_at: p.expiresAt, created_at: p.nowMs, used_at: null, used_door_id: null })
      .execute();
  });
}

/** One pass, or null. */
export async function passById(db: Db, id: string): Promise<PassRow | null> {
  const r = await db
    .selectFrom('passes')
    .select(['id', 'worker_id as workerId', 'nonce', 'expires_at as expiresAt', 'used_at as usedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ?? null;
}

/**
 * Uses a pass once: marks it used only if nobody has (a conditional update, atomic in SQLite and in
 * PostgreSQL alike) and, in the same transaction, logs the granted entry and creates its grant. The unique
 * index entries_pass_granted backs this up at the database level.
 * @returns the entry and grant, or null when the pass was already used.
 */
export async function consumePass(db: Db, passId: string, attempt: EntryAttempt, grantTtlMs: number): Promise<RecordedEntry | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('passes')
        .set({ used_at: attempt.nowMs, used_door_id: attempt.doorId })
        .where('id', '=', passId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return null;
      return insertEntry(trx, { ...attempt, passId }, grantTtlMs);
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
    throw err;
  }
}
