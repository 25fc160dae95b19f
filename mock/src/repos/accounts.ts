import type { Db } from '../db/database';
import { newId, newToken, sha256Hex } from '../services/crypto';

export interface Account {
  id: string;
  workerId: string | null;
}

/** Finds or creates the account of a device id or a WeChat openid. */
export async function accountFor(db: Db, by: { deviceId: string } | { openid: string }, nowMs: number): Promise<Account> {
  const column = 'deviceId' in by ? 'device_id' : 'wx_openid';
  const value = 'deviceId' in by ? by.deviceId : by.openid;
  await db
    .insertInto('accounts')
    .values({ id: newId('a'), device_id: null, wx_openid: null, worker_id: null, created_at: nowMs, [column]: value })
    .onConflict((oc) => oc.column(column).doNothing())
    .execute();
  const row = await db.selectFrom('accounts').select(['id', 'worker_id']).where(column, '=', value).executeTakeFirstOrThrow();
  return { id: row.id, workerId: row.worker_id };
}

/** Issues a session: the token is returned once and stored only as its SHA-256. */
export async function createSession(db: Db, accountId: string, nowMs: number, ttlS: number) {
  const token = newToken();
  const expiresAt = nowMs + ttlS * 1000;
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256Hex(token), account_id: accountId, expires_at: expiresAt, created_at: nowMs })
    .execute();
  return { token, expiresAt };
}

/** The account behind a bearer token, or null when unknown or expired. */
export async function accountByToken(db: Db, token: string, nowMs: number): Promise<Account | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['accounts.id as id', 'accounts.worker_id as workerId', 'sessions.expires_at as expiresAt'])
    .where('sessions.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.expiresAt <= nowMs) return null;
  return { id: row.id, workerId: row.workerId };
}

/** Ends one session (logout). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute();
}
