import { create } from 'zustand';
import { bookSlot, fetchMyBookings, type Booking } from '../api/health';
import { ApiError } from '../api/client';

/** A random Idempotency-Key; kept for one slot until that booking attempt ends, so retries reuse it. */
const newKey = (): string => `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;

export interface BookingsState {
  bookings: Booking[];
  loading: boolean;
  /** The slot whose booking request is in flight (its button is disabled). */
  bookingSlotId: string | null;
  /** Idempotency keys by slot id for attempts that have not ended with an answer. */
  pendingKeys: Record<string, string>;
  error: string | null;
  load: () => Promise<void>;
  /** Books a slot; resolves with the booking or null (then `error` says why). */
  book: (slotId: string) => Promise<Booking | null>;
}

export const useBookingsStore = create<BookingsState>((set, get) => ({
  bookings: [],
  loading: false,
  bookingSlotId: null,
  pendingKeys: {},
  error: null,
  load: async () => {
    set({ loading: true, error: null });
    try {
      const { bookings } = await fetchMyBookings();
      set({ bookings, loading: false });
    } catch (err) {
      set({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
    }
  },
  book: async (slotId) => {
    if (get().bookingSlotId) return null;
    const key = get().pendingKeys[slotId] ?? newKey();
    set({ bookingSlotId: slotId, error: null, pendingKeys: { ...get().pendingKeys, [slotId]: key } });
    try {
      const booking = await bookSlot(slotId, key);
      const { [slotId]: _done, ...rest } = get().pendingKeys;
      set({ bookingSlotId: null, pendingKeys: rest, bookings: [booking, ...get().bookings.filter((b) => b.id !== booking.id)] });
      return booking;
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('UNKNOWN', '预约失败，请重试');
      // A network failure may have booked on the server: keep the key so the retry gets the first answer.
      const pendingKeys = { ...get().pendingKeys };
      if (!e.retryable) delete pendingKeys[slotId];
      set({ bookingSlotId: null, error: e.message, pendingKeys });
      return null;
    }
  },
}));
