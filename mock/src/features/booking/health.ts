import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { bookingsOf, datesWithSessions, healthStationExists, healthStations, sessionsOn, waitingCounts, waitlistOf } from './repo';
import { publicBooking, publicWaitlist } from './presenters';
import { parseDate, shanghaiDate, toShanghaiIso } from '@/rules/time';
import { bookableDates, bookableState, bookingOpensAt } from '@/rules/slots';

/** What a worker reads before and after booking: the health stations, a day's slots, their own bookings. */

/** The health stations with the bookable dates that have sessions, and the policy this deployment books by. */
export async function healthStationList(ctx: AppContext) {
  const policy = ctx.config.booking.policy;
  const nowMs = ctx.now();
  const dates = bookableDates(nowMs, policy);
  const withSessions = await datesWithSessions(ctx.db, dates, nowMs);
  return {
    stations: (await healthStations(ctx.db)).map((s) => ({ ...s, sessionDates: withSessions.get(s.id) ?? [] })),
    bookableDates: dates,
    // The rules this deployment books by (BOOKING_* settings), so the app says and checks the same ones.
    policy,
  };
}

/**
 * The sessions of health station `id` on Shanghai `date` (default today) with each slot's places, waiting line
 * and bookable state. @throws ApiError VALIDATION_FAILED (not YYYY-MM-DD), NOT_FOUND (no such health station)
 */
export async function slotsOn(ctx: AppContext, id: string, dateQ: string | undefined) {
  const policy = ctx.config.booking.policy;
  const nowMs = ctx.now();
  const date = dateQ ?? shanghaiDate(nowMs);
  if (!parseDate(date)) {
    throw new ApiError('VALIDATION_FAILED', { message: '日期格式应为 YYYY-MM-DD，例如 2026-12-01' });
  }
  const sessions = await sessionsOn(ctx.db, id, date);
  if (sessions.length === 0 && !(await healthStationExists(ctx.db, id))) {
    throw new ApiError('NOT_FOUND', { message: '没有找到这个健康驿站，请返回列表刷新后再选。' });
  }
  const waiting = await waitingCounts(
    ctx.db,
    sessions.flatMap((s) => s.slots.map((x) => x.id)),
  );
  return {
    date,
    opensAt: toShanghaiIso(bookingOpensAt(date, policy)),
    sessions: sessions.map((s) => ({
      id: s.id,
      status: s.status,
      startsAt: toShanghaiIso(s.starts_at),
      endsAt: toShanghaiIso(s.ends_at),
      doctor: { id: s.doctorId, name: s.doctorName, title: s.doctorTitle, specialty: s.doctorSpecialty },
      slots: s.slots.map((x) => ({
        id: x.id,
        startsAt: toShanghaiIso(x.starts_at),
        endsAt: toShanghaiIso(x.ends_at),
        capacity: x.capacity,
        remaining: x.capacity - x.booked,
        waiting: waiting.get(x.id) ?? 0,
        state: s.status === 'scheduled' ? bookableState(date, x.starts_at, nowMs, policy) : 'closed',
        bookable: s.status === 'scheduled' && bookableState(date, x.starts_at, nowMs, policy) === 'open',
      })),
    })),
  };
}

/** The worker's bookings and waiting places, latest slot first. */
export async function myBookings(ctx: AppContext, workerId: string) {
  const policy = ctx.config.booking.policy;
  const [bookings, waiting] = await Promise.all([bookingsOf(ctx.db, workerId), waitlistOf(ctx.db, workerId)]);
  return {
    bookings: [...waiting.map(publicWaitlist), ...bookings.map((b) => publicBooking(b, policy))].sort((a, b) =>
      b.startsAt.localeCompare(a.startsAt),
    ),
  };
}
