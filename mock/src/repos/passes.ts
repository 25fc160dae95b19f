import type { Db } from '../db/database';

/** Worker passes: issued rows (their single use is consumePass in entries.ts, with the entry it creates). */

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
