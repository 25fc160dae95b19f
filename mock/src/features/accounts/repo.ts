import type { Db } from '../../core/db/database';
import { precompiled } from '../../core/db/precompiled';
import type { DB } from '../../core/db/schema';
import type { SessionAccount } from '../../core/context';
import { newId, newToken, secretHash } from '../../core/crypto';
import { isUniqueViolation, locksRows } from '../../core/db/dialect';

/**
 * The accounts feature's data access, the only file of the feature that builds SQL: accounts and sessions,
 * workers (sealed personal data), and the consent record. Every function takes a `Db`, which may be a
 * transaction. Times are epoch milliseconds.
 */

export type Account = SessionAccount;

/**
 * Finds or creates the account of a device id or a WeChat openid. A device id is a password: only its secretHash is
 * stored. The openid is not a secret (signing in with it needs a login code from WeChat) and is kept as it is, for
 * subscribe messages.
 */
export async function accountFor(db: Db, by: { deviceId: string } | { openid: string }, nowMs: number): Promise<Account> {
  const column = 'deviceId' in by ? 'device_id_hash' : 'wx_openid';
  const value = 'deviceId' in by ? secretHash(by.deviceId) : by.openid;
  await db
    .insertInto('accounts')
    .values({ id: newId('a'), device_id_hash: null, wx_openid: null, worker_id: null, created_at: nowMs, [column]: value })
    .onConflict((oc) => oc.column(column).doNothing())
    .execute();
  const row = await db.selectFrom('accounts').select(['id', 'worker_id']).where(column, '=', value).executeTakeFirstOrThrow();
  return { id: row.id, workerId: row.worker_id };
}

/**
 * Issues a session: the token is returned once and stored only as its secretHash. In the same transaction, the
 * account's expired sessions are deleted, and past `maxLive` live sessions the oldest are (a device signing in
 * again and again never piles up sessions: 2,000 from one device id were found).
 */
export async function createSession(db: Db, accountId: string, nowMs: number, ttlS: number, maxLive: number) {
  const token = newToken();
  const expiresAt = nowMs + ttlS * 1000;
  await db.transaction().execute(async (trx) => {
    // One sign-in of an account at a time (PostgreSQL: its row locked; SQLite's IMMEDIATE transaction is alone),
    // so two at once cannot each keep `maxLive` counting without the other's new session.
    await trx
      .selectFrom('accounts')
      .select('id')
      .where('id', '=', accountId)
      .$if(locksRows(trx), (q) => q.forUpdate())
      .execute();
    await trx.deleteFrom('sessions').where('account_id', '=', accountId).where('expires_at', '<=', nowMs).execute();
    await trx
      .insertInto('sessions')
      .values({ token_hash: secretHash(token), account_id: accountId, expires_at: expiresAt, created_at: nowMs })
      .execute();
    const newest = trx
      .selectFrom('sessions')
      .select('token_hash')
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      // Insertion order breaks ties, so the session just made is always kept.
      .orderBy('seq', 'desc')
      .limit(maxLive);
    await trx.deleteFrom('sessions').where('account_id', '=', accountId).where('token_hash', 'not in', newest).execute();
  });
  return { token, expiresAt };
}

/** Deletes every session expired at `nowMs` (the scheduler's sweep); returns how many. */
export async function deleteExpiredSessions(db: Db, nowMs: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Every signed-in request runs this first: compiled once (core/db/precompiled.ts).
const sessionAccount = precompiled<'tokenHash', { id: string; workerId: string | null; expiresAt: number }>((db, slot) =>
  db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['accounts.id as id', 'accounts.worker_id as workerId', 'sessions.expires_at as expiresAt'])
    .where('sessions.token_hash', '=', slot.tokenHash),
);

/** The account behind a bearer token, or null when unknown or expired. */
export async function accountByToken(db: Db, token: string, nowMs: number): Promise<Account | null> {
  const [row] = (await sessionAccount(db, { tokenHash: secretHash(token) })).rows;
  if (!row || row.expiresAt <= nowMs) return null;
  return { id: row.id, workerId: row.workerId };
}

