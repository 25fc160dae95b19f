import type { BookingRow, WaitlistRow } from './repo';
import { cancelDeadline, type BookingPolicy } from '@/rules/slots';
import { toShanghaiIso } from '@/rules/time';

/** A booking as the API shows it: ISO +08:00 times, the cancel deadline and check-in opening. */
export function publicBooking(b: BookingRow, policy: BookingPolicy) {
  const { workerId: _w, stationDistrictCode: _d, ...rest } = b;
  return {
    ...rest,
    kind: 'booking' as const,
    startsAt: toShanghaiIso(b.startsAt),
    endsAt: toShanghaiIso(b.endsAt),
    cancellableUntil: toShanghaiIso(cancelDeadline(b.startsAt, policy)),
    checkInOpensAt: toShanghaiIso(b.startsAt - policy.checkInOpensBeforeMin * 60_000),
    position: null,
  };
}

/** A waiting place as the API shows it (`status: 'waitlisted'`, no check-in code). */
export function publicWaitlist(w: WaitlistRow) {
  const { workerId: _w, ...rest } = w;
  return {
    ...rest,
    kind: 'waitlist' as const,
    status: 'waitlisted' as const,
    startsAt: toShanghaiIso(w.startsAt),
    endsAt: toShanghaiIso(w.endsAt),
    checkInCode: null,
    cancelledBy: null,
    cancellableUntil: null,
    checkInOpensAt: null,
  };
}
