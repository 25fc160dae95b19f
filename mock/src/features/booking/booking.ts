import type { AppContext } from '../../core/context';
import type { Db } from '../../core/db/database';
import { ApiError } from '../../core/http/errors';
import {
  bookingsOf,
  heldPlacesOf,
  insertBooking,
  noShowTimes,
  releasePlace,
  slotById,
  storeAnswer,
  storedAnswer,
  takePlace,
  waitlistOf,
  waitingInSession,
  endWaiting,
  insertWaiting,
  waitingLine,
  markPromoted,
  cancelBookingRow,
  leaveWaiting,
  upcomingBookedOf,
  lockSlotAndWorker,
  lockWorker,
  type SlotRow,
} from './repo';
import { sha256Hex } from '../../core/crypto';
import { dropReminders, queueNotice, queueReminders } from './reminders';
import { publicBooking, publicWaitlist } from './presenters';
import { bookableState, bookingOpensAt, blockedUntil, cancelDeadline, type BookingPolicy } from '@/rules/slots';
import { toShanghaiIso, zhDateTime, zhMonthDayTime } from '@/rules/time';
import { UNION_HOTLINE } from '@/rules/errors';
import { holdingConflict } from '@/rules/holding';

/**
 * Booking, waitlist and cancel: the rules of issue 6 applied inside one transaction each. Capacity is taken by a
 * conditional UPDATE, so a rush can never overbook, on either engine; the partial unique indexes of 001_init.sql
 * back the one-per-session rule. On SQLite each transaction runs alone (IMMEDIATE); on PostgreSQL (READ
 * COMMITTED, pooled connections) a booking first locks its slot and its worker (repo.ts lockSlotAndWorker), so
 * one worker's decisions and one Idempotency-Key's first answer are made one at a time.
 */

/** What the API answers: status and JSON body. Stored as is for an Idempotency-Key. */
export interface Answer {
  status: number;
  body: unknown;
}

const DAY_MS = 86_400_000;

/**
 * Throws the ApiError that stops `workerId` from holding a place in `slot` at `nowMs`, in the order a worker
 * should learn about it: session cancelled, blocked, not yet open / closed, then the holding rule both sides
 * apply (src/rules/holding.ts: one per session, no overlap, total limit).
 */
export async function assertMayHold(
  db: Db,
  workerId: string,
  slot: SlotRow | undefined,
  nowMs: number,
  policy: BookingPolicy,
): Promise<SlotRow> {
  if (!slot) throw new ApiError('NOT_FOUND', { message: '这个时段不存在，请返回刷新后重新选择。' });
  if (slot.sessionStatus !== 'scheduled') throw new ApiError('SESSION_CANCELLED');
  const noShowSince = nowMs - (policy.noShowWindowDays + policy.blockDays) * DAY_MS;
  const until = blockedUntil(await noShowTimes(db, workerId, noShowSince), nowMs, policy);
  if (until !== null) {
    throw new ApiError('BOOKING_BLOCKED', {
      message: `您在${policy.noShowWindowDays}天内有${policy.noShowLimit}次预约未到诊，在线预约暂停到${zhDateTime(until)}。如有特殊情况，请拨打职工服务热线 ${UNION_HOTLINE}。`,
      details: { blockedUntil: toShanghaiIso(until), contact: UNION_HOTLINE },
    });
  }
  const state = bookableState(slot.date, slot.startsAt, nowMs, policy);
  if (state === 'not_yet_open') {
    const opensAt = bookingOpensAt(slot.date, policy);
    throw new ApiError('BOOKING_NOT_OPEN', {
      message: `这一天的号${zhMonthDayTime(opensAt)}开放预约，请到时再来。`,
      details: { opensAt: toShanghaiIso(opensAt) },
    });
  }
  if (state === 'closed') throw new ApiError('BOOKING_CLOSED');
  // Upcoming places end after now, and a session lies within one day: no place that could stand in the way ended
  // before both now and a day before this slot (the worker's older history is not read).
  const since = Math.min(nowMs, slot.startsAt - DAY_MS);
  const conflict = holdingConflict(slot, await heldPlacesOf(db, workerId, since), nowMs, policy);
  if (conflict?.code === 'ALREADY_BOOKED') throw new ApiError('ALREADY_BOOKED');
  if (conflict?.code === 'BOOKING_CLASH') throw new ApiError('BOOKING_CLASH');
  if (conflict?.code === 'BOOKING_LIMIT') throw new ApiError('BOOKING_LIMIT', { details: { maxUpcoming: policy.maxUpcoming } });
  return slot;
}

