import type { Booking, Slot } from '../../api/health';
import { DEFAULT_BOOKING_POLICY, type BookingPolicy } from '../../rules/slots';
import { holdingConflict, upcomingPlaces, type HeldPlace } from '../../rules/holding';
import { parseShanghaiDateTime } from '../../rules/time';
import { dayTime, hhmm } from './time';

/** Statuses in which the worker holds or waits for a place in a slot (cancelled and no-show ones are over). */
const OWN = new Set<Booking['status']>(['booked', 'checked_in', 'waitlisted']);
/** Epoch ms of an ISO time, NaN when it does not parse: every comparison with NaN is false, so it never refuses. */
const ms = (iso: string): number => parseShanghaiDateTime(iso) ?? NaN;

/** A booking as the shared rule (src/rules/holding.ts) reads it. */
const place = (b: Booking): HeldPlace & { booking: Booking } => ({
  sessionId: b.sessionId,
  startsAt: ms(b.startsAt),
  endsAt: ms(b.endsAt),
  status: b.status,
  booking: b,
});

/**
 * The worker's own booking (booked or checked in) or waiting place in slot `slotId`, from "my bookings", or
 * undefined. The slot grid marks such a slot instead of offering it again.
 */
export function ownIn(slotId: string, bookings: readonly Booking[]): Booking | undefined {
  return bookings.find((b) => b.slotId === slotId && OWN.has(b.status));
}

/** Booked (not checked in) bookings whose slot starts after `nowMs`: what the server counts against the limit. */
export const upcomingCount = (bookings: readonly Booking[], nowMs: number): number => upcomingPlaces(bookings.map(place), nowMs);

/** The limit, as the worker reads it before and after tapping. */
export const limitMessage = (upcoming: number, policy: BookingPolicy = DEFAULT_BOOKING_POLICY): string =>
  `最多同时预约${policy.maxUpcoming}个，您已有${upcoming}个还没就诊的预约。请先就诊，或在“我的预约”里取消一个后再约。`;

export interface Refusal {
  code: 'ALREADY_BOOKED' | 'BOOKING_CLASH' | 'BOOKING_LIMIT' | 'ALREADY_WAITLISTED';
  title: string;
  message: string;
}

/**
 * What the server would refuse for this slot, judged from the bookings the app already knows, in the server's
 * order: the rule both apply (src/rules/holding.ts: one booking per session, no two at the same time, at most
 * `maxUpcoming` upcoming), then one waiting place per session. Null when nothing known stands in the
 * way; the server still decides (its answers are handled as before), and an unparsable time never refuses.
 * @param waitlist the tap joins the waitlist of a full slot
 */
export function refusalOf(
  target: { sessionId: string; doctorName: string; slot: Slot },
  waitlist: boolean,
  bookings: readonly Booking[],
  nowMs: number,
  policy: BookingPolicy = DEFAULT_BOOKING_POLICY,
): Refusal | null {
  const { sessionId, doctorName, slot } = target;
  const conflict = holdingConflict({ sessionId, startsAt: ms(slot.startsAt), endsAt: ms(slot.endsAt) }, bookings.map(place), nowMs, policy);
  if (conflict?.code === 'ALREADY_BOOKED') {
    return {
      code: 'ALREADY_BOOKED',
      title: '这一场已约',
      message: `您已经约了${doctorName}这一场${hhmm(conflict.booking.booking.startsAt)}的号，每场只能约一个时段。如要换时间，请先在“我的预约”里取消原来的预约。`,
    };
  }
  if (conflict?.code === 'BOOKING_CLASH') {
    const clash = conflict.booking.booking;
    return {
      code: 'BOOKING_CLASH',
      title: '时间重叠',
      message: `这个时段和您${dayTime(clash.startsAt) ?? ''}在${clash.stationName}的预约（${clash.specialty} ${clash.doctorName}）时间重叠，同一时间只能看一位医生。如要改约，请先在“我的预约”里取消原来的预约。`,
    };
  }
  if (conflict?.code === 'BOOKING_LIMIT') {
    return { code: 'BOOKING_LIMIT', title: '预约已达上限', message: limitMessage(conflict.upcoming, policy) };
  }
  const waiting = waitlist
    ? bookings.find((b) => b.status === 'waitlisted' && b.sessionId === sessionId && b.slotId !== slot.id)
    : undefined;
  if (waiting) {
    return {
      code: 'ALREADY_WAITLISTED',
      title: '这一场已在候补',
      message: `您已在这一场${hhmm(waiting.startsAt)}的时段候补，每场只能候补一个时段。可在“我的预约”里退出候补后再选。`,
    };
  }
  return null;
}
