/**
 * The desk console's QR sign-in for tests (issue 15), the way the console and the app do it: the console starts a
 * sign-in, a staff member approves it with their app session, the console's next poll collects the session.
 */
import { call, type TestServer } from './server';
import type { TestStaff } from './staff';

export interface ConsoleLogin {
  loginId: string;
  qrText: string;
  pollSecret: string;
  /** The confirmation code the console shows beside the QR (4 digits). */
  code: string;
  expiresAt: string;
}

/** A new pending sign-in (POST /console/logins). */
export async function startLogin(s: TestServer): Promise<ConsoleLogin> {
  const r = await call(`${s.api}/console/logins`, { method: 'POST' });
  if (r.status !== 201) throw new Error(`console login: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The console's poll of `login` (GET /console/logins/{id} with its poll secret). */
export const pollLogin = (s: TestServer, login: Pick<ConsoleLogin, 'loginId' | 'pollSecret'>) =>
  call(`${s.api}/console/logins/${login.loginId}`, { headers: { 'x-console-poll': login.pollSecret } });

/** The confirmation code of sign-in `loginId` as stored (what its console shows), or '0000' for an unknown one. */
export async function codeOf(s: TestServer, loginId: string): Promise<string> {
  return (await s.one<{ code: string }>('SELECT code FROM console_logins WHERE id = ?', loginId))?.code ?? '0000';
}

/**
 * `approver` confirms `loginId` in the app, as `staffId` (one of their roles) when given, picking `code` (by default
 * the one the console shows, the way a person who sees the computer does).
 */
export const approveLogin = async (s: TestServer, loginId: string, approver: { token?: string }, staffId?: string, code?: string) =>
  call(`${s.api}/staff/console-logins/${loginId}/approve`, {
    method: 'POST',
    token: approver.token,
    body: { code: code ?? (await codeOf(s, loginId)), ...(staffId ? { staffId } : {}) },
  });

/** `approver` opens the approving page of `loginId` (GET /staff/console-logins/{id}). */
export const loginForApproval = (s: TestServer, loginId: string, approver: { token?: string }) =>
  call(`${s.api}/staff/console-logins/${loginId}`, { token: approver.token });

/** A console session token for `approver` (the whole QR flow), as `staffId` when given. */
export async function consoleToken(s: TestServer, approver: TestStaff, staffId?: string): Promise<string> {
  const login = await startLogin(s);
  const a = await approveLogin(s, login.loginId, approver, staffId);
  if (a.status !== 200) throw new Error(`approve: ${a.status} ${JSON.stringify(a.body)}`);
  const p = await pollLogin(s, login);
  if (!p.body?.session) throw new Error(`poll: ${p.status} ${JSON.stringify(p.body)}`);
  return p.body.session.token;
}
