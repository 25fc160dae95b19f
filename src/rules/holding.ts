import { DEFAULT_BOOKING_POLICY, type BookingPolicy } from './slots';

/**
 * Which bookings a worker may hold at once (issue 6), applied by the server before it books (the booking feature's
 * assertMayHold) and by the app before it offers a slot (packages/health/own.ts). Times are epoch ms.
 * - one place per clinic session (one doctor's day): ALREADY_BOOKED;
 * - no two places at the same time, at any station: BOOKING_CLASH (slots overlap when each starts before the
 *   other ends; back to back is fine);
 * - at most `policy.maxUpcoming` booked places not yet started: BOOKING_LIMIT.
 */

/** Statuses that hold a place (cancelled and no-show ones are over; a waiting place holds none). */
export const HOLDING_STATUSES = ['booked', 'checked_in'] as const;

/** A booking of the worker as the rule needs it. */
export interface HeldPlace {
  sessionId: string;
  startsAt: number;
  endsAt: number;
  status: string;
}

/** The first rule a new place would break, with the booking that stands in the way, or null. */
export type HoldingConflict<T extends HeldPlace> =
  { code: 'ALREADY_BOOKED'; booking: T } | { code: 'BOOKING_CLASH'; booking: T } | { code: 'BOOKING_LIMIT'; upcoming: number };

const holds = (b: HeldPlace): boolean => (HOLDING_STATUSES as readonly string[]).includes(b.status);

/** Booked (not checked in) places whose slot starts after `nowMs`: what counts against the limit. */
export const upcomingPlaces = (bookings: readonly HeldPlace[], nowMs: number): number =>
  bookings.filter((b) => b.status === 'booked' && b.startsAt > nowMs).length;

/**
 * The first of the rules above, in that order, that a place in `target` (a slot of session `sessionId`) would
 * break given the worker's `bookings` (any statuses; only holding ones count), or null.
 */
export function holdingConflict<T extends HeldPlace>(
  target: { sessionId: string; startsAt: number; endsAt: number },
  bookings: readonly T[],
  nowMs: number,
  policy: BookingPolicy = DEFAULT_BOOKING_POLICY,
): HoldingConflict<T> | null {
  const held = bookings.filter(holds);
  const inSession = held.find((b) => b.sessionId === target.sessionId);
  if (inSession) return { code: 'ALREADY_BOOKED', booking: inSession };
  const clash = held.find((b) => b.startsAt < target.endsAt && target.startsAt < b.endsAt);
  if (clash) return { code: 'BOOKING_CLASH', booking: clash };
  const upcoming = upcomingPlaces(bookings, nowMs);
  if (upcoming >= policy.maxUpcoming) return { code: 'BOOKING_LIMIT', upcoming };
  return null;
}
