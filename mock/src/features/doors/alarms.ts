import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import type { Notifier } from '../../core/notifier';
import type { StaffMembership, StaffRole, StaffTarget } from '../../core/staff';
import {
  alertById,
  alertsOfAccount,
  alertsToEscalate,
  markAcknowledged,
  markResolved,
  markWithdrawn,
  setEscalationLevel,
  staffToldOfAlarm,
  type AlertRow,
} from './repoAlarms';
import { tellStaff } from './notices';
import { staffAlertView } from './alerts';
import { toShanghaiIso } from '@/rules/time';

/**
 * Alarms that reach a person (issue 13). A worker's 紧急求助 alert is told at once to the station's keepers (level
 * 0); unacknowledged after config.staff.alarmEscalateS to the district staff (1); after twice that to the city
 * admins (2). A level with nobody on it is passed over at once, so an alarm always reaches someone who exists.
 * Each person told is a staff_notices row, sent through the notifier (WeChat subscribe message or the log).
 * States: open -> acknowledged (who, when) -> resolved (a note). The worker sees the acknowledgement. Within
 * config.staff.alertWithdrawS of pressing, the worker may withdraw it (open or acknowledged -> withdrawn): it stops
 * escalating and everyone told so far gets a notice 工友已取消求助.
 */

/** Who is told at each level. */
const LEVEL_ROLES: readonly StaffRole[] = ['keeper', 'district', 'city'];
export const TOP_LEVEL = LEVEL_ROLES.length - 1;

/** What an alarm notice says to each level. */
const LEVEL_NOTES = ['职工紧急求助，请立即处理', '紧急求助无人响应，请立即处理', '紧急求助仍无人响应，请立即处理'];

/** The scope of an alert: its station and the station's district. */
export const alertTarget = (a: Pick<AlertRow, 'stationId' | 'districtCode'>): StaffTarget => ({
  kind: 'station',
  stationId: a.stationId,
  districtCode: String(a.districtCode),
});

/**
 * Tells level `level` about alert `a` (or, when nobody holds that level's role over the station, the next level
 * up that has someone): records the notices and sends them. @returns the level that was told (TOP_LEVEL when
 * even the city has nobody).
 */
async function tell(ctx: AppContext, a: AlertRow, level: number, notifier: Notifier): Promise<number> {
  const target = alertTarget(a);
  for (let l = level; l <= TOP_LEVEL; l++) {
    const people = await ctx.staff.recipients(target, LEVEL_ROLES[l]);
    if (people.length === 0 && l < TOP_LEVEL) continue;
    await tellStaff(
      ctx,
      notifier,
      { kind: 'alarm', refId: a.id, level: l, stationId: a.stationId, stationName: a.stationName, at: a.at, note: LEVEL_NOTES[l] },
      people,
    );
    return l;
  }
  return TOP_LEVEL;
}

/**
 * A new alert: tells the station's keepers at once (or the first level up with someone on it) and records the
 * level reached. Call after raiseAlert.
 */
export async function alarmRaised(ctx: AppContext, alertId: string, notifier: Notifier): Promise<number> {
  const a = await alertById(ctx.db, alertId);
  if (!a) return 0;
  const level = await tell(ctx, a, 0, notifier);
  if (level > 0) await setEscalationLevel(ctx.db, a.id, 0, level);
  return level;
}

/**
 * The scheduler's alarm pass at `nowMs`: each open alert whose time at its level ran out (level L after
 * (L + 1) * ALARM_ESCALATE_S) goes up one level (or more, past empty levels). @returns how many went up.
 */
export async function escalateAlarms(ctx: AppContext, nowMs: number, notifier: Notifier): Promise<number> {
  const due = await alertsToEscalate(ctx.db, nowMs, ctx.config.staff.alarmEscalateS * 1000);
  let escalated = 0;
  for (const a of due) {
    const from = a.escalationLevel;
    // Claimed first (a conditional update), so a pass that overlaps another never tells the same level twice.
    if (!(await setEscalationLevel(ctx.db, a.id, from, from + 1))) continue;
    const reached = await tell(ctx, a, from + 1, notifier);
    if (reached > from + 1) await setEscalationLevel(ctx.db, a.id, from + 1, reached);
    escalated++;
  }
  return escalated;
}

/** The alert and its scope, for authorising; undefined when there is none. */
export async function alertForStaff(ctx: AppContext, id: string): Promise<{ row: AlertRow; target: StaffTarget } | undefined> {
  const row = await alertById(ctx.db, id);
  return row ? { row, target: alertTarget(row) } : undefined;
}

/**
 * `member` acknowledges the alert: open -> acknowledged, with their id and display name. Acknowledging again
 * answers the alert as it stands. @throws ApiError ALARM_RESOLVED (409)
 */
export async function acknowledgeAlarm(ctx: AppContext, id: string, member: StaffMembership) {
  await markAcknowledged(ctx.db, id, { staffId: member.id, name: member.displayName }, ctx.now());
  const a = (await alertById(ctx.db, id))!;
  if (a.state === 'resolved') throw new ApiError('ALARM_RESOLVED');
  return { alert: staffAlertView(a) };
}

