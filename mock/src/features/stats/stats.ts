import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { occupationLabel } from '@/rules/occupation';
import { parseDate, shanghaiDate, shanghaiEpoch, addDays } from '@/rules/time';
import {
  alarmCounts,
  alarmTimes,
  bookingsByDay,
  districtName,
  promotionsByDay,
  sessionsByDay,
  visitsByDay,
  visitsByDistrict,
  visitsByDistrictDay,
  visitsByOccupation,
  visitsByStation,
  visitsByWeekdayHour,
  visitTotals,
  type AlarmTimesRow,
  type StatsRange,
  type StatsScope,
} from './repo';

/**
 * The console's statistics (issue 15): visits per day, district, station and occupation, peak hours, distinct
 * workers, health bookings and alarm response times, for a range of Shanghai dates, within the caller's scope.
 * Aggregates only: no worker's identity, name or phone is read.
 */

/** Longest range in one request, days (a quarter), as the staff reports. */
export const MAX_STATS_DAYS = 92;
/** Stations in the answer's per-station table (the busiest); the export carries them all. */
export const ANSWER_STATIONS = 200;
/** What an occupation row says for visits whose worker was erased (the entry stays, anonymous). */
export const ERASED = { occupation: 'erased', label: '已注销' } as const;

const DAY_MS = 86_400_000;

/** GET /staff/stats's query: Shanghai dates 'YYYY-MM-DD' (from defaults to 29 days before to, to to today). */
export interface StatsQuery {
  from?: string;
  to?: string;
  districtCode?: string;
}

/**
 * The range of Shanghai dates from..to inclusive as instants [fromMs, toMs). `to` defaults to today, `from` to the
 * 30 days ending with `to`. @throws ApiError VALIDATION_FAILED (an impossible date, reversed, longer than 92 days)
 */
export function statsRange(nowMs: number, q: StatsQuery): StatsRange {
  const to = q.to ?? shanghaiDate(nowMs);
  const t = parseDate(to);
  const from = q.from ?? (t ? addDays(to, -29) : to);
  const f = parseDate(from);
  if (!f || !t) throw new ApiError('VALIDATION_FAILED', { message: '日期不对，请用 YYYY-MM-DD 格式的真实日期。' });
  const fromMs = shanghaiEpoch(f);
  // Shanghai has no DST: every day is 24 h.
  const toMs = shanghaiEpoch(t) + DAY_MS;
  if (toMs <= fromMs || toMs - fromMs > MAX_STATS_DAYS * DAY_MS) {
    throw new ApiError('VALIDATION_FAILED', {
      message: `日期范围要从早到晚，最多${MAX_STATS_DAYS}天。`,
      details: { maxDays: MAX_STATS_DAYS },
    });
  }
  return { fromMs, toMs, from, to };
}

/** Alarm response figures of one district (or the whole scope): seconds, null when no alarm got that far. */
export interface AlarmFigures {
  count: number;
  acknowledged: number;
  resolved: number;
  ackMedianS: number | null;
  ackP90S: number | null;
  resolveMedianS: number | null;
  resolveP90S: number | null;
}

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms / 1000));

/**
 * Health figures per session date, merged from the three per-date counts (bookings, promotions, sessions), and their
 * totals. Dates without any session are absent.
 */
function healthOf(
  bookings: Awaited<ReturnType<typeof bookingsByDay>>,
  promotions: Awaited<ReturnType<typeof promotionsByDay>>,
  sessions: Awaited<ReturnType<typeof sessionsByDay>>,
) {
  const zero = {
    booked: 0,
    cancelled: 0,
    checkedIn: 0,
    noShows: 0,
    waitlistPromotions: 0,
    sessions: 0,
    sessionsCancelled: 0,
    doctorAbsences: 0,
  };
  const byDate = new Map<string, typeof zero>();
  const at = (date: string) => byDate.get(date) ?? byDate.set(date, { ...zero }).get(date)!;
  for (const b of bookings)
    Object.assign(at(b.date), { booked: b.booked, cancelled: b.cancelled, checkedIn: b.checkedIn, noShows: b.noShows });
  for (const p of promotions) at(p.date).waitlistPromotions = p.promotions;
  for (const x of sessions)
    Object.assign(at(x.date), { sessions: x.sessions, sessionsCancelled: x.sessionsCancelled, doctorAbsences: x.doctorAbsences });
  const daily = [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, v]) => ({ date, ...v }));
  const totals = { ...zero };
  for (const d of daily) for (const k of Object.keys(zero) as (keyof typeof zero)[]) totals[k] += d[k];
  return { totals, daily };
}

/** Alarm figures per district and over the scope, from the database's counts and percentiles. */
function alarmsOf(counts: Awaited<ReturnType<typeof alarmCounts>>, ack: AlarmTimesRow[], res: AlarmTimesRow[]) {
  const times = (code: string) => {
    const a = ack.find((x) => x.districtCode === code);
    const r = res.find((x) => x.districtCode === code);
    return { ackMedianS: seconds(a?.median), ackP90S: seconds(a?.p90), resolveMedianS: seconds(r?.median), resolveP90S: seconds(r?.p90) };
  };
  const byDistrict = counts.map((c) => ({
    districtCode: c.districtCode,
    district: c.district,
    count: c.count,
    acknowledged: c.acknowledged,
    resolved: c.resolved,
    ...times(c.districtCode),
  }));
  const sum = (k: 'count' | 'acknowledged' | 'resolved') => counts.reduce((n, c) => n + c[k], 0);
  const total: AlarmFigures = { count: sum('count'), acknowledged: sum('acknowledged'), resolved: sum('resolved'), ...times('*') };
  return { total, byDistrict };
}

/**
 * The statistics of `range` within `scope` (mock/openapi.yaml StatsAnswer). `stationLimit`: how many of the busiest
 * stations to list. The queries run one after another: on SQLite they would queue anyway, and on PostgreSQL one
 * request holds one pooled connection.
 */
export async function statistics(ctx: AppContext, range: StatsRange, scope: StatsScope, stationLimit = ANSWER_STATIONS) {
  const db = ctx.db;
  const totals = await visitTotals(db, range, scope);
  const daily = await visitsByDay(db, range, scope);
  const byDistrict = await visitsByDistrict(db, range, scope);
  const byDistrictDay = await visitsByDistrictDay(db, range, scope);
  const byStation = await visitsByStation(db, range, scope, stationLimit);
  const byOccupation = (await visitsByOccupation(db, range, scope)).map((o) =>
    o.occupation === null
      ? { ...ERASED, visits: o.visits, workers: o.workers }
      : { occupation: o.occupation, label: occupationLabel(o.occupation), visits: o.visits, workers: o.workers },
  );
  const peak = await visitsByWeekdayHour(db, range, scope);
  const health = healthOf(
    await bookingsByDay(db, range, scope),
    await promotionsByDay(db, range, scope),
    await sessionsByDay(db, range, scope),
  );
  const alarms = alarmsOf(
    await alarmCounts(db, range, scope),
    await alarmTimes(db, range, scope, 'ack'),
    await alarmTimes(db, range, scope, 'res'),
  );
  return {
    from: range.from,
    to: range.to,
    districtCode: scope.districtCode,
    totals,
    daily,
    byDistrict,
    byDistrictDay,
    byStation,
    byOccupation,
    peak,
    health,
    alarms,
  };
}

export type Statistics = Awaited<ReturnType<typeof statistics>>;

/** The name of district `code` when any station is in it (a filter's target), else null. */
export const districtOf = (ctx: AppContext, code: string): Promise<string | null> => districtName(ctx.db, code);
