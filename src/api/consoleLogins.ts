import { request } from './client';
import type { StaffMember } from './staff';

/** The desk console's QR sign-in as the app sees it (issue 15; mock/openapi.yaml approveConsoleLogin). */

/** A console sign-in id as the QR carries it (`?l=`): 22 base64url characters. */
export const CONSOLE_LOGIN_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * POST /staff/console-logins/{loginId}/approve: the console signs in as `staffId` (one of the caller's district or
 * city roles; without it the highest). Rejects with STAFF_FORBIDDEN (403: no role that may), NOT_FOUND (404),
 * CONSOLE_LOGIN_USED (409), CONSOLE_LOGIN_EXPIRED (410).
 */
export const approveConsoleLogin = (loginId: string, staffId?: string) =>
  request<{ member: StaffMember }>('POST', `/staff/console-logins/${encodeURIComponent(loginId)}/approve`, {
    body: staffId ? { staffId } : {},
  }).then((r) => r.member);
