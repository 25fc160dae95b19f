import { request } from './client';
import type { BookingPolicy } from '../rules/slots';

export interface Doctor {
  id: string;
  name: string;
  title: string;
  specialty: string;
  hospital?: string;
}

export interface HealthStation {
  id: string;
  name: string;
  address: string;
  district: string;
  /** GCJ-02, as stations are stored. */
  lat: number;
  lng: number;
  phone: string;
  status: 'open' | 'opening_soon';
  openedOn: string | null;
  doctors: Doctor[];
  /** The bookable dates with a doctor in. */
  sessionDates: string[];
}

export interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
  /** Workers on the waitlist. */
  waiting: number;
  state: 'open' | 'not_yet_open' | 'closed';
  bookable: boolean;
}

export interface ClinicSession {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  doctor: Doctor;
  slots: Slot[];
}

/** A booking, or a waiting place (`kind: 'waitlist'`, `status: 'waitlisted'`). Times are ISO 8601 +08:00. */
export interface Booking {
  id: string;
  kind: 'booking' | 'waitlist';
  slotId: string;
  sessionId: string;
  stationId: string;
  stationName: string;
  stationPhone: string;
  doctorName: string;
  doctorTitle: string;
  specialty: string;
  startsAt: string;
  endsAt: string;
  status: 'booked' | 'checked_in' | 'cancelled' | 'no_show' | 'waitlisted';
  /** Null for a waiting place. */
  checkInCode: string | null;
  cancelledBy: 'worker' | 'station' | null;
  /** Cancel online works before this instant. */
  cancellableUntil: string | null;
  checkInOpensAt: string | null;
  /** Place in line (from 1) for a waiting place. */
  position: number | null;
}

/** GET /health-stations. */
export const fetchHealthStations = () =>
  request<{ stations: HealthStation[]; bookableDates: string[]; policy?: BookingPolicy }>('GET', '/health-stations');

/** GET /health-stations/{id}/slots?date=YYYY-MM-DD; `opensAt` is when booking opens for that date. */
export const fetchSlots = (stationId: string, date: string) =>
  request<{ date: string; opensAt: string; sessions: ClinicSession[] }>('GET', `/health-stations/${encodeURIComponent(stationId)}/slots`, {
    query: { date },
  });

/**
 * POST /bookings; `idempotencyKey` is reused on a retry so a retried tap never books twice. With
 * `waitlistIfFull` a full slot answers a waiting place (status 'waitlisted') instead of SLOT_FULL.
 */
export const bookSlot = (slotId: string, idempotencyKey: string, waitlistIfFull = false) =>
  request<Booking>('POST', '/bookings', {
    body: waitlistIfFull ? { slotId, waitlistIfFull } : { slotId },
    headers: { 'Idempotency-Key': idempotencyKey },
  });

// The bodies are `{}` because the client always sends a JSON content type and the server refuses an empty JSON body.
/** POST /bookings/{id}/cancel: cancels (until the deadline); answers the cancelled booking. */
export const cancelBooking = (id: string) => request<Booking>('POST', `/bookings/${encodeURIComponent(id)}/cancel`, { body: {} });

/** DELETE /waitlist/{id}: leaves a waiting place. */
export const leaveWaitlist = (id: string) => request<null>('DELETE', `/waitlist/${encodeURIComponent(id)}`, { body: {} });

/** GET /me/bookings: bookings and waiting places, latest slot first. */
export const fetchMyBookings = () => request<{ bookings: Booking[] }>('GET', '/me/bookings');
