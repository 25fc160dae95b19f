import { create } from 'zustand';
import { unlockDoor, type UnlockResponse } from '../api/doors';
import { ApiError } from '../api/client';
import { getFix } from '../platform/location';
import { useSessionStore } from './session';

/** How long the door page waits for a location before unlocking without one (the server marks it). */
const LOCATION_WAIT_MS = 4000;

export type UnlockPhase = 'idle' | 'working' | 'needs_registration' | 'opened' | 'failed';

export interface UnlockState {
  phase: UnlockPhase;
  code: string | null;
  result: UnlockResponse | null;
  error: ApiError | null;
  /** Unlocks with `code`: session, location (best effort), then the server. */
  run: (code: string) => Promise<void>;
  reset: () => void;
}

const withTimeout = <T,>(p: Promise<T>, ms: number): Promise<T | null> =>
  Promise.race([p.catch(() => null), new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);

export const useUnlockStore = create<UnlockState>((set, get) => ({
  phase: 'idle',
  code: null,
  result: null,
  error: null,
  run: async (code) => {
    if (get().phase === 'working' && get().code === code) return;
    set({ phase: 'working', code, result: null, error: null });
    const session = useSessionStore.getState();
    try {
      await session.ensureSession();
      if (!useSessionStore.getState().worker) {
        session.setPendingDoorCode(code);
        set({ phase: 'needs_registration' });
        return;
      }
      const fix = await withTimeout(getFix(), LOCATION_WAIT_MS);
      const result = await unlockDoor(
        code,
        fix ? { lat: fix.lat, lng: fix.lng, coord: 'gcj02', accuracyM: fix.accuracyM ?? undefined } : undefined,
      );
      if (get().code !== code) return;
      session.setPendingDoorCode(null);
      set({ phase: 'opened', result });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('UNKNOWN', '开门失败，请重试');
      if (e.code === 'NOT_REGISTERED') {
        session.setWorker(null);
        session.setPendingDoorCode(code);
        set({ phase: 'needs_registration' });
        return;
      }
      set({ phase: 'failed', error: e });
    }
  },
  reset: () => set({ phase: 'idle', code: null, result: null, error: null }),
}));
