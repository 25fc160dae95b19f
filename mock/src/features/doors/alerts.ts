import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { stationById } from '../stations';
import type { StaffReach } from '../../core/staff';
import { doorById, entryOfWorker } from './repo';
import { dailyEntryCounts } from './repoStaff';
import { alertsBetween, insertAlert, type AlertRow } from './repoAlarms';
import { checkedFix, type SentLocation } from './location';
import { ACK_GRACE_MS } from './grants';
import { parseDate, shanghaiDate, shanghaiEpoch, toShanghaiIso } from '@/rules/time';

/** A worker's emergency call (recorded for the union) and the union's reports: alerts and entry counts. */

/** POST /alerts's body. */
export interface AlertRequest {
  stationId: string;
  doorId?: string;
  entryId?: string;
  location?: SentLocation;
}

/** The staff reports' query: Shanghai dates 'YYYY-MM-DD' (both default to today), optionally one station. */
export interface ReportQuery {
  from?: string;
  to?: string;
  stationId?: string;
}

export interface AlertsQuery extends ReportQuery {
  state?: 'open' | 'acknowledged' | 'resolved' | 'withdrawn';
  limit: number;
}

/** Longest date range the staff reports cover in one request, days (a quarter). */
export const MAX_REPORT_DAYS = 92;

const DAY_MS = 86_400_000;

/**
 * The instants [fromMs, toMs) of Shanghai dates from..to inclusive; both default to today.
 * Throws 400 VALIDATION_FAILED for an impossible date, a reversed range or one longer than MAX_REPORT_DAYS.
 */
function shanghaiRange(nowMs: number, fromQ?: string, toQ?: string): { from: string; to: string; fromMs: number; toMs: number } {
  const from = fromQ ?? shanghaiDate(nowMs);
  const to = toQ ?? from;
  const f = parseDate(from);
  const t = parseDate(to);
  if (!f || !t) throw new ApiError('VALIDATION_FAILED', { message: '日期不对，请用 YYYY-MM-DD 格式的真实日期。' });
  const fromMs = shanghaiEpoch(f);
  // The day after `to` starts at its own midnight: Shanghai has no DST, every day is 24 h.
  const toMs = shanghaiEpoch(t) + DAY_MS;
  if (toMs <= fromMs || toMs - fromMs > MAX_REPORT_DAYS * DAY_MS) {
    throw new ApiError('VALIDATION_FAILED', {
      message: `日期范围要从早到晚，最多${MAX_REPORT_DAYS}天。`,
      details: { maxDays: MAX_REPORT_DAYS },
    });
  }
  return { from, to, fromMs, toMs };
}

/**
 * Records an emergency alert at a station from account `accountId` and its worker `workerId` (null: not registered). A door of another station and
 * another worker's entry are dropped rather than refused: an emergency must never fail on a detail, and the
 * station is what the union acts on. @throws ApiError VALIDATION_FAILED (a location that is not a place; nothing
 * stored), NOT_FOUND (no such station)
 */
export async function raiseAlert(ctx: AppContext, accountId: string, workerId: string | null, body: AlertRequest) {
  // The phone call itself never waits on this request.
  const fix = body.location ? checkedFix(body.location) : null;
  const station = await stationById(ctx.db, body.stationId);
  if (!station) throw new ApiError('NOT_FOUND', { message: '没有找到这个驿站，请直接拨打驿站值班电话求助。' });
  const named = body.doorId ? await doorById(ctx.db, body.doorId) : null;
  const door = named?.stationId === station.id ? named : null;
  const entry = workerId && body.entryId ? await entryOfWorker(ctx.db, workerId, body.entryId) : null;
  const nowMs = ctx.now();
  const id = await insertAlert(ctx.db, {
    accountId,
    stationId: station.id,
    doorId: door?.id ?? null,
    workerId,
    entryId: entry?.id ?? null,
    location: fix,
    nowMs,
  });
  return {
    alert: {
      id,
      at: toShanghaiIso(nowMs),
      stationId: station.id,
      doorId: door?.id ?? null,
      withdrawUntil: toShanghaiIso(nowMs + ctx.config.staff.alertWithdrawS * 1000),
    },
    station: { id: station.id, name: station.name, phone: station.phone },
    doorDropped: Boolean(body.doorId && !door),
  };
}

/** An alert as staff see it (mock/openapi.yaml StaffAlert): with the worker's id and location, for the response. */
export function staffAlertView(a: AlertRow) {
  const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms));
  return {
    id: a.id,
    at: toShanghaiIso(a.at),
    station: { id: a.stationId, name: a.stationName, phone: a.stationPhone },
    door: a.doorId ? { id: a.doorId, name: a.doorName } : null,
    workerId: a.workerId,
    entryId: a.entryId,
    location: a.lat !== null && a.lng !== null ? { lat: a.lat, lng: a.lng, coord: 'gcj02', accuracyM: a.accuracyM } : null,
    state: a.state,
    escalationLevel: a.escalationLevel,
    acknowledged: a.acknowledgedAt === null ? null : { at: iso(a.acknowledgedAt), staffId: a.acknowledgedBy, name: a.acknowledgedByName },
    resolved: a.resolvedAt === null ? null : { at: iso(a.resolvedAt), staffId: a.resolvedBy, note: a.resolutionNote },
    // Who withdrew is always the worker who raised it (only that account may): 工友已取消求助.
    withdrawn: a.withdrawnAt === null ? null : { at: iso(a.withdrawnAt), by: 'worker' as const },
  };
}

/**
 * The alerts of a date range within `reach`, newest first (at most q.limit), optionally of one station or state.
 * @throws ApiError VALIDATION_FAILED (see shanghaiRange)
 */
export async function staffAlerts(ctx: AppContext, q: AlertsQuery, reach: StaffReach) {
  const range = shanghaiRange(ctx.now(), q.from, q.to);
  const rows = await alertsBetween(ctx.db, range.fromMs, range.toMs, { stationId: q.stationId, state: q.state, reach }, q.limit);
  return { from: range.from, to: range.to, alerts: rows.map(staffAlertView) };
}

/** Entry counts per station and Shanghai date of a date range, within `reach`. @throws ApiError VALIDATION_FAILED */
export async function entryCounts(ctx: AppContext, q: ReportQuery, reach: StaffReach) {
  const nowMs = ctx.now();
  const range = shanghaiRange(nowMs, q.from, q.to);
  const counts = await dailyEntryCounts(ctx.db, range.fromMs, range.toMs, { stationId: q.stationId, reach }, nowMs, ACK_GRACE_MS);
  return { from: range.from, to: range.to, counts };
}
