import { addDays, parseShanghaiDateTime, shanghaiDate } from './time';

/**
 * Booking rules for health-station slots, shared by the app (to grey out buttons) and the server
 * (the authority). Times are epoch milliseconds; dates are Shanghai calendar dates.
 */
export interface BookingPolicy {
  /** Booking for a date opens this many days before it... */
  releaseDaysAhead: number;
  /** ...at this Shanghai time ('HH:mm'). */
  releaseTime: string;
  /** Most upcoming bookings a worker may hold at once. */
  maxUpcoming: number;
  /** Cancelling is allowed until this many minutes before the start. */
  cancelBeforeMin: number;
}

/** Defaults from the health-booking issue: 7 days ahead at 08:00, two upcoming, cancel until 2 h before. */
export const DEFAULT_BOOKING_POLICY: BookingPolicy = {
  releaseDaysAhead: 7,
  releaseTime: '08:00',
  maxUpcoming: 2,
  cancelBeforeMin: 120,
};

/** When booking opens for a slot on Shanghai date `date`. */
export function bookingOpensAt(date: string, policy: BookingPolicy = DEFAULT_BOOKING_POLICY): number {
  return parseShanghaiDateTime(`${addDays(date, -policy.releaseDaysAhead)} ${policy.releaseTime}`) as number;
}

export type BookableState = 'open' | 'not_yet_open' | 'closed';

/**
 * Whether a slot starting at `startsAt` (on Shanghai date `date`) can be booked at `nowMs`: opens at the
 * release time, closes at the slot's start (a slot that has started is closed).
 */
export function bookableState(date: string, startsAt: number, nowMs: number, policy = DEFAULT_BOOKING_POLICY): BookableState {
  if (nowMs >= startsAt) return 'closed';
  if (nowMs < bookingOpensAt(date, policy)) return 'not_yet_open';
  return 'open';
}

/** The last instant a booking may be cancelled (exclusive): start minus the policy's minutes. */
export const cancelDeadline = (startsAt: number, policy = DEFAULT_BOOKING_POLICY): number =>
  startsAt - policy.cancelBeforeMin * 60_000;

/** The bookable Shanghai dates as of `nowMs`: today and the following `releaseDaysAhead` days. */
export function bookableDates(nowMs: number, policy = DEFAULT_BOOKING_POLICY): string[] {
  const today = shanghaiDate(nowMs);
  return Array.from({ length: policy.releaseDaysAhead + 1 }, (_, i) => addDays(today, i));
}
