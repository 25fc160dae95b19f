import type { Db } from '../../core/db/database';
import { dropMessages, queueMessage, type MessageKind } from './repo';

/**
 * The reminder outbox: messages are queued in the same transaction as the change that causes them (a booking,
 * a promotion, a cancelled session), so a message is never lost or sent for a change that rolled back. The
 * scheduler (scheduler.ts) sends the due ones. Times are epoch milliseconds.
 */

export type { MessageKind };

const HOUR_MS = 3_600_000;
/** Reminders before the slot's start (issue 6: 24 h and 2 h). */
export const REMINDER_OFFSETS: ReadonlyArray<{ kind: MessageKind; beforeMs: number }> = [
  { kind: 'reminder_24h', beforeMs: 24 * HOUR_MS },
  { kind: 'reminder_2h', beforeMs: 2 * HOUR_MS },
];

/** Queues the 24 h and 2 h reminders of a new booking; a reminder whose time has passed is not queued. */
export async function queueReminders(
  db: Db,
  b: { bookingId: string; workerId: string; slotId: string; startsAt: number },
  nowMs: number,
): Promise<void> {
  for (const r of REMINDER_OFFSETS) {
    const dueAt = b.startsAt - r.beforeMs;
    if (dueAt <= nowMs) continue;
    await queueMessage(db, {
      kind: r.kind,
      ref: b.bookingId,
      workerId: b.workerId,
      bookingId: b.bookingId,
      slotId: b.slotId,
      dueAt,
      nowMs,
    });
  }
}

/** Queues a message to send at once (a waitlist promotion, a cancelled session). `ref` makes it unique. */
export async function queueNotice(
  db: Db,
  m: { kind: 'promoted' | 'session_cancelled'; ref: string; workerId: string; slotId: string; bookingId: string | null },
  nowMs: number,
): Promise<void> {
  await queueMessage(db, { ...m, dueAt: nowMs, nowMs });
}

/** Drops the pending reminders of a booking that was cancelled (they must not be sent). */
export async function dropReminders(db: Db, bookingId: string): Promise<void> {
  await dropMessages(
    db,
    bookingId,
    REMINDER_OFFSETS.map((r) => r.kind),
  );
}
