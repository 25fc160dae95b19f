import type { Db } from '../db/database';
import { newId, newToken, sha256Hex } from '../services/crypto';
import { releasePlace } from './bookings';

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

/** How the account signs in and since when (for the owner's export); the device id or openid itself is not shown. */
export async function accountInfo(db: Db, accountId: string): Promise<{ createdAt: number; login: 'wechat' | 'device' } | null> {
  const r = await db.selectFrom('accounts').select(['created_at', 'wx_openid']).where('id', '=', accountId).executeTakeFirst();
  return r ? { createdAt: r.created_at, login: r.wx_openid ? 'wechat' : 'device' } : null;
}

/** What {@link deleteAccount} left behind: rows kept without anyone's identity, and upcoming places given back. */
export interface DeletionOutcome {
  entriesAnonymised: number;
  bookingsAnonymised: number;
  upcomingBookingsCancelled: number;
}

/**
 * Withdraws every consent and deletes the account in one transaction (PIPL art. 15, 47): the worker row (name,
 * sealed identity number and phone), the account (device id / openid), its consents, sessions and stored
 * idempotent answers go; door entries and bookings stay only as anonymous rows (worker_id NULL) so the union's
 * counts do not change. Upcoming booked places are cancelled and returned to the slot: nobody can claim them any
 * more and a specialist's place should not sit empty.
 */
export async function deleteAccount(
  db: Db,
  accountId: string,
  nowMs: number,
  /** Called inside the transaction for each place given back, so the first in the slot's waitlist gets it. */
  onPlaceFreed: (trx: Db, slotId: string) => Promise<void> = async () => undefined,
): Promise<DeletionOutcome> {
  return db.transaction().execute(async (trx) => {
    const out: DeletionOutcome = { entriesAnonymised: 0, bookingsAnonymised: 0, upcomingBookingsCancelled: 0 };
    const freedSlots: string[] = [];
    const account = await trx.selectFrom('accounts').select('worker_id').where('id', '=', accountId).executeTakeFirst();
    const workerId = account?.worker_id ?? null;
    if (workerId) {
      const upcoming = await trx
        .selectFrom('bookings')
        .innerJoin('slots', 'slots.id', 'bookings.slot_id')
        .select(['bookings.id as id', 'bookings.slot_id as slotId'])
        .where('bookings.worker_id', '=', workerId)
        .where('bookings.status', '=', 'booked')
        .where('slots.starts_at', '>', nowMs)
        .execute();
      for (const b of upcoming) {
        await trx.updateTable('bookings').set({ status: 'cancelled', cancelled_at: nowMs, cancelled_by: 'worker' }).where('id', '=', b.id).execute();
        await releasePlace(trx, b.slotId);
      }
      out.upcomingBookingsCancelled = upcoming.length;
      freedSlots.push(...upcoming.map((b) => b.slotId));
      const e = await trx.updateTable('entries').set({ worker_id: null }).where('worker_id', '=', workerId).executeTakeFirst();
      const b = await trx.updateTable('bookings').set({ worker_id: null }).where('worker_id', '=', workerId).executeTakeFirst();
      out.entriesAnonymised = Number(e.numUpdatedRows);
      out.bookingsAnonymised = Number(b.numUpdatedRows);
    }
    await trx.deleteFrom('sessions').where('account_id', '=', accountId).execute();
    await trx.deleteFrom('consents').where('account_id', '=', accountId).execute();
    await trx.deleteFrom('idempotency_keys').where('account_id', '=', accountId).execute();
    await trx.deleteFrom('accounts').where('id', '=', accountId).execute();
    if (workerId) await trx.deleteFrom('workers').where('id', '=', workerId).execute();
    // After the worker is gone (their own waiting places went with them), freed places go to the next in line.
    for (const slotId of freedSlots) await onPlaceFreed(trx, slotId);
    return out;
  });
}
