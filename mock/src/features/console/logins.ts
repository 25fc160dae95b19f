import crypto from 'crypto';
import type { AppContext, ConsoleSession } from '../../core/context';
import { newToken, safeEqual, secretHash } from '../../core/crypto';
import { ApiError } from '../../core/http/errors';
import type { StaffMembership } from '../../core/staff';
import { memberAnswer, memberViewsOfAccount } from '../staff';
import {
  approveLogin,
  collectLogin,
  countWrongCode,
  deleteSession,
  insertLogin,
  loginById,
  sessionByTokenHash,
  type LoginRow,
} from './repo';
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
 * Wrong confirmation codes a sign-in takes before it is dead (can no longer be approved; the console's poll says
 * expired). Picking one of the two decoys the approving page offered kills it at once: with three choices on the
 * screen, three tries would let a guesser always get in; a decoy is a guess, not a look at the computer.
 */
export const CODE_TRIES = 3;

/** A 4-digit code as the console shows it: two groups of two digits, easy to read aloud and compare ("47 19"). */
export const codeGroups = (code: string): string => `${code.slice(0, 2)} ${code.slice(2)}`;

/**
 * The confirmation code (4 random digits) and two decoys. Every group of two digits differs from the same group of
 * the others, so no choice half-matches the code on the screen and a hurried glance at one group is enough.
 */
export function newCode(): { code: string; decoys: string[] } {
  const groups = (n: number) => {
    const out: string[] = [];
    while (out.length < n) {
      const g = String(crypto.randomInt(0, 100)).padStart(2, '0');
      if (!out.includes(g)) out.push(g);
    }
    return out;
  };
  const [a, b] = [groups(3), groups(3)];
  return { code: a[0] + b[0], decoys: [a[1] + b[1], a[2] + b[2]] };
}

/**
 * The network an address is in, coarse: IPv4 (also IPv4-mapped IPv6) to its /24 ("203.0.113.*"), IPv6 to its /48
 * ("2001:db8:1:*"). Enough for the approver to tell their own office from elsewhere, not enough to single out a
 * device; null for anything else.
 */
export function coarseAddress(ip: string | undefined): string | null {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip ?? '');
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.*`;
  if (!ip || !ip.includes(':')) return null;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const full = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return full.length === 8
    ? `${full
        .slice(0, 3)
        .map((g) => g.replace(/^0+(?=.)/, ''))
        .join(':')}:*`
    : null;
}

/**
 * A new sign-in: its id (128 random bits, in the QR), the poll secret (256 bits, only for the console that asked,
 * stored as its SHA-256: whoever photographs the QR cannot collect the session), the QR's text (the app's staff
 * page on `appBase`, e.g. https://yz.tyzgh.cn), the confirmation code the console shows beside the QR (4 digits)
 * and when it expires (config.staff.consoleLoginTtlS). `ip`, the console's address, is kept coarse (coarseAddress)
 * for the approving page only.
 */
export async function startLogin(ctx: AppContext, appBase: string, ip: string) {
  const loginId = crypto.randomBytes(16).toString('base64url');
  const pollSecret = newToken();
  const nowMs = ctx.now();
  const expiresAt = nowMs + ctx.config.staff.consoleLoginTtlS * 1000;
  const { code, decoys } = newCode();
  await insertLogin(ctx.db, {
    id: loginId,
    pollHash: secretHash(pollSecret),
    createdAt: nowMs,
    expiresAt,
    code,
    decoys,
    address: coarseAddress(ip),
  });
  return { loginId, pollSecret, qrText: `${appBase}${APPROVE_PAGE}?l=${loginId}`, code, expiresAt: toShanghaiIso(expiresAt) };
}

/** Whether sign-in `row` is dead at `nowMs`: expired, or out of wrong codes. */
const isDead = (row: LoginRow, nowMs: number) => Number(row.expires_at) <= nowMs || Number(row.wrong_codes) >= CODE_TRIES;

/**
 * Sign-in `loginId` if it can still be approved at `nowMs`.
 * @throws ApiError NOT_FOUND (unknown), CONSOLE_LOGIN_USED (approved before), CONSOLE_LOGIN_EXPIRED (past its TTL),
 *   CONSOLE_LOGIN_CLOSED (out of wrong codes)
 */
async function pendingLogin(ctx: AppContext, loginId: string, nowMs: number): Promise<LoginRow> {
  const row = await loginById(ctx.db, loginId);
  if (!row) throw unknownLogin();
  if (row.staff_id !== null) throw new ApiError('CONSOLE_LOGIN_USED');
  if (Number(row.expires_at) <= nowMs) throw new ApiError('CONSOLE_LOGIN_EXPIRED');
  if (Number(row.wrong_codes) >= CODE_TRIES) throw new ApiError('CONSOLE_LOGIN_CLOSED');
  return row;
}

/**
 * What the approving page shows of pending sign-in `loginId`: when it started (Shanghai ISO), the console's coarse
 * network address (null when unknown) and the three codes to pick from, in numeric order (the order says nothing).
 * @throws as pendingLogin
 */
export async function loginForApprover(ctx: AppContext, loginId: string) {
  const row = await pendingLogin(ctx, loginId, ctx.now());
  const choices = [row.code, ...row.decoys.split(',')].filter(Boolean).sort();
  return {
    loginId,
    startedAt: toShanghaiIso(Number(row.created_at)),
    address: row.address,
    choices,
    expiresAt: toShanghaiIso(Number(row.expires_at)),
  };
}

/**
 * Approves sign-in `loginId` as `member` (a role the caller holds; the route checks it) when `code` is the one the
 * console shows. A wrong code is counted (a decoy kills the sign-in at once, see CODE_TRIES).
 * @throws ApiError as pendingLogin, and CONSOLE_CODE_MISMATCH (409, `details.closed` true once the sign-in is dead)
 */
export async function approve(ctx: AppContext, loginId: string, member: StaffMembership, code: string): Promise<void> {
  const nowMs = ctx.now();
  const row = await pendingLogin(ctx, loginId, nowMs);
  if (!safeEqual(code, row.code) || row.code === '') {
    const wrong = await countWrongCode(ctx.db, loginId, CODE_TRIES, row.decoys.split(',').includes(code));
    throw new ApiError('CONSOLE_CODE_MISMATCH', { details: { closed: wrong === null || wrong >= CODE_TRIES } });
  }
  // Lost a race with another approval (or the last wrong code) of the same QR.
  if (!(await approveLogin(ctx.db, loginId, member.id, nowMs, CODE_TRIES))) {
    const now = await loginById(ctx.db, loginId);
    throw new ApiError(now && now.staff_id === null && isDead(now, nowMs) ? 'CONSOLE_LOGIN_CLOSED' : 'CONSOLE_LOGIN_USED');
  }
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
  // A sign-in out of wrong codes is over like an expired one: the console offers a new QR.
  if (row.staff_id === null) return { state: isDead(row, nowMs) ? 'expired' : 'pending', expiresAt, session: null };
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
