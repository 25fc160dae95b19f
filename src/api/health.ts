import { request } from './client';

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
  phone: string;
  status: 'open' | 'opening_soon';
  openedOn: string | null;
  doctors: Doctor[];
}

export interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
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

export interface Booking {
  id: string;
  slotId: string;
  sessionId: string;
  stationId: string;
  stationName: string;
  doctorName: string;
  doctorTitle: string;
  specialty: string;
  startsAt: string;
  endsAt: string;
  status: 'booked' | 'checked_in' | 'cancelled' | 'no_show' | 'waitlisted';
  checkInCode: string;
}

/** GET /health-stations. */
export const fetchHealthStations = () =>
  request<{ stations: HealthStation[]; bookableDates: string[] }>('GET', '/health-stations');

/** GET /health-stations/{id}/slots?date=YYYY-MM-DD. */
export const fetchSlots = (stationId: string, date: string) =>
  request<{ date: string; sessions: ClinicSession[] }>('GET', `/health-stations/${encodeURIComponent(stationId)}/slots`, {
    query: { date },
  });

/** POST /bookings; `idempotencyKey` is reused on a retry so a retried tap never books twice. */
export const bookSlot = (slotId: string, idempotencyKey: string) =>
  request<Booking>('POST', '/bookings', { body: { slotId }, headers: { 'Idempotency-Key': idempotencyKey } });

/** GET /me/bookings. */
export const fetchMyBookings = () => request<{ bookings: Booking[] }>('GET', '/me/bookings');
