import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../core/db/database';
import { dateOfMs } from '../../core/db/dialect';
import { SHANGHAI_OFFSET_MIN } from '@/rules/time';

/**
 * The statistics feature's data access, the only file of the feature that builds SQL. Every figure is counted by
 * the database (GROUP BY), on SQLite and PostgreSQL alike: buckets are Shanghai dates and hours computed from the
 * epoch-millisecond columns shifted by +8 h (Shanghai has no DST) with integer arithmetic, which both engines do the
 * same way on integers. Entries are read through their `at` index (entries_at) and the stations' scope; visits are
 * granted entries. Times are epoch milliseconds; counts are numbers (int8 is parsed as a number on PostgreSQL).
 */

/** Whose figures: everything (a city admin), or the districts and stations a member reaches; optionally one district. */
export interface StatsScope {
  all: boolean;
  districtCodes: string[];
  stationIds: string[];
  /** A city admin's (or a district member's own) choice of one district; null: the whole scope. */
  districtCode: string | null;
}

/** A half-open range of instants [fromMs, toMs) and the same range as Shanghai dates, from..to inclusive. */
export interface StatsRange {
  fromMs: number;
  toMs: number;
  from: string;
  to: string;
}

const OFFSET = sql.lit(SHANGHAI_OFFSET_MIN * 60_000);
const HOUR_MS = sql.lit(3_600_000);
const DAY_MS = sql.lit(86_400_000);
/** A list for `in (...)` that is never empty (an empty `in ()` is not portable); '-' matches no code or id. */
const nonEmpty = (xs: string[]) => (xs.length ? xs : ['-']);
const list = (xs: string[]) =>
  sql.join(
    nonEmpty(xs).map((x) => sql`${x}`),
    sql`, `,
  );

/** The scope as a condition on a row's station (its district column and its station id column). */
function stationScope(scope: StatsScope, districtCol: string, stationCol: string): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [];
  if (!scope.all)
    parts.push(sql`(${sql.ref(districtCol)} in (${list(scope.districtCodes)}) or ${sql.ref(stationCol)} in (${list(scope.stationIds)}))`);
  if (scope.districtCode) parts.push(sql`${sql.ref(districtCol)} = ${scope.districtCode}`);
  return parts.length ? sql<SqlBool>`${sql.join(parts, sql` and `)}` : sql<SqlBool>`1 = 1`;
}

/** The scope as a condition on a health station (district staff reach their district's; keepers none). */
function healthScope(scope: StatsScope): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [];
  if (!scope.all) parts.push(sql`health_stations.district_code in (${list(scope.districtCodes)})`);
  if (scope.districtCode) parts.push(sql`health_stations.district_code = ${scope.districtCode}`);
  return parts.length ? sql<SqlBool>`${sql.join(parts, sql` and `)}` : sql<SqlBool>`1 = 1`;
}

/** Visits (granted entries) in range and scope, joined to their station. */
const visits = (db: Db, r: StatsRange, scope: StatsScope) =>
  db
    .selectFrom('entries')
    .innerJoin('stations', 'stations.id', 'entries.station_id')
    .where('entries.at', '>=', r.fromMs)
    .where('entries.at', '<', r.toMs)
    .where('entries.outcome', '=', 'granted')
    .where(stationScope(scope, 'stations.district_code', 'entries.station_id'));

const countAll = sql<number>`count(*)`;
const distinctWorkers = sql<number>`count(distinct entries.worker_id)`;
const num = <T extends object>(rows: T[], keys: (keyof T)[]): T[] =>
  rows.map((row) => ({ ...row, ...Object.fromEntries(keys.map((k) => [k, row[k] === null ? null : Number(row[k])])) }));

/** Visits, distinct workers, and visits of erased workers (entries kept without a worker) over the range. */
export async function visitTotals(db: Db, r: StatsRange, scope: StatsScope) {
  const row = await visits(db, r, scope)
    .select([
      countAll.as('visits'),
      distinctWorkers.as('workers'),
      sql<number>`sum(case when entries.worker_id is null then 1 else 0 end)`.as('erasedVisits'),
    ])
    .executeTakeFirstOrThrow();
  return { visits: Number(row.visits), workers: Number(row.workers), erasedVisits: Number(row.erasedVisits ?? 0) };
}

/** Per Shanghai date: visits and distinct workers, by date. Dates without visits are absent. */
export async function visitsByDay(db: Db, r: StatsRange, scope: StatsScope) {
  const day = dateOfMs(db, 'entries.at', SHANGHAI_OFFSET_MIN * 60_000);
  const rows = await visits(db, r, scope)
    .select([day.as('date'), countAll.as('visits'), distinctWorkers.as('workers')])
    .groupBy(day)
    .orderBy(day)
    .execute();
  return num(rows, ['visits', 'workers']);
}

