import type { AppContext } from '../../core/context';
import { slotWindowDays } from '../../core/config';
import { dueMessages, expireWaitlist, markNoShows, materializeSessions, pruneAnswers, settleMessage } from './repo';
import { pruneRateCounts } from '../../core/db/rateCounts';
import { NotifyError, type Notifier } from '../../core/notifier';

/**
 * The booking scheduler: one pass extends the rolling window of sessions, marks no-shows, ends waiting places
 * of started slots, forgets Idempotency-Key answers older than a day, ended rate-limit windows and expired sign-in
 * sessions (through ctx.accounts), and sends due messages from the outbox. Tests call {@link runScheduler} with a
 * time; the server runs it every SCHEDULER_INTERVAL_S seconds (0 = never) on `ctx.now()`, in one process of a
 * cluster only (mock/src/cluster.ts).
 */

/** Attempts before a message that keeps failing for a retryable reason is given up. */
export const MAX_SEND_ATTEMPTS = 5;
/** Messages sent per pass, so one pass stays short. */
const BATCH = 200;
/** Idempotency-Key answers are kept this long: an app retries within minutes, never a day later. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface SchedulerPass {
  sessionsCreated: number;
  noShows: number;
  waitlistExpired: number;
  keysPruned: number;
  rateWindowsPruned: number;
  sessionsPruned: number;
  sent: number;
  dropped: number;
  undeliverable: number;
  failed: number;
}

/** One pass at `nowMs` (epoch ms). */
export async function runScheduler(ctx: AppContext, nowMs: number, notifier: Notifier): Promise<SchedulerPass> {
  const pass: SchedulerPass = {
    sessionsCreated: await materializeSessions(ctx.db, nowMs, slotWindowDays(ctx.config)),
    noShows: await ctx.db.transaction().execute((trx) => markNoShows(trx, nowMs)),
    waitlistExpired: await expireWaitlist(ctx.db, nowMs),
    keysPruned: await pruneAnswers(ctx.db, nowMs - IDEMPOTENCY_TTL_MS),
    rateWindowsPruned: await pruneRateCounts(ctx.db, nowMs),
    sessionsPruned: await ctx.accounts.pruneSessions(nowMs),
    sent: 0,
    dropped: 0,
    undeliverable: 0,
    failed: 0,
  };
  for (const m of await dueMessages(ctx.db, nowMs, BATCH)) {
    const isReminder = m.kind === 'reminder_24h' || m.kind === 'reminder_2h';
    // A reminder for a booking that was cancelled, or whose time has come (the server was down), is not sent.
    if (isReminder && (m.bookingStatus !== 'booked' || nowMs >= m.startsAt)) {
      await settleMessage(ctx.db, m.id, { status: 'dropped', attempts: m.attempts, nowMs });
      pass.dropped++;
      continue;
    }
    const attempts = m.attempts + 1;
    try {
      await notifier.send({
        outboxId: m.id,
        kind: m.kind,
        openid: m.openid,
        stationName: m.stationName,
        doctorName: m.doctorName,
        specialty: m.specialty,
        startsAt: m.startsAt,
      });
      await settleMessage(ctx.db, m.id, { status: 'sent', attempts, nowMs });
      pass.sent++;
    } catch (err) {
      const e = err instanceof NotifyError ? err : new NotifyError('SEND_FAILED', true);
      const status = !e.retryable ? 'undeliverable' : attempts >= MAX_SEND_ATTEMPTS ? 'failed' : 'pending';
      await settleMessage(ctx.db, m.id, { status, error: e.code, attempts, nowMs });
      if (status === 'undeliverable') pass.undeliverable++;
      if (status === 'failed') pass.failed++;
    }
  }
  return pass;
}