/** Ends one session (logout). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', secretHash(token)).execute();
}

/** How the account signs in and since when (for the owner's export); the device id or openid itself is not shown. */
export async function accountInfo(db: Db, accountId: string): Promise<{ createdAt: number; login: 'wechat' | 'device' } | null> {
  const r = await db.selectFrom('accounts').select(['created_at', 'wx_openid']).where('id', '=', accountId).executeTakeFirst();
  return r ? { createdAt: r.created_at, login: r.wx_openid ? 'wechat' : 'device' } : null;
}

/** What the API may show of a worker: masked values only. */
export interface WorkerView {
  id: string;
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
  occupation: string;
  privacyPolicyVersion: string;
  registeredAt: number;
}

export interface NewWorkerRow {
  id: string;
  name: string;
  idNumberEnc: string;
  idNumberHmac: string;
  idNumberMasked: string;
  phoneEnc: string;
  phoneMasked: string;
  occupation: string;
  privacyVersion: string;
  nowMs: number;
}

/** Outcome of {@link insertWorkerForAccount}. */
export type InsertWorkerResult = 'created' | 'account_has_worker' | 'id_number_taken';

/**
 * Inserts the worker and links it to the account in one transaction, so a failure leaves no half-written row.
 * The account's row is read FOR UPDATE on PostgreSQL (two registrations of one account run one after the other),
 * and an identity number registered by another account at the same moment is caught by the unique index.
 */
export async function insertWorkerForAccount(db: Db, accountId: string, w: NewWorkerRow): Promise<InsertWorkerResult> {
  try {
    return await insertWorker(db, accountId, w);
  } catch (err) {
    if (isUniqueViolation(err, 'workers.id_number_hmac')) return 'id_number_taken';
    throw err;
  }
}

async function insertWorker(db: Db, accountId: string, w: NewWorkerRow): Promise<InsertWorkerResult> {
  return db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom('accounts')
      .select('worker_id')
      .where('id', '=', accountId)
      .$if(locksRows(trx), (q) => q.forUpdate())
      .executeTakeFirst();
    if (account?.worker_id) return 'account_has_worker';
    const taken = await trx.selectFrom('workers').select('id').where('id_number_hmac', '=', w.idNumberHmac).executeTakeFirst();
    if (taken) return 'id_number_taken';
    await trx
      .insertInto('workers')
      .values({
        id: w.id,
        name: w.name,
        id_number_enc: w.idNumberEnc,
        id_number_hmac: w.idNumberHmac,
        id_number_masked: w.idNumberMasked,
        phone_enc: w.phoneEnc,
        phone_masked: w.phoneMasked,
        occupation: w.occupation,
        privacy_version: w.privacyVersion,
        sensitive_consent_at: w.nowMs,
        created_at: w.nowMs,
      })
      .execute();
    await trx.updateTable('accounts').set({ worker_id: w.id }).where('id', '=', accountId).execute();
    // Both consents the form asked for separately are recorded with the worker, in the same transaction.
    await recordConsent(trx, accountId, { kind: 'privacy', version: w.privacyVersion, at: w.nowMs, withdrawn: false });
    await recordConsent(trx, accountId, { kind: 'idNumber', version: w.privacyVersion, at: w.nowMs, withdrawn: false });
    return 'created';
  });
}

/** The masked view of a worker, or null. */
export async function workerView(db: Db, workerId: string): Promise<WorkerView | null> {
  const r = await db.selectFrom('workers').selectAll().where('id', '=', workerId).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    name: r.name,
    idNumberMasked: r.id_number_masked,
    phoneMasked: r.phone_masked,
    occupation: r.occupation,
    privacyPolicyVersion: r.privacy_version,
    registeredAt: r.created_at,
  };
}

/** The sealed (AES-256-GCM) identity number and phone of a worker, for the owner's own export only. */
export async function workerSealed(db: Db, workerId: string): Promise<{ idNumberEnc: string; phoneEnc: string } | null> {
  const r = await db.selectFrom('workers').select(['id_number_enc', 'phone_enc']).where('id', '=', workerId).executeTakeFirst();
  return r ? { idNumberEnc: r.id_number_enc, phoneEnc: r.phone_enc } : null;
}

/** Replaces a worker's phone (sealed and masked together, so the two never disagree). */
export async function updateWorkerPhone(db: Db, workerId: string, phoneEnc: string, phoneMasked: string): Promise<void> {
  await db.updateTable('workers').set({ phone_enc: phoneEnc, phone_masked: phoneMasked }).where('id', '=', workerId).execute();
}