/** Per district (code and name): visits and distinct workers over the range, by code. */
export async function visitsByDistrict(db: Db, r: StatsRange, scope: StatsScope) {
  const rows = await visits(db, r, scope)
    .select([
      'stations.district_code as districtCode',
      'stations.district as district',
      countAll.as('visits'),
      distinctWorkers.as('workers'),
    ])
    .groupBy(['stations.district_code', 'stations.district'])
    .orderBy('stations.district_code')
    .execute();
  return num(rows, ['visits', 'workers']);
}

/** Per Shanghai date and district: visits, by date then district code. */
export async function visitsByDistrictDay(db: Db, r: StatsRange, scope: StatsScope) {
  const day = dateOfMs(db, 'entries.at', SHANGHAI_OFFSET_MIN * 60_000);
  const rows = await visits(db, r, scope)
    .select([day.as('date'), 'stations.district_code as districtCode', countAll.as('visits')])
    .groupBy([day, 'stations.district_code'])
    .orderBy(day)
    .orderBy('stations.district_code')
    .execute();
  return num(rows, ['visits']);
}

/** Per station: visits and distinct workers over the range, busiest first (then by id), at most `limit`. */
export async function visitsByStation(db: Db, r: StatsRange, scope: StatsScope, limit: number) {
  const rows = await visits(db, r, scope)
    .select([
      'entries.station_id as stationId',
      'stations.name as stationName',
      'stations.district_code as districtCode',
      countAll.as('visits'),
      distinctWorkers.as('workers'),
    ])
    .groupBy(['entries.station_id', 'stations.name', 'stations.district_code'])
    .orderBy(countAll, 'desc')
    .orderBy('entries.station_id')
    .limit(limit)
    .execute();
  return num(rows, ['visits', 'workers']);
}

/** Per Shanghai date and station: visits, by date then station (the export's long table), at most `limit` rows. */
export async function visitsByStationDay(db: Db, r: StatsRange, scope: StatsScope, limit: number) {
  const day = dateOfMs(db, 'entries.at', SHANGHAI_OFFSET_MIN * 60_000);
  const rows = await visits(db, r, scope)
    .select([day.as('date'), 'entries.station_id as stationId', 'stations.name as stationName', countAll.as('visits')])
    .groupBy([day, 'entries.station_id', 'stations.name'])
    .orderBy(day)
    .orderBy('entries.station_id')
    .limit(limit)
    .execute();
  return num(rows, ['visits']);
}

/**
 * Per occupation of the worker (workers.occupation): visits and distinct workers; `occupation` null for entries whose
 * worker was erased (the entry stays, anonymous). By visits, busiest first.
 */
export async function visitsByOccupation(db: Db, r: StatsRange, scope: StatsScope) {
  const rows = await visits(db, r, scope)
    .leftJoin('workers', 'workers.id', 'entries.worker_id')
    .select(['workers.occupation as occupation', countAll.as('visits'), distinctWorkers.as('workers')])
    .groupBy('workers.occupation')
    .orderBy(countAll, 'desc')
    .orderBy('workers.occupation')
    .execute();
  return num(rows, ['visits', 'workers']);
}

/** Visits per Shanghai weekday (ISO: 1 Monday .. 7 Sunday) and hour (0-23); cells without visits are absent. */
export async function visitsByWeekdayHour(db: Db, r: StatsRange, scope: StatsScope) {
  const shifted = sql`(entries.at + ${OFFSET})`;
  // Day 0 of the epoch (1970-01-01) was a Thursday, ISO weekday 4.
  const weekday = sql<number>`((${shifted} / ${DAY_MS}) + 3) % 7 + 1`;
  const hour = sql<number>`(${shifted} / ${HOUR_MS}) % 24`;
  const rows = await visits(db, r, scope)
    .select([weekday.as('weekday'), hour.as('hour'), countAll.as('visits')])
    .groupBy([weekday, hour])
    .orderBy(weekday)
    .orderBy(hour)
    .execute();
  return num(rows, ['weekday', 'hour', 'visits']);
}

/**
 * Health bookings of the clinic sessions dated in from..to (Shanghai dates), per session date: bookings made (any
 * status), of them cancelled, checked in and no-shows.
 */
