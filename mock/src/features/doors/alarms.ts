import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import type { Notifier } from '../../core/notifier';
import type { StaffMembership, StaffRole, StaffTarget } from '../../core/staff';
import { alertById, alertsOfAccount, alertsToEscalate, markAcknowledged, markResolved, setEscalationLevel, type AlertRow } from './repo';
import { tellStaff } from './notices';
import { staffAlertView } from './alerts';
import { toShanghaiIso } from '@/rules/time';

/**
 * Alarms that reach a person (issue 13). A worker's 紧急求助 alert is told at once to the station's keepers (level
 * 0); unacknowledged after config.staff.alarmEscalateS to the district staff (1); after twice that to the city
 * admins (2). A level with nobody on it is passed over at once, so an alarm always reaches someone who exists.
 * Each person told is a staff_notices row, sent through the notifier (WeChat subscribe message or the log).
 * States: open -> acknowledged (who, when) -> resolved (a note). The worker sees the acknowledgement.
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

/** `member` resolves the alert with `note` (acknowledging it too if nobody had). @throws ApiError ALARM_RESOLVED (409) */
export async function resolveAlarm(ctx: AppContext, id: string, member: StaffMembership, note: string) {
  if (!(await markResolved(ctx.db, id, { staffId: member.id, name: member.displayName }, note, ctx.now())))
    throw new ApiError('ALARM_RESOLVED');
  return { alert: staffAlertView((await alertById(ctx.db, id))!) };
}

/**
 * The alerts the account raised, newest first, as its worker sees them: the state and who acknowledged when (a
 * display name such as 张师傅, so the app can say 工会已收到（张师傅 12:05）). No staff ids, no locations.
 */
export async function myAlerts(ctx: AppContext, accountId: string, limit: number) {
  const rows = await alertsOfAccount(ctx.db, accountId, limit);
  return {
    alerts: rows.map((a) => ({
      id: a.id,
      at: toShanghaiIso(a.at),
      station: { id: a.stationId, name: a.stationName, phone: a.stationPhone },
      state: a.state,
      acknowledgedBy: a.acknowledgedByName,
      acknowledgedAt: a.acknowledgedAt === null ? null : toShanghaiIso(a.acknowledgedAt),
      resolvedAt: a.resolvedAt === null ? null : toShanghaiIso(a.resolvedAt),
    })),
  };
}