/**
 * `member` resolves the alert with `note` (acknowledging it too if nobody had).
 * @throws ApiError ALARM_RESOLVED (409), ALARM_WITHDRAWN (409: the worker withdrew it; nothing left to resolve)
 */
export async function resolveAlarm(ctx: AppContext, id: string, member: StaffMembership, note: string) {
  if (!(await markResolved(ctx.db, id, { staffId: member.id, name: member.displayName }, note, ctx.now()))) {
    const a = await alertById(ctx.db, id);
    throw new ApiError(a?.state === 'withdrawn' ? 'ALARM_WITHDRAWN' : 'ALARM_RESOLVED');
  }
  return { alert: staffAlertView((await alertById(ctx.db, id))!) };
}

/** The alert as its worker sees it (GET /me/alerts, POST /alerts/{id}/withdraw): no staff ids, no location. */
function myAlertView(a: AlertRow, withdrawS: number) {
  const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms));
  return {
    id: a.id,
    at: toShanghaiIso(a.at),
    station: { id: a.stationId, name: a.stationName, phone: a.stationPhone },
    state: a.state,
    acknowledgedBy: a.acknowledgedByName,
    acknowledgedAt: iso(a.acknowledgedAt),
    resolvedAt: iso(a.resolvedAt),
    withdrawnAt: iso(a.withdrawnAt),
    withdrawUntil: toShanghaiIso(a.at + withdrawS * 1000),
  };
}

/**
 * The worker who raised alert `id` (account `accountId`) withdraws it (取消求助) within config.staff.alertWithdrawS
 * of raising it, while it is open or acknowledged: it stops escalating (only open alerts escalate) and every staff
 * member told about it gets a notice 工友已取消求助 (sent after the withdrawal is recorded; a failed send is kept
 * in staff_notices like any other). Withdrawing again answers the alert as it stands (a retry over a bad
 * network). Not a staff action: the alert itself keeps when (and the raising account is who).
 * @throws ApiError NOT_FOUND (no such alert, or another account's), ALERT_WITHDRAW_CLOSED (409: resolved, or the
 * window is over; details.withdrawS)
 */
export async function withdrawAlert(ctx: AppContext, accountId: string, id: string, notifier: Notifier) {
  const withdrawS = ctx.config.staff.alertWithdrawS;
  const a = await alertById(ctx.db, id);
  if (!a || a.accountId !== accountId) throw new ApiError('NOT_FOUND', { message: '没有找到这条求助。' });
  if (a.state === 'withdrawn') return { alert: myAlertView(a, withdrawS), told: 0 };
  const nowMs = ctx.now();
  if (!(await markWithdrawn(ctx.db, id, nowMs - withdrawS * 1000, nowMs))) {
    const now = await alertById(ctx.db, id);
    if (now?.state === 'withdrawn') return { alert: myAlertView(now, withdrawS), told: 0 };
    throw new ApiError('ALERT_WITHDRAW_CLOSED', {
      message:
        now?.state === 'resolved'
          ? '这条求助工会已处理完毕，不能再取消。'
          : `求助发出已超过${Math.round(withdrawS / 60) || 1}分钟，不能再取消。如已没事，请打电话告诉驿站值班人员。`,
      details: { withdrawS },
    });
  }
  const told = await tellWithdrawn(ctx, a, notifier);
  return { alert: myAlertView((await alertById(ctx.db, id))!, withdrawS), told };
}

/** Tells the staff already told about alert `a` that the worker withdrew it. @returns how many were told. */
async function tellWithdrawn(ctx: AppContext, a: AlertRow, notifier: Notifier): Promise<number> {
  const told = new Set(await staffToldOfAlarm(ctx.db, a.id));
  if (told.size === 0) return 0;
  const target = alertTarget(a);
  const byId = new Map<string, { staffId: string; openid: string | null }>();
  for (const role of LEVEL_ROLES) {
    for (const p of await ctx.staff.recipients(target, role)) if (told.has(p.staffId)) byId.set(p.staffId, p);
  }
  // Someone told earlier who has since left the role keeps no way to be reached; the row still records the attempt.
  for (const staffId of told) if (!byId.has(staffId)) byId.set(staffId, { staffId, openid: null });
  return tellStaff(
    ctx,
    notifier,
    {
      kind: 'alarm_withdrawn',
      refId: a.id,
      level: 0,
      stationId: a.stationId,
      stationName: a.stationName,
      at: ctx.now(),
      note: '工友已取消求助',
    },
    [...byId.values()],
  );
}

/**
 * The alerts the account raised, newest first, as its worker sees them: the state and who acknowledged when (a
 * display name such as 张师傅, so the app can say 工会已收到（张师傅 12:05）). No staff ids, no locations.
 */
export async function myAlerts(ctx: AppContext, accountId: string, limit: number) {
  const rows = await alertsOfAccount(ctx.db, accountId, limit);
  return { alerts: rows.map((a) => myAlertView(a, ctx.config.staff.alertWithdrawS)) };
}