export async function bookingsByDay(db: Db, r: StatsRange, scope: StatsScope) {
  const countIf = (cond: RawBuilder<unknown>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const rows = await db
    .selectFrom('bookings')
    .innerJoin('clinic_sessions', 'clinic_sessions.id', 'bookings.session_id')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .where('clinic_sessions.date', '>=', r.from)
    .where('clinic_sessions.date', '<=', r.to)
    .where(healthScope(scope))
    .select([
      'clinic_sessions.date as date',
      countAll.as('booked'),
      countIf(sql`bookings.status = 'cancelled'`).as('cancelled'),
      countIf(sql`bookings.status = 'checked_in'`).as('checkedIn'),
      countIf(sql`bookings.status = 'no_show'`).as('noShows'),
    ])
    .groupBy('clinic_sessions.date')
    .orderBy('clinic_sessions.date')
    .execute();
  return num(rows, ['booked', 'cancelled', 'checkedIn', 'noShows']);
}

/** Waiting places promoted to a booking, per session date (sessions dated in from..to). */
export async function promotionsByDay(db: Db, r: StatsRange, scope: StatsScope) {
  const rows = await db
    .selectFrom('waitlist_entries')
    .innerJoin('clinic_sessions', 'clinic_sessions.id', 'waitlist_entries.session_id')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .where('clinic_sessions.date', '>=', r.from)
    .where('clinic_sessions.date', '<=', r.to)
    .where('waitlist_entries.status', '=', 'promoted')
    .where(healthScope(scope))
    .select(['clinic_sessions.date as date', countAll.as('promotions')])
    .groupBy('clinic_sessions.date')
    .orderBy('clinic_sessions.date')
    .execute();
  return num(rows, ['promotions']);
}

/** Clinic sessions dated in from..to, per date: how many, how many cancelled, of them for the doctor's absence. */
export async function sessionsByDay(db: Db, r: StatsRange, scope: StatsScope) {
  const countIf = (cond: RawBuilder<unknown>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const rows = await db
    .selectFrom('clinic_sessions')
    .innerJoin('health_stations', 'health_stations.id', 'clinic_sessions.health_station_id')
    .where('clinic_sessions.date', '>=', r.from)
    .where('clinic_sessions.date', '<=', r.to)
    .where(healthScope(scope))
    .select([
      'clinic_sessions.date as date',
      countAll.as('sessions'),
      countIf(sql`clinic_sessions.status = 'cancelled'`).as('sessionsCancelled'),
      countIf(sql`clinic_sessions.status = 'cancelled' and clinic_sessions.cancel_reason = 'doctor_absent'`).as('doctorAbsences'),
    ])
    .groupBy('clinic_sessions.date')
    .orderBy('clinic_sessions.date')
    .execute();
  return num(rows, ['sessions', 'sessionsCancelled', 'doctorAbsences']);
}

/** Alarms raised in range, per district (code, name): how many, acknowledged and resolved. */
export async function alarmCounts(db: Db, r: StatsRange, scope: StatsScope) {
  const rows = await db
    .selectFrom('alerts')
    .innerJoin('stations', 'stations.id', 'alerts.station_id')
    .where('alerts.at', '>=', r.fromMs)
    .where('alerts.at', '<', r.toMs)
    .where(stationScope(scope, 'stations.district_code', 'alerts.station_id'))
    .select([
      'stations.district_code as districtCode',
      'stations.district as district',
      countAll.as('count'),
      sql<number>`count(alerts.acknowledged_at)`.as('acknowledged'),
      sql<number>`count(alerts.resolved_at)`.as('resolved'),
    ])
    .groupBy(['stations.district_code', 'stations.district'])
    .orderBy('stations.district_code')
    .execute();
  return num(rows, ['count', 'acknowledged', 'resolved']);
}

/** One row of {@link alarmTimes}: a district's code ('*' for the whole scope) and the nearest-rank percentiles, ms. */
export interface AlarmTimesRow {
  districtCode: string;
  n: number;
  median: number | null;
  p90: number | null;
}

/**
 * Time from raising to acknowledging (`metric` ack) or to resolving (res) of the alarms raised in range, per
 * district and over the whole scope ('*'): how many and the median and 90th percentile in ms, by the nearest-rank
 * method (the value at rank ceil(p * n) in ascending order, so always a time some alarm took), computed by the
 * database with window functions (SQLite 3.25+, PostgreSQL).
 */
export async function alarmTimes(db: Db, r: StatsRange, scope: StatsScope, metric: 'ack' | 'res'): Promise<AlarmTimesRow[]> {
  const col = metric === 'ack' ? sql.ref('alerts.acknowledged_at') : sql.ref('alerts.resolved_at');
  const q = sql<AlarmTimesRow>`
    with t as (
      select stations.district_code as d, ${col} - alerts.at as v
      from alerts inner join stations on stations.id = alerts.station_id
      where alerts.at >= ${r.fromMs} and alerts.at < ${r.toMs} and ${col} is not null
        and ${stationScope(scope, 'stations.district_code', 'alerts.station_id')}
    ),
    u as (select d, v from t union all select '*' as d, v from t),
    ranked as (
      select d, v, row_number() over (partition by d order by v) as rn, count(*) over (partition by d) as n from u
    )
    select d as "districtCode", max(n) as n,
      max(case when rn = (n + 1) / 2 then v end) as median,
      max(case when rn = (9 * n + 9) / 10 then v end) as p90
    from ranked group by d order by d`;
  const rows = (await q.execute(db)).rows;
  return rows.map((x) => ({
    districtCode: String(x.districtCode),
    n: Number(x.n),
    median: x.median === null ? null : Number(x.median),
    p90: x.p90 === null ? null : Number(x.p90),
  }));
}

/** The district named by `code` if any station is in it (a city admin's filter), else null. */
export async function districtName(db: Db, code: string): Promise<string | null> {
  const row = await db.selectFrom('stations').select('district').where('district_code', '=', code).limit(1).executeTakeFirst();
  return row?.district ?? null;
}
