import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import {
  bookingByCheckInCode,
  cancelByStation,
  cancellableBySession,
  clinicSession,
  endWaiting,
  healthStationExists,
  lockSessionSlots,
  markCheckedIn,
  markSessionCancelled,
  recountSessionPlaces,
  waitingInSessionAll,
} from './repo';
import { publicBooking } from './presenters';
import { dropReminders, queueNotice } from './reminders';
import { checkInState } from '@/rules/slots';
import { toShanghaiIso, zhMonthDayTime } from '@/rules/time';

/**
 * What health-station staff do: check-in and cancelling a session (a doctor absent). The routes authorise the
 * caller over the health station (core/http/staffAuth.ts) before these run.
 */

/** Whether the caller reaches another health station (then a booking there may be named to them). */
export type Reaches = (healthStationId: string, districtCode: string | null) => boolean;

/**
 * Checks a booking in by its check-in code at health station `stationId`, from `checkInOpensBeforeMin` before
 * the start until the end. Checking in twice answers the booking again with `alreadyCheckedIn: true`. A booking
 * at another health station is named only to a caller who `reaches` that one (its district's staff, city
 * admins); to anyone else it answers exactly like a code that does not exist (found: a check-in at one clinic
 * with another clinic's code named the other station).
 * @throws ApiError NOT_FOUND (no such health station), CHECK_IN_CODE_INVALID, CHECK_IN_WRONG_STATION, BOOKING_CANCELLED, CHECK_IN_WINDOW
 */
export async function checkIn(ctx: AppContext, stationId: string, code: string, reaches: Reaches) {
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
      if (!reaches(b.stationId, b.stationDistrictCode)) throw new ApiError('CHECK_IN_CODE_INVALID');
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
    await markCheckedIn(trx, b.id, nowMs);
    return { booking: publicBooking({ ...b, status: 'checked_in' }, policy), alreadyCheckedIn: false };
  });
}

/** The health station of a clinic session and its district, for authorising; undefined when there is none. */
export async function sessionScope(ctx: AppContext, sessionId: string) {
  const s = await clinicSession(ctx.db, sessionId);
  return s ? { healthStationId: s.healthStationId, districtCode: s.districtCode } : undefined;
}

/**
 * The station cancels a clinic session: every booked booking (and every no-show already marked) is cancelled by the
 * station, every waiting place ends, places return to zero but for checked-in bookings, and each of those workers
 * gets a "session cancelled" message; `reason` is kept on the session (the statistics count doctor absences). Idempotent.
 * @returns how many bookings and waiting places were cancelled.
 * @throws ApiError NOT_FOUND
 */
export async function cancelSession(
  ctx: AppContext,
  sessionId: string,
  reason: 'doctor_absent' | 'other' = 'other',
): Promise<{ bookingsCancelled: number; waitlistCancelled: number }> {
  // Bookings cancelled by the station are never no-shows (markNoShows takes only 'booked' ones) nor count against
  // the worker: a no-show the scheduler marked before the doctor was found absent is taken back too. The waitlist
  // ends; every worker is told.
  return ctx.db.transaction().execute(async (trx) => {
    const nowMs = ctx.now();
    const session = await clinicSession(trx, sessionId);
    if (!session) throw new ApiError('NOT_FOUND', { message: '没有这一场出诊，请核对后再试。' });
    // A booking taking a place right now commits before the bookings are read (PostgreSQL; see lockSessionSlots).
    await lockSessionSlots(trx, sessionId);
    await markSessionCancelled(trx, sessionId, reason);
    const bookings = await cancellableBySession(trx, sessionId);
    for (const b of bookings) {
      await cancelByStation(trx, b.id, nowMs);
      await dropReminders(trx, b.id);
      if (b.worker_id)
        await queueNotice(trx, { kind: 'session_cancelled', ref: b.id, workerId: b.worker_id, slotId: b.slot_id, bookingId: b.id }, nowMs);
    }
    const waiting = await waitingInSessionAll(trx, sessionId);
    for (const w of waiting) {
      await endWaiting(trx, w.id, 'cancelled', nowMs);
      if (w.worker_id)
        await queueNotice(trx, { kind: 'session_cancelled', ref: w.id, workerId: w.worker_id, slotId: w.slot_id, bookingId: null }, nowMs);
    }
    // Checked-in bookings (if a session is cancelled midway) keep their place; the rest is free.
    await recountSessionPlaces(trx, sessionId);
    return { bookingsCancelled: bookings.length, waitlistCancelled: waiting.length };
  });
}
