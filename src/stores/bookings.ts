import { create } from 'zustand';
import { bookSlot, cancelBooking, fetchMyBookings, leaveWaitlist, type Booking } from '../api/health';
import { ApiError } from '../api/client';

/** A random Idempotency-Key; kept for one attempt until it ends with an answer, so retries reuse it. */
const newKey = (): string => `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;

/** The key of an attempt: the server refuses one key for two different bodies, so the waitlist flag is part of it. */
const attemptOf = (slotId: string, waitlistIfFull: boolean): string => `${slotId}|${waitlistIfFull ? 'w' : 'b'}`;

/**
 * What went wrong, for the page to show and to offer the next step by `code`. `during` says which action failed,
 * so each page shows only its own problems and "重试" repeats that action (`bookingId`: the one being cancelled).
 */
export interface BookingProblem {
  code: string;
  message: string;
  during: 'load' | 'book' | 'cancel';
  bookingId?: string;
}

/** The server's message; a BOOKING_LIMIT refusal also names the limit it sends (`details.maxUpcoming`). */
const messageOf = (err: ApiError): string => {
  const max = err.details.maxUpcoming;
  return err.code === 'BOOKING_LIMIT' && typeof max === 'number' ? `最多同时预约${max}个。${err.message}` : err.message;
};

const problemOf = (err: unknown, fallback: string, during: BookingProblem['during'], bookingId?: string): BookingProblem => ({
  ...(err instanceof ApiError ? { code: err.code, message: messageOf(err) } : { code: 'UNKNOWN', message: fallback }),
  during,
  ...(bookingId ? { bookingId } : {}),
});

/**
 * Bumped by every change to the list (a fetch starting, a booking or cancel answered): a fetched list is kept only
 * when nothing changed the list after its request went out, so a slow answer never drops a booking made meanwhile.
 */
let listVersion = 0;

export interface BookingsState {
  bookings: Booking[];
  loading: boolean;
  /** The slot whose booking request is in flight (every slot button is disabled meanwhile). */
  bookingSlotId: string | null;
  /** The booking or waiting place being cancelled / left. */
  cancellingId: string | null;
  /** Idempotency keys of attempts that have not ended with an answer. */
  pendingKeys: Record<string, string>;
  error: BookingProblem | null;
  load: () => Promise<void>;
  /**
   * Reloads the list quietly (the slot grid marks the worker's own slots from it): no loading state, no error;
   * a failure keeps the last list (the server still decides every booking).
   */
  refresh: () => Promise<void>;
  /** Books a slot (or joins its waitlist); resolves with the booking / waiting place, or null (then `error` says why). */
  book: (slotId: string, opts?: { waitlistIfFull?: boolean }) => Promise<Booking | null>;
  /** Cancels a booking or leaves a waiting place; resolves true when done. */
  cancel: (booking: Booking) => Promise<boolean>;
  clearError: () => void;
}

export const useBookingsStore = create<BookingsState>((set, get) => ({
  bookings: [],
  loading: false,
  bookingSlotId: null,
  cancellingId: null,
  pendingKeys: {},
  error: null,
  load: async () => {
    const version = ++listVersion;
    set({ loading: true, error: null });
    try {
      const { bookings } = await fetchMyBookings();
      set(version === listVersion ? { bookings, loading: false } : { loading: false });
    } catch (err) {
      set({ loading: false, error: problemOf(err, '加载失败，请检查网络后重试', 'load') });
    }
  },
  refresh: async () => {
    const version = ++listVersion;
    try {
      const { bookings } = await fetchMyBookings();
      if (version === listVersion) set({ bookings });
    } catch {
      // Keep the last list: the marks may be out of date, and the server answers any booking anyway.
    }
  },
  book: async (slotId, opts = {}) => {
    // A second tap while a request is in flight does nothing (the buttons are disabled too).
    if (get().bookingSlotId) return null;
    const waitlistIfFull = opts.waitlistIfFull === true;
    const attempt = attemptOf(slotId, waitlistIfFull);
    const key = get().pendingKeys[attempt] ?? newKey();
    set({ bookingSlotId: slotId, error: null, pendingKeys: { ...get().pendingKeys, [attempt]: key } });
    try {
      const booking = await bookSlot(slotId, key, waitlistIfFull);
      const { [attempt]: _done, ...rest } = get().pendingKeys;
      listVersion++;
      set({ bookingSlotId: null, pendingKeys: rest, bookings: [booking, ...get().bookings.filter((b) => b.id !== booking.id)] });
      return booking;
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('UNKNOWN', '预约没有成功，请重试');
      // A network failure may have booked on the server: keep the key so the retry gets the first answer.
      const pendingKeys = { ...get().pendingKeys };
      if (!e.retryable) delete pendingKeys[attempt];
      set({ bookingSlotId: null, error: problemOf(e, e.message, 'book'), pendingKeys });
      return null;
    }
  },
  cancel: async (booking) => {
    if (get().cancellingId) return false;
    set({ cancellingId: booking.id, error: null });
    try {
      if (booking.status === 'waitlisted') {
        await leaveWaitlist(booking.id);
        listVersion++;
        set({ cancellingId: null, bookings: get().bookings.filter((b) => b.id !== booking.id) });
      } else {
        const cancelled = await cancelBooking(booking.id);
        listVersion++;
        set({ cancellingId: null, bookings: get().bookings.map((b) => (b.id === cancelled.id ? cancelled : b)) });
      }
      return true;
    } catch (err) {
      set({ cancellingId: null, error: problemOf(err, '取消没有成功，请重试', 'cancel', booking.id) });
      return false;
    }
  },
  clearError: () => set({ error: null }),
}));
