import type { AppContext } from '../../core/context';
import { ApiError, ruleError } from '../../core/http/errors';
import { hmacHex } from '../../core/crypto';
import { truncateWal } from '../../core/db/database';
import { accountOfIdNumber, deleteAccountRows, workerIdOfAccount } from './repo';
import { anonymiseBookingsOf, cancelUpcomingOf, forgetAnswersOf, promoteWaitlist } from '../booking';
import { anonymiseEntriesOf } from '../doors';
import { validateIdNumber } from '@/rules/idNumber';

/** Where a checkpoint that could not run is reported (the request's logger). */
export interface WarnLog {
  warn(obj: object, msg: string): void;
}

/** What {@link eraseAccount} left behind: rows kept without anyone's identity, and upcoming places given back. */
export interface DeletionOutcome {
  entriesAnonymised: number;
  bookingsAnonymised: number;
  upcomingBookingsCancelled: number;
}

/**
 * Withdraws every consent and deletes the account in one transaction (PIPL art. 15, 47): the worker row (name,
 * sealed identity number and phone), the account (device id / openid), its consents, sessions and stored
 * idempotent answers go; door entries and bookings stay only as anonymous rows (worker_id NULL) so the union's
 * counts do not change. Upcoming booked places are cancelled and go to the first in each slot's waitlist. Then
 * the WAL is truncated so the deleted values leave the disk with the request, not at some later checkpoint.
 * Used by the worker (DELETE /me) and by union staff releasing an identity number.
 */
export async function eraseAccount(ctx: AppContext, accountId: string, log: WarnLog): Promise<DeletionOutcome> {
  const nowMs = ctx.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const out: DeletionOutcome = { entriesAnonymised: 0, bookingsAnonymised: 0, upcomingBookingsCancelled: 0 };
    const workerId = await workerIdOfAccount(trx, accountId);
    let freedSlots: string[] = [];
    if (workerId) {
      freedSlots = await cancelUpcomingOf(trx, workerId, nowMs);
      out.upcomingBookingsCancelled = freedSlots.length;
      out.entriesAnonymised = await anonymiseEntriesOf(trx, workerId);
      out.bookingsAnonymised = await anonymiseBookingsOf(trx, workerId);
    }
    await forgetAnswersOf(trx, accountId);
    await deleteAccountRows(trx, accountId, workerId);
    // After the worker is gone (their own waiting places went with them), freed places go to the next in line.
    for (const slotId of freedSlots) await promoteWaitlist(trx, slotId, nowMs, ctx.config.booking.policy);
    return out;
  });
  // The deletion has committed: a checkpoint that cannot run now must not turn it into a failure.
  const truncated = await truncateWal(ctx.db).catch(() => false);
  if (!truncated) log.warn({ event: 'wal_checkpoint_busy' }, 'WAL not truncated after deletion; the next checkpoint will');
  return outcome;
}

/**
 * Union staff free an identity number (the 12351 hotline, after checking the person's card offline): the account
 * registered with it is erased as by {@link eraseAccount}, so its owner can register again. @returns which account.
 * @throws ApiError ID_NUMBER_INVALID (422), NOT_FOUND (nobody registered with it)
 */
export async function releaseIdNumber(
  ctx: AppContext,
  idNumber: string,
  log: WarnLog,
): Promise<{ accountId: string; outcome: DeletionOutcome }> {
  const id = validateIdNumber(idNumber);
  if (!id.ok) throw ruleError('ID_NUMBER_INVALID', 'idNumber', id);
  const accountId = await accountOfIdNumber(ctx.db, hmacHex(ctx.keys.lookupHmacKey, id.value.idNumber));
  if (!accountId) throw new ApiError('NOT_FOUND', { message: '没有用这个身份证号登记的职工，可以直接登记。' });
  return { accountId, outcome: await eraseAccount(ctx, accountId, log) };
}
