import Taro from '@tarojs/taro';
import { create } from 'zustand';
import { createSession, deleteSession } from '../api/sessions';
import { setAuthHooks } from '../api/client';
import type { Worker } from '../api/workers';
import { discard, readVersioned, writeVersioned } from './storage';
import { parseShanghaiDateTime } from '../rules/time';

/**
 * The session and the registered worker, persisted across restarts. A door code scanned before
 * registering waits here (`pendingDoorCode`) so the door opens right after registration without a
 * second scan.
 */
export interface SessionState {
  hydrated: boolean;
  deviceId: string | null;
  token: string | null;
  expiresAt: string | null;
  worker: Worker | null;
  pendingDoorCode: string | null;
  hydrate: () => Promise<void>;
  /** A valid token, creating a session when there is none. Rejects with ApiError on network failure. */
  ensureSession: () => Promise<string>;
  setWorker: (w: Worker | null) => void;
  setPendingDoorCode: (code: string | null) => void;
  logout: () => Promise<void>;
  /**
   * After the account was deleted on the server: forgets token, worker and pending door code, and starts over
   * with a new device id so nothing on the phone links to the deleted account.
   */
  forgetAccount: () => void;
}

export const SESSION_KEY = 'yz.session';
export const SESSION_VERSION = 2;

interface Persisted {
  deviceId: string;
  token: string | null;
  expiresAt: string | null;
  worker: Worker | null;
  pendingDoorCode: string | null;
}

const isPersisted = (x: unknown): x is Persisted => {
  const p = x as Persisted;
  return (
    !!p &&
    typeof p === 'object' &&
    typeof p.deviceId === 'string' &&
    p.deviceId.length >= 8 &&
    (p.token === null || typeof p.token === 'string') &&
    (p.expiresAt === null || typeof p.expiresAt === 'string') &&
    (p.worker === null || (typeof p.worker === 'object' && typeof p.worker.id === 'string')) &&
    (p.pendingDoorCode === null || typeof p.pendingDoorCode === 'string')
  );
};

/** 128 random bits as hex; Math.random is enough for an installation id that is not a secret. */
export const newDeviceId = (): string =>
  Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');

let inflight: Promise<string> | null = null;

export const useSessionStore = create<SessionState>((set, get) => {
  const persist = () => {
    const { deviceId, token, expiresAt, worker, pendingDoorCode } = get();
    if (deviceId) writeVersioned<Persisted>(SESSION_KEY, SESSION_VERSION, { deviceId, token, expiresAt, worker, pendingDoorCode });
  };
  const login = async (): Promise<string> => {
    const deviceId = get().deviceId ?? newDeviceId();
    set({ deviceId });
    let res;
    if (process.env.TARO_ENV === 'weapp') {
      const { code } = await Taro.login();
      res = await createSession({ wxCode: code });
    } else {
      res = await createSession({ deviceId });
    }
    set({ token: res.token, expiresAt: res.expiresAt, worker: res.worker });
    persist();
    return res.token;
  };
  return {
    hydrated: false,
    deviceId: null,
    token: null,
    expiresAt: null,
    worker: null,
    pendingDoorCode: null,
    hydrate: async () => {
      const saved = readVersioned(SESSION_KEY, SESSION_VERSION, isPersisted);
      set({ ...(saved ?? { deviceId: newDeviceId(), token: null, expiresAt: null, worker: null, pendingDoorCode: null }), hydrated: true });
      persist();
    },
    ensureSession: async () => {
      const { token, expiresAt } = get();
      const expiresMs = expiresAt ? parseShanghaiDateTime(expiresAt) : null;
      // An unparsable expiry counts as expired: ask for a new session rather than trust it.
      if (token && expiresMs !== null && expiresMs > Date.now() + 60_000) return token;
      inflight ??= login().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    setWorker: (worker) => {
      set({ worker });
      persist();
    },
    setPendingDoorCode: (pendingDoorCode) => {
      set({ pendingDoorCode });
      persist();
    },
    logout: async () => {
      try {
        await deleteSession();
      } catch {
        // Logging out locally still matters when the network is down; the server session expires on its own.
      }
      set({ token: null, expiresAt: null, worker: null, pendingDoorCode: null });
      discard(SESSION_KEY);
      persist();
    },
    forgetAccount: () => {
      set({ deviceId: newDeviceId(), token: null, expiresAt: null, worker: null, pendingDoorCode: null });
      discard(SESSION_KEY);
      persist();
    },
  };
});

setAuthHooks({
  token: () => useSessionStore.getState().token,
  renew: async () => {
    useSessionStore.setState({ token: null });
    try {
      return await useSessionStore.getState().ensureSession();
    } catch {
      return null;
    }
  },
});
