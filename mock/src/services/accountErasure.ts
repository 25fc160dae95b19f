import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context';
import { deleteAccount, type DeletionOutcome } from '../repos/accounts';
import { truncateWal } from '../db/database';
import { promoteWaitlist } from './booking';

/**
 * Deletes an account and its worker as repos/accounts deleteAccount describes (PIPL art. 15, 47), gives the freed
 * places to the waitlists in the same transaction, and truncates the WAL so the deleted name and sealed values
 * leave the disk with the request, not at some later checkpoint. Used by the worker (DELETE /me) and by union
 * staff releasing an identity number (POST /staff/workers/release).
 */
export async function eraseAccount(ctx: AppContext, accountId: string, log: FastifyBaseLogger): Promise<DeletionOutcome> {
  const nowMs = ctx.now();
  const outcome = await deleteAccount(ctx.db, accountId, nowMs, async (trx, slotId) => {
    await promoteWaitlist(trx, slotId, nowMs, ctx.config.booking.policy);
  });
  // The deletion has committed: a checkpoint that cannot run now must not turn it into a failure.
  const truncated = await truncateWal(ctx.db).catch(() => false);
  if (!truncated) log.warn({ event: 'wal_checkpoint_busy' }, 'WAL not truncated after deletion; the next checkpoint will');
  return outcome;
}
