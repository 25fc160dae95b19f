import type { Db } from '../../core/db/database';
import type { ConsoleSession } from '../../core/context';

/**
 * The console feature's data access, the only file of the feature that builds SQL: the QR sign-ins
 * (console_logins) and the console sessions (console_sessions, only each token's hash). Times are epoch ms.
 */

export interface LoginRow {
  id: string;
  poll_hash: string;
  created_at: number;
  expires_at: number;
  staff_id: string | null;
  approved_at: number | null;
  collected_at: number | null;
  /** The confirmation code (4 digits), its decoys ("dddd,dddd"), the coarse address, wrong codes sent so far. */
  code: string;
  decoys: string;
  address: string | null;
  wrong_codes: number;
}

/** Records a new sign-in QR, pending until approved, with its confirmation code, decoys and coarse address. */
export async function insertLogin(
  db: Db,
  row: { id: string; pollHash: string; createdAt: number; expiresAt: number; code: string; decoys: string[]; address: string | null },
): Promise<void> {
  await db
    .insertInto('console_logins')
    .values({
      id: row.id,
      poll_hash: row.pollHash,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
      code: row.code,
      decoys: row.decoys.join(','),
      address: row.address,
    })
    .execute();
}

/** The sign-in `id`, or undefined. */
export async function loginById(db: Db, id: string): Promise<LoginRow | undefined> {
  return db
    .selectFrom('console_logins')
    .select([
      'id',
      'poll_hash',
      'created_at',
      'expires_at',
      'staff_id',
      'approved_at',
      'collected_at',
      'code',
      'decoys',
      'address',
      'wrong_codes',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Counts a wrong code against the pending sign-in `id`: one more, or straight to `limit` when `kill` (a decoy was
 * picked). One conditional UPDATE, so concurrent wrong codes cannot slip past the limit. @returns the new count, or
 * null when the sign-in is no longer pending or already at the limit.
 */
export async function countWrongCode(db: Db, id: string, limit: number, kill: boolean): Promise<number | null> {
  const r = await db
    .updateTable('console_logins')
    .set((eb) => ({ wrong_codes: kill ? limit : eb('wrong_codes', '+', 1) }))
    .where('id', '=', id)
    .where('staff_id', 'is', null)
    .where('wrong_codes', '<', limit)
    .returning('wrong_codes')
    .executeTakeFirst();
  return r ? Number(r.wrong_codes) : null;
}

/**
 * Approves the sign-in for staff member `staffId` if it is still pending, unexpired at `nowMs` and under the wrong-code
 * `codeLimit`: one conditional UPDATE, so two approvals at once cannot both win. @returns true when this call approved it.
 */
export async function approveLogin(db: Db, id: string, staffId: string, nowMs: number, codeLimit: number): Promise<boolean> {
  const r = await db
    .updateTable('console_logins')
    .set({ staff_id: staffId, approved_at: nowMs })
    .where('id', '=', id)
    .where('staff_id', 'is', null)
    .where('expires_at', '>', nowMs)
    .where('wrong_codes', '<', codeLimit)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Hands out the approved sign-in's session once: marks it collected (a conditional UPDATE: only the first poll
 * wins) and, in the same transaction, stores the session under `tokenHash`. @returns false when already collected.
 */
export async function collectLogin(
  db: Db,
  id: string,
  session: { tokenHash: string; staffId: string; createdAt: number; expiresAt: number },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('console_logins')
      .set({ collected_at: session.createdAt })
      .where('id', '=', id)
      .where('approved_at', 'is not', null)
      .where('collected_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await trx
      .insertInto('console_sessions')
      .values({ token_hash: session.tokenHash, staff_id: session.staffId, created_at: session.createdAt, expires_at: session.expiresAt })
      .execute();
    return true;
  });
}

/**
 * The live console session of `tokenHash` at `nowMs`: its staff member must be in force (not suspended, account not
 * deleted), so a suspension ends the member's console sessions at once. Undefined otherwise.
 */
export async function sessionByTokenHash(db: Db, tokenHash: string, nowMs: number): Promise<ConsoleSession | undefined> {
  const row = await db
    .selectFrom('console_sessions as c')
    .innerJoin('staff_members as m', 'm.id', 'c.staff_id')
    .select(['m.account_id as accountId', 'c.staff_id as staffId', 'c.expires_at as expiresAt'])
    .where('c.token_hash', '=', tokenHash)
    .where('c.expires_at', '>', nowMs)
    .where('m.suspended_at', 'is', null)
    .where('m.account_id', 'is not', null)
    .executeTakeFirst();
  return row ? { accountId: row.accountId!, staffId: row.staffId, expiresAt: Number(row.expiresAt) } : undefined;
}

/** Ends the console session of `tokenHash` (sign-out). @returns true when there was one. */
export async function deleteSession(db: Db, tokenHash: string): Promise<boolean> {
  const r = await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The scheduler's sweep at `nowMs`: expired sessions, and sign-ins expired over an hour ago. @returns rows deleted. */
export async function pruneConsole(db: Db, nowMs: number): Promise<number> {
  const s = await db.deleteFrom('console_sessions').where('expires_at', '<=', nowMs).executeTakeFirst();
  const l = await db
    .deleteFrom('console_logins')
    .where('expires_at', '<=', nowMs - 3_600_000)
    .executeTakeFirst();
  return Number(s.numDeletedRows) + Number(l.numDeletedRows);
}
