import type { Db } from '../db/database';
import { recordConsent } from './consents';

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
 */
export async function insertWorkerForAccount(db: Db, accountId: string, w: NewWorkerRow): Promise<InsertWorkerResult> {
  return db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom('accounts').select('worker_id').where('id', '=', accountId).executeTakeFirst();
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