type Placed = { kind: 'booked'; id: string } | { kind: 'waitlisted'; id: string };

/** Books the slot, or (when `waitlistIfFull`) joins its waitlist when it is full. Throws ApiError before any write. */
async function bookOrWaitlist(
  db: Db,
  workerId: string,
  slotId: string,
  waitlistIfFull: boolean,
  nowMs: number,
  policy: BookingPolicy,
): Promise<Placed> {
  const slot = await assertMayHold(db, workerId, await slotById(db, slotId), nowMs, policy);
  const waiting = await waitingInSession(db, workerId, slot.sessionId);
  if (await takePlace(db, slotId)) {
    const id = await insertBooking(db, { workerId, slotId, sessionId: slot.sessionId, nowMs });
    // Holding a booking in the session ends any waiting place in it (one per session).
    if (waiting) await endWaiting(db, waiting.id, 'left', nowMs);
    await queueReminders(db, { bookingId: id, workerId, slotId, startsAt: slot.startsAt }, nowMs);
    return { kind: 'booked', id };
  }
  if (!waitlistIfFull) throw new ApiError('SLOT_FULL', { details: { waitlist: true } });
  if (waiting) {
    if (waiting.slot_id === slotId) return { kind: 'waitlisted', id: waiting.id };
    throw new ApiError('ALREADY_WAITLISTED');
  }
  const id = await insertWaiting(db, { workerId, slotId, sessionId: slot.sessionId, nowMs });
  return { kind: 'waitlisted', id };
}

/**
 * POST /bookings. With an Idempotency-Key the lookup, the booking and the stored answer share one
 * transaction, so two concurrent requests with the same key get the same (first) answer and one booking.
 * Business refusals (4xx) are stored too; a different body under the same key is 422 IDEMPOTENCY_KEY_REUSED.
 */
export async function placeBooking(
  ctx: AppContext,
  r: { accountId: string; workerId: string; slotId: string; waitlistIfFull: boolean; idempotencyKey: string | null },
): Promise<Answer> {
  const policy = ctx.config.booking.policy;
  const requestHash = sha256Hex(JSON.stringify([r.slotId, r.waitlistIfFull]));
  const trx = await ctx.db.startTransaction().execute();
  try {
    await lockSlotAndWorker(trx, r.slotId, r.workerId);
    const nowMs = ctx.now();
    if (r.idempotencyKey) {
      const stored = await storedAnswer(trx, r.accountId, r.idempotencyKey);
      if (stored) {
        await trx.commit().execute();
        if (stored.requestHash !== null && stored.requestHash !== requestHash) throw new ApiError('IDEMPOTENCY_KEY_REUSED');
        return { status: stored.status, body: stored.body };
      }
    }
    let answer: Answer;
    const sp = await trx.savepoint('attempt').execute();
    try {
      const placed = await bookOrWaitlist(sp, r.workerId, r.slotId, r.waitlistIfFull, nowMs, policy);
      answer =
        placed.kind === 'booked'
          ? { status: 201, body: publicBooking((await bookingsOf(sp, r.workerId, placed.id))[0], policy) }
          : { status: 202, body: publicWaitlist((await waitlistOf(sp, r.workerId, placed.id))[0]) };
      await sp.releaseSavepoint('attempt').execute();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      await sp.rollbackToSavepoint('attempt').execute();
      answer = { status: err.status, body: err.toBody() };
    }
    if (r.idempotencyKey) {
      await storeAnswer(trx, {
        accountId: r.accountId,
        key: r.idempotencyKey,
        requestHash,
        status: answer.status,
        body: answer.body,
        nowMs,
      });
    }
    await trx.commit().execute();
    return answer;
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'IDEMPOTENCY_KEY_REUSED'))
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
    throw err;
  }
}

/**
 * Gives a freed place in `slotId` to the first eligible workers in its line (join order), within the same
 * limits as booking; a worker who may not hold it now keeps their place in line. Queues a "promoted" message.
 * @returns the new booking ids.
 */
