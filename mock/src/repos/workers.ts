import type { Db } from '../db/database';

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
