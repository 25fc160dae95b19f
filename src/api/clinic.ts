import { request } from './client';
import type { Booking, Doctor } from './health';
import type { MaskedWorker } from './staffStations';

/** A health station's day as its clinic staff see it (notes/CONTRACT.md 5), check-in and a doctor's absence. */

export interface ClinicBooking {
  id: string;
  startsAt: string;
  endsAt: string;
  worker: MaskedWorker;
  status: 'booked' | 'checked_in' | 'no_show' | 'cancelled';
  checkedInAt: string | null;
  cancelledBy: 'worker' | 'station' | null;
}

export interface ClinicDaySession {
  id: string;
  status: 'scheduled' | 'cancelled';
  startsAt: string;
  endsAt: string;
  doctor: Doctor;
  capacity: number;
  booked: number;
  checkedIn: number;
  waiting: number;
  bookings: ClinicBooking[];
}

export interface NoShow {
  bookingId: string;
  sessionId: string;
  startsAt: string;
  doctorName: string;
  worker: MaskedWorker;
}

export interface ClinicDay {
  date: string;
  healthStation: { id: string; name: string };
  /** By start time. Check-in codes are never here. */
  sessions: ClinicDaySession[];
  noShows: NoShow[];
}

/** GET /staff/health-stations/{id}/day?date= (default today, Shanghai). Audited. */
export const fetchClinicDay = (healthStationId: string, date?: string) =>
  request<ClinicDay>('GET', `/staff/health-stations/${encodeURIComponent(healthStationId)}/day`, { query: { date } });

/**
 * POST /staff/health-stations/{id}/check-ins with the 8 digits (spaces allowed). 404 CHECK_IN_CODE_INVALID, 409
 * CHECK_IN_WRONG_STATION / BOOKING_CANCELLED / CHECK_IN_WINDOW, 429 after 10 wrong codes in 10 minutes.
 */
export const checkInBooking = (healthStationId: string, code: string) =>
  request<{ booking: Booking; alreadyCheckedIn: boolean }>(
    'POST',
    `/staff/health-stations/${encodeURIComponent(healthStationId)}/check-ins`,
    {
      body: { code },
    },
  );

/** POST /staff/clinic-sessions/{id}/cancel {reason: 'doctor_absent'}: every booking cancelled by the station. */
export const cancelSessionDoctorAbsent = (sessionId: string) =>
  request<{ bookingsCancelled: number; waitlistCancelled: number }>(
    'POST',
    `/staff/clinic-sessions/${encodeURIComponent(sessionId)}/cancel`,
    {
      body: { reason: 'doctor_absent' },
    },
  );
