import type { Booking } from '../../api/health';

/** Statuses in which the worker holds or waits for a place in a slot (cancelled and no-show ones are over). */
const OWN = new Set<Booking['status']>(['booked', 'checked_in', 'waitlisted']);

/**
 * The worker's own booking (booked or checked in) or waiting place in slot `slotId`, from "my bookings", or
 * undefined. The slot grid marks such a slot instead of offering it again.
 */
export function ownIn(slotId: string, bookings: readonly Booking[]): Booking | undefined {
  return bookings.find((b) => b.slotId === slotId && OWN.has(b.status));
}
