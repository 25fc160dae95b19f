import Taro from '@tarojs/taro';
import { create } from 'zustand';
import { createSession, deleteSession } from '../api/sessions';
import { setAuthHooks } from '../api/client';
import type { Worker } from '../api/workers';
import { discard, readVersioned, REGISTRATION_DRAFT_KEY, writeVersioned } from './storage';
import { parseShanghaiDateTime } from '../rules/time';

/**
 * How long a door code scanned before registering may still open that door once the worker has registered:
 * long enough to register (about a minute, more with the privacy notice), short enough that a worker who walked
 * away and registers later at home does not open a door nobody stands at.
 */
export const PENDING_DOOR_CODE_TTL_MS = 10 * 60_000;

/**
 * The session and the registered worker, persisted across restarts. A door code scanned before
 * registering waits here (`pendingDoorCode`, since `pendingDoorCodeAt`) so the door opens right after
 * registration without a second scan; see freshPendingDoorCode.
 */
export interface SessionState {
  hydrated: boolean;
  deviceId: string | null;
  token: string | null;
  expiresAt: string | null;
  worker: Worker | null;
  pendingDoorCode: string | null;
  /** Epoch ms when pendingDoorCode was saved. */
  pendingDoorCodeAt: number | null;
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
  /** Absent in saves from before it existed: such a code counts as expired. */
  pendingDoorCodeAt?: number | null;
}

const isPersisted = (x: unknown): x is Persisted => {
  const p = x as Persisted;
  return (
    !!p &&
    typeof p === 'object' &&
    typeof p.deviceId === 'string' &&
    p.deviceId.length >= 32 &&
    (p.token === null || typeof p.token === 'string') &&
    (p.expiresAt === null || typeof p.expiresAt === 'string') &&
    (p.worker === null || (typeof p.worker === 'object' && typeof p.worker.id === 'string')) &&
    (p.pendingDoorCode === null || typeof p.pendingDoorCode === 'string') &&
    (p.pendingDoorCodeAt === undefined || p.pendingDoorCodeAt === null || typeof p.pendingDoorCodeAt === 'number')
  );
};

/** The door code waiting for registration, or null when there is none or it is older than PENDING_DOOR_CODE_TTL_MS. */
export function freshPendingDoorCode(s: Pick<SessionState, 'pendingDoorCode' | 'pendingDoorCodeAt'>, nowMs: number): string | null {
  const { pendingDoorCode: code, pendingDoorCodeAt: at } = s;
  return code !== null && at !== null && at <= nowMs && nowMs - at <= PENDING_DOOR_CODE_TTL_MS ? code : null;
}

/**
 * 128 random bits as hex. On the h5 / development path the device id is what signs the account in, so it
 * comes from the Web Crypto API where there is one.
 */
export function newDeviceId(): string {
  const bytes = new Uint8Array(16);
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (webCrypto?.getRandomValues) webCrypto.getRandomValues(bytes);
  // WeChat's JS engine has no Web Crypto; there the id only ties a phone to a WeChat account signed in by code.
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

let inflight: Promise<string> | null = null;

export const useSessionStore = create<SessionState>((set, get) => {
  const persist = () => {
    const { deviceId, token, expiresAt, worker, pendingDoorCode, pendingDoorCodeAt } = get();
    if (deviceId)
      writeVersioned<Persisted>(SESSION_KEY, SESSION_VERSION, { deviceId, token, expiresAt, worker, pendingDoorCode, pendingDoorCodeAt });
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
    pendingDoorCodeAt: null,
    hydrate: async () => {
      const saved = readVersioned(SESSION_KEY, SESSION_VERSION, isPersisted);
      const fresh = { deviceId: newDeviceId(), token: null, expiresAt: null, worker: null, pendingDoorCode: null };
      set({ ...(saved ?? fresh), pendingDoorCodeAt: saved?.pendingDoorCodeAt ?? null, hydrated: true });
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
      set({ pendingDoorCode, pendingDoorCodeAt: pendingDoorCode === null ? null : Date.now() });
      persist();
    },
    logout: async () => {
      try {
        await deleteSession();
      } catch {
        // Logging out locally still matters when the network is down; the server session expires on its own.
      }
      set({ token: null, expiresAt: null, worker: null, pendingDoorCode: null, pendingDoorCodeAt: null });
      discard(SESSION_KEY);
      persist();
    },
    forgetAccount: () => {
      set({ deviceId: newDeviceId(), token: null, expiresAt: null, worker: null, pendingDoorCode: null, pendingDoorCodeAt: null });
      discard(SESSION_KEY);
      discard(REGISTRATION_DRAFT_KEY);
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
