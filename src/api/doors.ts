import { request } from './client';

/**
 * Door entry, worker side (mock/openapi.yaml, tag "doors"): unlock with a scanned code, follow the door's
 * answer, the worker's rotating pass, their entries, and the emergency alert.
 */

export interface UnlockLocation {
  lat: number;
  lng: number;
  coord: 'gcj02' | 'wgs84';
  accuracyM?: number;
}

/** `waiting` until the door controller acknowledges or the grant (10 s) and its grace (2 s) run out. */
export type DoorState = 'waiting' | 'opened' | 'no_response';

export interface UnlockResponse {
  grant: { id: string; doorId: string; stationId: string; expiresAt: string };
  station: { id: string; name: string; address: string; phone: string };
  door: { id: string; name: string };
  entry: { id: string; at: string; locationPresent: boolean; distanceM: number | null; doorState: DoorState };
}

/** One door attempt as the worker sees it; times are Shanghai ISO strings (`...+08:00`). */
export interface Entry {
  id: string;
  at: string;
  outcome: 'granted' | 'refused';
  /** Refusal code (TOO_FAR, DOOR_CODE_EXPIRED, PASS_REPLAYED...); null when granted. */
  reason: string | null;
  codeKind: 'printed' | 'rotating' | 'pass' | null;
  station: { id: string; name: string; phone: string };
  door: { id: string; name: string };
  locationPresent: boolean;
  distanceM: number | null;
  /** Granted entries only; null for refusals. */
  doorState: DoorState | null;
  doorAckedAt: string | null;
  grantExpiresAt: string | null;
}

export interface PassResponse {
  /** The opaque pass text to show as a QR (`YZP1....`); single use. */
  pass: string;
  expiresAt: string;
  refreshAt: string;
  /** When to fetch the next pass, by the server's clock (the phone's may be wrong). */
  refreshInMs: number;
}

export interface AlertResponse {
  /** `withdrawUntil`: until when the worker may withdraw it (取消求助; ALERT_WITHDRAW_S after `at`). */
  alert: { id: string; at: string; stationId: string; doorId: string | null; withdrawUntil: string };
  station: { id: string; name: string; phone: string };
}

/** POST /doors/unlock with the scanned code and, when the phone gives one, the location. */
export const unlockDoor = (code: string, location?: UnlockLocation) =>
  request<UnlockResponse>('POST', '/doors/unlock', { body: { code, location } });

/** GET /entries/{id}: the entry with the door's current state (poll until it leaves `waiting`). */
export const fetchEntry = (entryId: string, timeoutMs?: number) =>
  request<{ entry: Entry }>('GET', `/entries/${encodeURIComponent(entryId)}`, { timeoutMs }).then((r) => r.entry);

/** GET /me/entries: the worker's entries, newest first. */
export const fetchMyEntries = (limit = 50) =>
  request<{ entries: Entry[] }>('GET', '/me/entries', { query: { limit } }).then((r) => r.entries);

/** POST /me/pass: a fresh single-use pass. Rejects 403 NOT_REGISTERED before registration. */
// An explicit empty JSON body: the h5 build's bodiless POST here was answered 400 BAD_REQUEST (pass journey).
export const issuePass = () => request<PassResponse>('POST', '/me/pass', { body: {} });

/** POST /alerts: records an emergency call at a station (works before registration). */
export const postAlert = (body: { stationId: string; doorId?: string; entryId?: string; location?: UnlockLocation }) =>
  request<AlertResponse>('POST', '/alerts', { body });

/**
 * POST /alerts/{id}/withdraw: the worker withdraws their own alert (取消求助) within the window the alert answer
 * gave; 409 ALERT_WITHDRAW_CLOSED (too late, or already resolved), 404 for another account's.
 */
export const withdrawAlert = (id: string) =>
  request<{ alert: { id: string; state: string; withdrawnAt: string | null } }>('POST', `/alerts/${encodeURIComponent(id)}/withdraw`, {
    body: {},
  });
