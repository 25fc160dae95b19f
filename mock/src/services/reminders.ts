import type { Db } from '../db/database';
import type { OutboxTable } from '../db/schema';
import { newId } from './crypto';

/**
 * The reminder outbox: messages are queued in the same transaction as the change that causes them (a booking,
 * a promotion, a cancelled session), so a message is never lost or sent for a change that rolled back. The
 * scheduler (services/scheduler.ts) sends the due ones. Times are epoch milliseconds.
 */

export type MessageKind = OutboxTable['kind'];

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
    await queue(db, { kind: r.kind, ref: b.bookingId, workerId: b.workerId, bookingId: b.bookingId, slotId: b.slotId, dueAt, nowMs });
  }
}

/** Queues a message to send at once (a waitlist promotion, a cancelled session). `ref` makes it unique. */
export async function queueNotice(
  db: Db,
  m: { kind: 'promoted' | 'session_cancelled'; ref: string; workerId: string; slotId: string; bookingId: string | null },
  nowMs: number,
): Promise<void> {
  await queue(db, { ...m, dueAt: nowMs, nowMs });
}

async function queue(
  db: Db,
  m: { kind: MessageKind; ref: string; workerId: string; bookingId: string | null; slotId: string; dueAt: number; nowMs: number },
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: newId('msg'),
      dedupe_key: `${m.kind}:${m.ref}`,
      worker_id: m.workerId,
      kind: m.kind,
      booking_id: m.bookingId,
      slot_id: m.slotId,
      due_at: m.dueAt,
      created_at: m.nowMs,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/** Drops the pending reminders of a booking that was cancelled (they must not be sent). */
export async function dropReminders(db: Db, bookingId: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'dropped' })
    .where('booking_id', '=', bookingId)
    .where('status', '=', 'pending')
    .where('kind', 'in', REMINDER_OFFSETS.map((r) => r.kind))
    .execute();
}

/** A due message with what the notifier needs to render it (no personal data beyond the recipient's openid). */
export interface DueMessage {
  id: string;
  kind: MessageKind;
  attempts: number;
  bookingId: string | null;
  bookingStatus: string | null;
  openid: string | null;
  stationName: string;
  stationPhone: string;
  doctorName: string;
  specialty: string;
  startsAt: number;
}

/** Pending messages due at `nowMs`, oldest first. */
export async function dueMessages(db: Db, nowMs: number, limit: number): Promise<DueMessage[]> {
  return db
    .selectFrom('outbox')
    .innerJoin('slots', 'slots.id', 'outbox.slot_id')
    .innerJoin('clinic_sessions', 'clinic_sessions.id', 'slots.session_id')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .innerJoin('doctors', 'doctors.id', 'clinic_sessions.doctor_id')
    .leftJoin('bookings', 'bookings.id', 'outbox.booking_id')
    .leftJoin('accounts', 'accounts.worker_id', 'outbox.worker_id')
    .select([
      'outbox.id',
      'outbox.kind',
      'outbox.attempts',
      'outbox.booking_id as bookingId',
      'bookings.status as bookingStatus',
      'accounts.wx_openid as openid',
      'health_stations.name as stationName',
      'health_stations.phone as stationPhone',
      'doctors.name as doctorName',
      'doctors.specialty as specialty',
      'slots.starts_at as startsAt',
    ])
    .where('outbox.status', '=', 'pending')
    .where('outbox.due_at', '<=', nowMs)
    .orderBy('outbox.due_at')
    .orderBy('outbox.id')
    .limit(limit)
    .execute();
}

/** Records the outcome of one send. */
export async function settleMessage(
  db: Db,
  id: string,
  outcome: { status: 'sent' | 'dropped' | 'undeliverable' | 'failed' | 'pending'; error?: string; attempts: number; nowMs: number },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      last_error: outcome.error ?? null,
      sent_at: outcome.status === 'sent' ? outcome.nowMs : null,
    })
    .where('id', '=', id)
    .execute();
}