export async function promoteWaitlist(db: Db, slotId: string, nowMs: number, policy: BookingPolicy): Promise<string[]> {
  const promoted: string[] = [];
  const line = await waitingLine(db, slotId);
  for (const entry of line) {
    if (!entry.worker_id) continue;
    const slot = await slotById(db, slotId);
    if (!slot || slot.booked >= slot.capacity) break;
    // After the slot (locked by the caller's releasePlace): the worker's other bookings must not change meanwhile.
    await lockWorker(db, entry.worker_id);
    try {
      await assertMayHold(db, entry.worker_id, slot, nowMs, policy);
    } catch (err) {
      if (err instanceof ApiError) continue;
      throw err;
    }
    if (!(await takePlace(db, slotId))) break;
    const bookingId = await insertBooking(db, {
      workerId: entry.worker_id,
      slotId,
      sessionId: slot.sessionId,
      nowMs,
      waitlistId: entry.id,
    });
    await markPromoted(db, entry.id, bookingId, nowMs);
    await queueReminders(db, { bookingId, workerId: entry.worker_id, slotId, startsAt: slot.startsAt }, nowMs);
    await queueNotice(db, { kind: 'promoted', ref: entry.id, workerId: entry.worker_id, slotId, bookingId }, nowMs);
    promoted.push(bookingId);
  }
  return promoted;
}

/**
 * Cancels a worker's own booking until the policy's deadline (exclusive); the place returns to the pool at
 * once and goes to the first in line. Cancelling a cancelled booking answers it again (a retried tap).
 * @throws ApiError NOT_FOUND, BOOKING_NOT_CANCELLABLE, CANCEL_TOO_LATE
 */
export async function cancelBooking(ctx: AppContext, workerId: string, bookingId: string) {
  const policy = ctx.config.booking.policy;
  return ctx.db.transaction().execute(async (trx) => {
    const nowMs = ctx.now();
    const b = (await bookingsOf(trx, workerId, bookingId))[0];
    if (!b) throw new ApiError('NOT_FOUND', { message: '没有找到这个预约，请返回“我的预约”刷新后再试。' });
    if (b.status === 'cancelled') return publicBooking(b, policy);
    if (b.status !== 'booked') throw new ApiError('BOOKING_NOT_CANCELLABLE');
    const deadline = cancelDeadline(b.startsAt, policy);
    if (nowMs >= deadline) {
      throw new ApiError('CANCEL_TOO_LATE', {
        message: `就诊前${policy.cancelBeforeMin / 60}小时内不能在线取消（截止${zhMonthDayTime(deadline)}）。如来不了，请致电健康驿站 ${b.stationPhone}。`,
        details: { cancellableUntil: toShanghaiIso(deadline), stationPhone: b.stationPhone },
      });
    }
    await cancelBookingRow(trx, b.id, 'worker', nowMs);
    await releasePlace(trx, b.slotId);
    await dropReminders(trx, b.id);
    await promoteWaitlist(trx, b.slotId, nowMs, policy);
    return publicBooking((await bookingsOf(trx, workerId, bookingId))[0], policy);
  });
}

/** Leaves a waiting place. @throws ApiError NOT_FOUND when the worker has no such waiting place. */
export async function leaveWaitlist(ctx: AppContext, workerId: string, entryId: string): Promise<void> {
  if (!(await leaveWaiting(ctx.db, workerId, entryId, ctx.now()))) {
    throw new ApiError('NOT_FOUND', { message: '您已不在这个候补队列里（可能已约上或已退出），请刷新“我的预约”。' });
  }
}

/**
 * Account erasure: cancels the worker's upcoming booked places (by the worker) and returns each place to its
 * slot. @returns the slots whose place was freed, for {@link promoteWaitlist} once the worker is gone.
 */
export async function cancelUpcomingOf(db: Db, workerId: string, nowMs: number): Promise<string[]> {
  const upcoming = await upcomingBookedOf(db, workerId, nowMs);
  for (const b of upcoming) {
    await cancelBookingRow(db, b.id, 'worker', nowMs);
    await releasePlace(db, b.slotId);
  }
  return upcoming.map((b) => b.slotId);
}
