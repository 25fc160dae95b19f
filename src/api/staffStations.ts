import { request } from './client';
import type { OpenState } from '../rules/hours';

/**
 * Stations as their keepers and the union see them (docs: mock/openapi.yaml and notes/CONTRACT.md 1-3): health of
 * the door controllers, today's entries, closing and reopening, and opening a door remotely.
 */

export interface StaffDoor {
  id: string;
  name: string;
  /** offline: silent longer than DOOR_OFFLINE_S; unknown: never heard from. */
  health: 'online' | 'offline' | 'unknown';
  lastSeenAt: string | null;
  contact: 'open' | 'closed' | null;
  contactSince: string | null;
}

/** A closure set by staff; times Shanghai ISO; `by` the staff member's display name. */
export interface StaffClosure {
  id: string;
  from: string;
  to: string;
  reason: string;
  by: string;
}

export interface StaffStation {
  id: string;
  name: string;
  /** The district name, e.g. 迎泽区. */
  district: string;
  districtCode: string;
  openNow: boolean;
  openLabel: string;
  doors: StaffDoor[];
  openAlarms: number;
  entriesToday: number;
  /** Posted as open with a door controller offline ("显示营业，但门禁离线"). */
  openButDoorOffline: boolean;
  /** The active staff closure (暂停开放), null when none is in force. */
  closure: StaffClosure | null;
}

/** A masked worker: `张*`, `138****0000` (or null). */
export interface MaskedWorker {
  maskedName: string;
  maskedPhone: string | null;
}

export interface StationEntry {
  id: string;
  at: string;
  door: { id: string; name: string } | null;
  worker: MaskedWorker | null;
  /** granted: the pass was sent, the door has not acknowledged yet. */
  outcome: 'opened' | 'granted' | 'no_response' | 'refused';
  /** The refusal code when refused. */
  reason: string | null;
  remote: boolean;
  remoteBy: string | null;
}

/** GET /staff/stations: the stations in scope with their doors' health, by id. */
export const fetchStaffStations = () => request<{ at: string; stations: StaffStation[] }>('GET', '/staff/stations');

/** GET /staff/stations/{id}/entries?date= (default today, Shanghai): newest first, at most 500. Audited. */
export const fetchStationEntries = (stationId: string, date?: string) =>
  request<{ date: string; station: { id: string; name: string }; entries: StationEntry[] }>(
    'GET',
    `/staff/stations/${encodeURIComponent(stationId)}/entries`,
    { query: { date } },
  );

/**
 * POST /staff/stations/{id}/closures: closes the station now until `until` (Shanghai ISO, within 30 days) with a
 * reason of 2..60 characters; workers see 暂停开放 and the reason at once. Replaces an earlier staff closure.
 */
export const closeStation = (stationId: string, reason: string, until: string) =>
  request<{ closure: StaffClosure; open: OpenState }>('POST', `/staff/stations/${encodeURIComponent(stationId)}/closures`, {
    body: { reason, until },
  });

/** DELETE /staff/stations/{id}/closures/{closureId}: ends the closure now; 404 NOT_FOUND when it is no longer in force. */
export const reopenStation = (stationId: string, closureId: string) =>
  request<{ open: OpenState }>('DELETE', `/staff/stations/${encodeURIComponent(stationId)}/closures/${encodeURIComponent(closureId)}`);

/**
 * POST /staff/doors/{doorId}/remote-open with a reason (4..200 characters once trimmed); audited. Over the
 * per-person limit (30 per 10 minutes) 429 RATE_LIMITED with `details.scope` 'staff'.
 */
export const remoteOpenDoor = (doorId: string, reason: string) =>
  request<{ grantId: string; entryId: string; expiresAt: string }>('POST', `/staff/doors/${encodeURIComponent(doorId)}/remote-open`, {
    body: { reason },
  });