/** The account registered with the identity number whose lookup HMAC is `idNumberHmac`, or null. */
export async function accountOfIdNumber(db: Db, idNumberHmac: string): Promise<string | null> {
  const row = await db
    .selectFrom('workers')
    .innerJoin('accounts', 'accounts.worker_id', 'workers.id')
    .select('accounts.id as accountId')
    .where('workers.id_number_hmac', '=', idNumberHmac)
    .executeTakeFirst();
  return row?.accountId ?? null;
}

/**
 * Consent record (migration 004): append-only rows of what an account agreed to, in which privacy-notice version,
 * and when. API kinds are `privacy` (the notice), `idNumber` (separate consent for the sensitive identity number,
 * PIPL art. 29) and `location` (separate consent for precise location); the latest row of a kind is current.
 */
export type ConsentKind = 'privacy' | 'idNumber' | 'location';

/** One consent event; `withdrawn` marks a withdrawal. `at` in epoch ms. */
export interface ConsentEvent {
  kind: ConsentKind;
  version: string;
  at: number;
  withdrawn: boolean;
}

type DbKind = DB['consents']['kind'];
const TO_DB: Record<ConsentKind, DbKind> = { privacy: 'privacy', idNumber: 'id_number', location: 'location' };
const FROM_DB: Record<DbKind, ConsentKind> = { privacy: 'privacy', id_number: 'idNumber', location: 'location' };

/** Appends a consent (or, with `withdrawn`, a withdrawal). Runs inside the caller's transaction when given one. */
export async function recordConsent(db: Db, accountId: string, e: ConsentEvent): Promise<void> {
  await db
    .insertInto('consents')
    .values({ id: newId('c'), account_id: accountId, kind: TO_DB[e.kind], version: e.version, at: e.at, withdrawn: e.withdrawn ? 1 : 0 })
    .execute();
}

/** Every consent event of an account, oldest first (for the export). */
export async function consentHistory(db: Db, accountId: string): Promise<ConsentEvent[]> {
  const rows = await db
    .selectFrom('consents')
    .select(['kind', 'version', 'at', 'withdrawn'])
    .where('account_id', '=', accountId)
    .orderBy('at')
    // Insertion order breaks ties: two events in the same millisecond keep the order they happened in.
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ kind: FROM_DB[r.kind], version: r.version, at: r.at, withdrawn: r.withdrawn === 1 }));
}

const latestConsentQuery = precompiled<'accountId' | 'kind', { version: string; at: number; withdrawn: number }>((db, slot) =>
  db
    .selectFrom('consents')
    .select(['version', 'at', 'withdrawn'])
    .where('account_id', '=', slot.accountId)
    .where('kind', '=', slot.kind)
    .orderBy('at', 'desc')
    .orderBy('seq', 'desc')
    .limit(1),
);

/**
 * The latest event of one kind for an account (the one consentHistory's fold keeps: latest time, then latest
 * inserted), or null; one indexed row instead of the whole history, for the unlock path.
 */
export async function latestConsent(db: Db, accountId: string, kind: ConsentKind): Promise<ConsentEvent | null> {
  const [r] = (await latestConsentQuery(db, { accountId, kind: TO_DB[kind] })).rows;
  return r ? { kind, version: r.version, at: r.at, withdrawn: r.withdrawn === 1 } : null;
}

/** The worker of an account, or null (not registered, or no such account). */
export async function workerIdOfAccount(db: Db, accountId: string): Promise<string | null> {
  const account = await db.selectFrom('accounts').select('worker_id').where('id', '=', accountId).executeTakeFirst();
  return account?.worker_id ?? null;
}

/**
 * Deletes the account's own rows: sessions, consents, the account (device id / openid) and its worker (name,
 * sealed identity number and phone). Run inside the erasure's transaction, after the other features have let
 * go of the worker (features/accounts/erasure.ts).
 */
export async function deleteAccountRows(db: Db, accountId: string, workerId: string | null): Promise<void> {
  await db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
  await db.deleteFrom('consents').where('account_id', '=', accountId).execute();
  await db.deleteFrom('accounts').where('id', '=', accountId).execute();
  if (workerId) await db.deleteFrom('workers').where('id', '=', workerId).execute();
}
