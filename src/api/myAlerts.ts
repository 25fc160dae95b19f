import { request } from './client';

// The worker's own emergency calls: a module of its own, so only the door page's subpackage carries it.

/** One of the account's own emergency calls (GET /me/alerts); `acknowledgedBy` is a display name (张师傅). */
export interface MyAlert {
  id: string;
  at: string;
  station: { id: string; name: string; phone: string };
  /** withdrawn: the worker took it back (取消求助) within the window. */
  state: 'open' | 'acknowledged' | 'resolved' | 'withdrawn';
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  withdrawnAt: string | null;
  withdrawUntil: string;
}

/** GET /me/alerts: the account's emergency calls, newest first. */
export const fetchMyAlerts = (limit = 5) => request<{ alerts: MyAlert[] }>('GET', '/me/alerts', { query: { limit } }).then((r) => r.alerts);
