import crypto from 'crypto';
import type { AppContext, ConsoleSession } from '../../core/context';
import { newToken, safeEqual, secretHash } from '../../core/crypto';
import { ApiError } from '../../core/http/errors';
import type { StaffMembership } from '../../core/staff';
import { memberAnswer, memberViewsOfAccount } from '../staff';
import { approveLogin, collectLogin, deleteSession, insertLogin, loginById, sessionByTokenHash } from './repo';
import { toShanghaiIso } from '@/rules/time';

/**
 * The desk console's sign-in by QR (issue 15), no passwords: the console asks for a sign-in and shows its QR (a
 * link to the app's staff page); a staff member opens it in the app, signed in as themselves, and approves it with
 * one of their roles; the console, polling, collects a console session once. The session carries that one role
 * and scope; every /staff route accepts it (core/http/staffAuth.ts requireStaff, through ctx.consoles).
 */

/** Console tokens start with this, so requireStaff knows which table to look in (app tokens are bare base64url). */
export const CONSOLE_TOKEN_PREFIX = 'yzc_';

/** The app's staff page that confirms a console sign-in; the QR opens it with `?l=<loginId>`. */
export const APPROVE_PAGE = '/#/packages/staff/pages/console/index';

/** The not-found answer for an unknown sign-in, or a poll without its secret: the same either way. */
const unknownLogin = () => new ApiError('NOT_FOUND', { message: '没有这个登录二维码，请在电脑上刷新二维码后重新扫码。' });

/**
 * A new sign-in: its id (128 random bits, in the QR), the poll secret (256 bits, only for the console that asked,
 * stored as its SHA-256: whoever photographs the QR cannot collect the session), the QR's text (the app's staff
 * page on `appBase`, e.g. https://yz.tyzgh.cn) and when it expires (config.staff.consoleLoginTtlS).
 */
export async function startLogin(ctx: AppContext, appBase: string) {
  const loginId = crypto.randomBytes(16).toString('base64url');
  const pollSecret = newToken();
  const nowMs = ctx.now();
  const expiresAt = nowMs + ctx.config.staff.consoleLoginTtlS * 1000;
  await insertLogin(ctx.db, { id: loginId, pollHash: secretHash(pollSecret), createdAt: nowMs, expiresAt });
  return { loginId, pollSecret, qrText: `${appBase}${APPROVE_PAGE}?l=${loginId}`, expiresAt: toShanghaiIso(expiresAt) };
}

/**
 * Approves sign-in `loginId` as `member` (a role the caller holds; the route checks it).
 * @throws ApiError NOT_FOUND (unknown), CONSOLE_LOGIN_USED (approved before), CONSOLE_LOGIN_EXPIRED
 */
export async function approve(ctx: AppContext, loginId: string, member: StaffMembership): Promise<void> {
  const nowMs = ctx.now();
  const row = await loginById(ctx.db, loginId);
  if (!row) throw unknownLogin();
  if (row.staff_id !== null) throw new ApiError('CONSOLE_LOGIN_USED');
  if (Number(row.expires_at) <= nowMs) throw new ApiError('CONSOLE_LOGIN_EXPIRED');
  // Lost a race with another approval of the same QR.
  if (!(await approveLogin(ctx.db, loginId, member.id, nowMs))) throw new ApiError('CONSOLE_LOGIN_USED');
}

/** The console's view of one of its staff member's roles (the StaffMember schema), or null when no longer in force. */
export async function memberOf(ctx: AppContext, s: Pick<ConsoleSession, 'accountId' | 'staffId'>) {
  const view = (await memberViewsOfAccount(ctx.db, s.accountId)).find((m) => m.id === s.staffId);
  return view ? memberAnswer(view) : null;
}

/**
 * The console polls its sign-in with the poll secret: pending, expired, or approved; the first poll after the
 * approval also carries the console session (token, expiry, member), which is never answered again.
 * @throws ApiError NOT_FOUND (unknown sign-in or wrong poll secret)
 */
export async function poll(ctx: AppContext, loginId: string, pollSecret: string) {
  const nowMs = ctx.now();
  const row = await loginById(ctx.db, loginId);
  if (!row || !safeEqual(secretHash(pollSecret), row.poll_hash)) throw unknownLogin();
  const expiresAt = toShanghaiIso(Number(row.expires_at));
  if (row.staff_id === null) return { state: Number(row.expires_at) <= nowMs ? 'expired' : 'pending', expiresAt, session: null };
  if (row.collected_at !== null) return { state: 'approved', expiresAt, session: null };
  const token = CONSOLE_TOKEN_PREFIX + newToken();
  const sessionExpiresAt = nowMs + ctx.config.staff.consoleSessionTtlS * 1000;
  const won = await collectLogin(ctx.db, loginId, {
    tokenHash: secretHash(token),
    staffId: row.staff_id,
    createdAt: nowMs,
    expiresAt: sessionExpiresAt,
  });
  if (!won) return { state: 'approved', expiresAt, session: null };
  const live = await sessionByTokenHash(ctx.db, secretHash(token), nowMs);
  const member = live ? await memberOf(ctx, live) : null;
  // Suspended between the approval and this poll: the session grants nothing, so none is handed out.
  if (!live || !member) return { state: 'approved', expiresAt, session: null };
  return { state: 'approved', expiresAt, session: { token, expiresAt: toShanghaiIso(sessionExpiresAt), member } };
}

/** The live console session of `token` at `nowMs`, or null (ctx.consoles.byToken). */
export async function consoleSessionOf(ctx: Pick<AppContext, 'db'>, token: string, nowMs: number): Promise<ConsoleSession | null> {
  if (!token.startsWith(CONSOLE_TOKEN_PREFIX)) return null;
  return (await sessionByTokenHash(ctx.db, secretHash(token), nowMs)) ?? null;
}

/** Ends the console session of `token` (sign-out). */
export async function signOut(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.db, secretHash(token));
}
