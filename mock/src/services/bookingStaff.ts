import type { AppContext } from '../context';
import type { Db } from '../db/database';
import { ApiError } from '../http/errors';
import { bookingByCheckInCode } from '../repos/bookings';
import { publicBooking } from './booking';
import { dropReminders, queueNotice } from './reminders';
import { checkInState } from '../../../src/rules/slots';
import { zhMonthDayTime } from '../../../src/rules/time';
import { toShanghaiIso } from '../../../src/rules/time';
import { healthStationExists } from '../repos/health';

/**
 * What station staff do (check-in, cancelling a session) and what the scheduler does when time passes
 * (no-shows, ending waiting places of started slots). Staff endpoints authenticate with X-Staff-Key.
 */

/**
 * Checks a booking in by its check-in code at health station `stationId`, from `checkInOpensBeforeMin` before
 * the start until the end. Checking in twice answers the booking again with `alreadyCheckedIn: true`.
 * @throws ApiError NOT_FOUND (no such health station), CHECK_IN_CODE_INVALID, CHECK_IN_WRONG_STATION, BOOKING_CANCELLED, CHECK_IN_WINDOW
 */
export async function checkIn(ctx: AppContext, stationId: string, code: string) {
  const policy = ctx.config.booking.policy;
  return ctx.db.transaction().execute(async (trx) => {
    const nowMs = ctx.now();
    if (!(await healthStationExists(trx, stationId))) {
      throw new ApiError('NOT_FOUND', { message: '没有这个健康驿站，请检查签到设备上设置的驿站编号。' });
    }
    // Staff may type the digits with spaces ("1234 5678").
    const digits = code.replace(/\s+/g, '');
    const b = /^\d{8}$/.test(digits) ? await bookingByCheckInCode(trx, digits) : undefined;
    if (!b) throw new ApiError('CHECK_IN_CODE_INVALID');
    if (b.stationId !== stationId) {
      throw new ApiError('CHECK_IN_WRONG_STATION', { message: `这个预约在“${b.stationName}”，不是本站的，请职工到预约的健康驿站签到。` });
    }
    if (b.status === 'checked_in') return { booking: publicBooking(b, policy), alreadyCheckedIn: true };
    if (b.status === 'cancelled') throw new ApiError('BOOKING_CANCELLED');
    const state = checkInState(b.startsAt, b.endsAt, nowMs, policy);
    if (state === 'too_early') {
      const opensAt = b.startsAt - policy.checkInOpensBeforeMin * 60_000;
      throw new ApiError('CHECK_IN_WINDOW', {
        message: `还没到签到时间。这个预约是${zhMonthDayTime(b.startsAt)}，${zhMonthDayTime(opensAt)}起可以签到，请稍后再来。`,
        details: { reason: 'too_early', opensAt: toShanghaiIso(opensAt) },
      });
    }
    if (state === 'ended' || b.status === 'no_show') {
      throw new ApiError('CHECK_IN_WINDOW', {
        message: `这个预约的时段已在${zhMonthDayTime(b.endsAt)}结束，不能再签到。请职工重新预约，或按普通门诊挂号。`,
        details: { reason: 'ended', endedAt: toShanghaiIso(b.endsAt) },
      });
    }
    await trx
      .updateTable('bookings')
      .set({ status: 'checked_in', checked_in_at: nowMs })
      .where('id', '=', b.id)
      .where('status', '=', 'booked')
      .execute();
    return { booking: publicBooking({ ...b, status: 'checked_in' }, policy), alreadyCheckedIn: false };
  });
}

/**
 * The station cancels a clinic session: every active booking is cancelled (by the station), every waiting
 * place ends, places return to zero, and each worker gets a "session cancelled" message. Idempotent.
 * @returns how many bookings and waiting places were cancelled.
 * @throws ApiError NOT_FOUND
 */
export async function cancelSession(ctx: AppContext, sessionId: string): Promise<{ bookingsCancelled: number; waitlistCancelled: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const nowMs = ctx.now();
    const session = await trx.selectFrom('clinic_sessions').select(['id', 'status']).where('id', '=', sessionId).executeTakeFirst();
    if (!session) throw new ApiError('NOT_FOUND', { message: '没有这一场出诊，请核对后再试。' });
    await trx.updateTable('clinic_sessions').set({ status: 'cancelled' }).where('id', '=', sessionId).execute();
    const bookings = await trx
      .selectFrom('bookings')
      .select(['id', 'worker_id', 'slot_id'])
      .where('session_id', '=', sessionId)
      .where('status', '=', 'booked')
      .execute();
    for (const b of bookings) {
      await trx.updateTable('bookings').set({ status: 'cancelled', cancelled_at: nowMs, cancelled_by: 'station' }).where('id', '=', b.id).execute();
      await dropReminders(trx, b.id);
      if (b.worker_id) await queueNotice(trx, { kind: 'session_cancelled', ref: b.id, workerId: b.worker_id, slotId: b.slot_id, bookingId: b.id }, nowMs);
    }
    const waiting = await trx
      .selectFrom('waitlist_entries')
      .select(['id', 'worker_id', 'slot_id'])
      .where('session_id', '=', sessionId)
      .where('status', '=', 'waiting')
      .execute();
    for (const w of waiting) {
      await trx.updateTable('waitlist_entries').set({ status: 'cancelled', ended_at: nowMs }).where('id', '=', w.id).execute();
      if (w.worker_id) await queueNotice(trx, { kind: 'session_cancelled', ref: w.id, workerId: w.worker_id, slotId: w.slot_id, bookingId: null }, nowMs);
    }
    // Checked-in bookings (if a session is cancelled midway) keep their place; the rest is free.
    await trx
      .updateTable('slots')
      .set((eb) => ({
        booked: eb
          .selectFrom('bookings')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('bookings.slot_id', '=', 'slots.id')
          .where('bookings.status', 'in', ['booked', 'checked_in']),
      }))
      .where('session_id', '=', sessionId)
      .execute();
    return { bookingsCancelled: bookings.length, waitlistCancelled: waiting.length };
  });
}

/**
 * Marks every booking not checked in by its slot's end as a no-show (at the slot's end, which is what the
 * block rule counts). @returns how many were marked.
 */
export async function markNoShows(db: Db, nowMs: number): Promise<number> {
  const due = await db
    .selectFrom('bookings')
    .innerJoin('slots', 'slots.id', 'bookings.slot_id')
    .select(['bookings.id', 'slots.ends_at'])
    .where('bookings.status', '=', 'booked')
    .where('slots.ends_at', '<=', nowMs)
    .execute();
  for (const b of due) {
    await db.updateTable('bookings').set({ status: 'no_show', no_show_at: b.ends_at }).where('id', '=', b.id).where('status', '=', 'booked').execute();
  }
  return due.length;
}

/** Ends the waiting places of slots that have started (no place can free up for them any more). */
export async function expireWaitlist(db: Db, nowMs: number): Promise<number> {
  const r = await db
    .updateTable('waitlist_entries')
    .set({ status: 'expired', ended_at: nowMs })
    .where('status', '=', 'waiting')
    .where('slot_id', 'in', (eb) => eb.selectFrom('slots').select('id').where('starts_at', '<=', nowMs))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
