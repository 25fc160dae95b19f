/**
 * Staff for API tests, made the way people become staff (issue 13): an invitation issued as the server's command
 * line issues it (features/staff issueInvitation, as tools/staff-invite.ts does), redeemed over HTTP by a fresh
 * signed-in account. Returns the account's token and its staff member id.
 */
import { call, newSession, type TestServer } from './server';
import { issueInvitation, type InvitationSpec } from '../../mock/src/features/staff';

export type StaffScope = Omit<InvitationSpec, 'role' | 'name'>;

export interface TestStaff {
  token: string;
  /** The staff member id of this role. */
  id: string;
  displayName: string;
}

let seq = 0;

/** A new invitation code for `role` over `scope`, issued from the command line (no inviter). */
export async function invitationCode(
  s: TestServer,
  role: InvitationSpec['role'],
  scope: StaffScope = {},
  nowMs = s.ctx.now(),
): Promise<string> {
  const inv = await issueInvitation(s.ctx.db, { role, name: '测试', ...scope }, null, nowMs, s.ctx.config.staff.invitationTtlS);
  return inv.code;
}

/**
 * A signed-in account holding `role` over `scope` (e.g. `{ stationId: 'ty0195' }`). `token`: give the role to this
 * account (a worker may be staff too) instead of a new device session. `wxCode`: sign in by WeChat (servers with
 * device sign-in off).
 */
export async function staffMember(
  s: TestServer,
  role: InvitationSpec['role'],
  scope: StaffScope = {},
  opts: { token?: string; displayName?: string; wxCode?: string } = {},
): Promise<TestStaff> {
  const n = ++seq;
  let token = opts.token;
  if (!token && opts.wxCode) {
    const r = await call(`${s.api}/sessions`, { method: 'POST', body: { wxCode: opts.wxCode } });
    if (r.status !== 201) throw new Error(`session: ${r.status} ${JSON.stringify(r.body)}`);
    token = r.body.token as string;
  }
  token ??= await newSession(s.api, `staff-test-${n}-${Math.random().toString(36).slice(2)}`.padEnd(32, '0'));
  const displayName = opts.displayName ?? `${'张王李赵刘陈'[n % 6]}师傅`;
  const code = await invitationCode(s, role, scope);
  const r = await call(`${s.api}/staff/invitations/redeem`, { method: 'POST', token, body: { code, displayName } });
  if (r.status !== 201) throw new Error(`redeem: ${r.status} ${JSON.stringify(r.body)}`);
  return { token, id: r.body.member.id as string, displayName };
}

/** Audit rows (oldest first) from the test's own connection, optionally of one action. */
export async function auditRows(s: TestServer, action?: string): Promise<any[]> {
  return action
    ? s.query('SELECT * FROM audit_log WHERE action = ? ORDER BY seq', action)
    : s.query('SELECT * FROM audit_log ORDER BY seq');
}
