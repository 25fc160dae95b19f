import { request } from './client';
import type { StaffMember } from './staff';

/** The desk console's QR sign-in as the app sees it (issue 15; mock/openapi.yaml approveConsoleLogin). */

/** A console sign-in id as the QR carries it (`?l=`): 22 base64url characters. */
export const CONSOLE_LOGIN_ID = /^[A-Za-z0-9_-]{22}$/;

/** A pending sign-in as the approving page shows it (GET /staff/console-logins/{loginId}). */
export interface ConsoleLoginForApproval {
  loginId: string;
  /** When the computer opened its sign-in page (Shanghai ISO). */
  startedAt: string;
  /** The computer's network as the server saw it, coarse (e.g. "203.0.113.*"); null when unknown. */
  address: string | null;
  /** Three 4-digit codes in numeric order: the one the computer shows beside its QR and two decoys. */
  choices: string[];
  expiresAt: string;
}

/**
 * GET /staff/console-logins/{loginId}: what the approving page shows. Rejects with STAFF_FORBIDDEN (403), NOT_FOUND
 * (404), CONSOLE_LOGIN_USED (409), CONSOLE_LOGIN_EXPIRED or CONSOLE_LOGIN_CLOSED (410).
 */
export const consoleLoginForApproval = (loginId: string) =>
  request<ConsoleLoginForApproval>('GET', `/staff/console-logins/${encodeURIComponent(loginId)}`);

/**
 * POST /staff/console-logins/{loginId}/approve: the console signs in as `staffId` (one of the caller's district or
 * city roles; without it the highest) when `code` is the one the computer shows. Rejects with STAFF_FORBIDDEN (403:
 * no role that may), NOT_FOUND (404), CONSOLE_LOGIN_USED or CONSOLE_CODE_MISMATCH (409: a decoy closes the sign-in),
 * CONSOLE_LOGIN_EXPIRED or CONSOLE_LOGIN_CLOSED (410).
 */
export const approveConsoleLogin = (loginId: string, code: string, staffId?: string) =>
  request<{ member: StaffMember }>('POST', `/staff/console-logins/${encodeURIComponent(loginId)}/approve`, {
    body: staffId ? { code, staffId } : { code },
  }).then((r) => r.member);
