import { request } from './client';

/** An emergency alarm as staff see it (GET /staff/alerts; schema StaffAlert). Times are Shanghai ISO strings. */
export interface StaffAlert {
  id: string;
  at: string;
  station: { id: string; name: string; phone: string };
  door: { id: string; name: string } | null;
  /** Internal id; null when the caller had not registered. Never shown, only "登记职工" / "未登记". */
  workerId: string | null;
  entryId: string | null;
  /** GCJ-02, as the phone reported it; for the emergency response only. */
  location: { lat: number; lng: number; coord: 'gcj02'; accuracyM: number | null } | null;
  /** withdrawn: the worker who raised it took it back (工友已取消求助); it no longer escalates. */
  state: 'open' | 'acknowledged' | 'resolved' | 'withdrawn';
  /** 0 keepers told, 1 district staff, 2 city admins. */
  escalationLevel: number;
  acknowledged: { at: string; staffId: string | null; name: string | null } | null;
  resolved: { at: string; staffId: string | null; note: string | null } | null;
  /** When the worker withdrew it; `by` is always the worker. */
  withdrawn: { at: string; by: 'worker' } | null;
}

export interface AlertQuery {
  /** Shanghai dates YYYY-MM-DD (default today; `to` defaults to `from`). */
  from?: string;
  to?: string;
  stationId?: string;
  state?: StaffAlert['state'];
}

/** GET /staff/alerts: the alarms in the caller's scope, newest first. Audited on the server. */
export const fetchStaffAlerts = (q: AlertQuery = {}) =>
  request<{ from: string; to: string; alerts: StaffAlert[] }>('GET', '/staff/alerts', { query: { ...q } }).then((r) => r.alerts);

/** POST /staff/alerts/{id}/acknowledge (idempotent); 409 ALARM_RESOLVED when already resolved. */
export const acknowledgeAlert = (id: string) =>
  request<{ alert: StaffAlert }>('POST', `/staff/alerts/${encodeURIComponent(id)}/acknowledge`, { body: {} }).then((r) => r.alert);

/** POST /staff/alerts/{id}/resolve with what was done (1..500 characters). */
export const resolveAlert = (id: string, note: string) =>
  request<{ alert: StaffAlert }>('POST', `/staff/alerts/${encodeURIComponent(id)}/resolve`, { body: { note } }).then((r) => r.alert);
