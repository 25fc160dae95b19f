import type { AppContext, SessionAccount } from '../../core/context';
import { decrypt } from '../../core/crypto';
import { accountInfo, consentHistory, workerSealed, workerView } from './repo';
import { bookingsOf } from '../booking';
import { entriesOfWorker } from '../doors';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { toShanghaiIso } from '@/rules/time';

/** Large enough for any real history (35 visits a day at the busiest station); SQLite needs some limit value. */
const EXPORT_MAX_ENTRIES = 1_000_000;

/**
 * The person's own copy of their data (PIPL art. 45): account, worker, consents, entries and bookings. The
 * identity number and phone are decrypted here and only here: a masked copy would not be a copy. The route
 * answers it only to the same account's session, never cached.
 */
export async function personalDataExport(ctx: AppContext, account: SessionAccount) {
  const { id: accountId, workerId } = account;
  const info = await accountInfo(ctx.db, accountId);
  const consents = (await consentHistory(ctx.db, accountId)).map((c) => ({ ...c, at: toShanghaiIso(c.at) }));
  let worker = null;
  let entries: unknown[] = [];
  let bookings: unknown[] = [];
  if (workerId) {
    const view = await workerView(ctx.db, workerId);
    const sealed = await workerSealed(ctx.db, workerId);
    if (view && sealed) {
      worker = {
        name: view.name,
        idNumber: decrypt(ctx.keys.dataEncKey, sealed.idNumberEnc),
        phone: decrypt(ctx.keys.dataEncKey, sealed.phoneEnc),
        occupation: view.occupation,
        registeredAt: toShanghaiIso(view.registeredAt),
        privacyPolicyVersionAtRegistration: view.privacyPolicyVersion,
      };
    }
    entries = (await entriesOfWorker(ctx.db, workerId, EXPORT_MAX_ENTRIES)).map((e) => ({
      at: toShanghaiIso(e.at),
      stationId: e.stationId,
      stationName: e.stationName,
      doorId: e.doorId,
      outcome: e.outcome,
      reason: e.reason,
      locationPresent: e.locationPresent === 1,
    }));
    bookings = (await bookingsOf(ctx.db, workerId)).map(({ stationDistrictCode: _district, ...b }) => ({
      ...b,
      startsAt: toShanghaiIso(b.startsAt),
      endsAt: toShanghaiIso(b.endsAt),
    }));
  }
  return {
    exportedAt: toShanghaiIso(ctx.now()),
    policyVersion: PRIVACY_POLICY_VERSION,
    account: info && { createdAt: toShanghaiIso(info.createdAt), login: info.login },
    worker,
    consents,
    entries,
    bookings,
  };
}
