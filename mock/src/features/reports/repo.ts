import type { Db } from '../../core/db/database';
import type { StaffReach } from '../../core/staff';
import type { StationReportsTable } from '../../core/db/schema';

/**
 * The reports feature's data access, the only file of the feature that builds SQL: keepers' reports of faults and
 * supplies running out, their photos (BLOB on SQLite, BYTEA on PostgreSQL: read back as a Buffer either way).
 * Times are epoch milliseconds.
 */

export type ReportKind = StationReportsTable['kind'];

export interface NewReport {
  id: string;
  stationId: string;
  kind: ReportKind;
  note: string;
  photo: { mime: string; bytes: Buffer } | null;
  nowMs: number;
  by: { staffId: string; name: string };
}

/** Stores a report (with its photo, if any). */
export async function insertReport(db: Db, r: NewReport): Promise<void> {
  await db
    .insertInto('station_reports')
    .values({
      id: r.id,
      station_id: r.stationId,
      kind: r.kind,
      note: r.note,
      photo: r.photo?.bytes ?? null,
      photo_mime: r.photo?.mime ?? null,
      created_at: r.nowMs,
      created_by: r.by.staffId,
      created_by_name: r.by.name,
      resolved_at: null,
      resolved_by: null,
      resolved_by_name: null,
      resolution_note: null,
    })
    .execute();
}

// Everything but the photo's bytes: lists never carry them.
const reportQuery = (db: Db) =>
  db
    .selectFrom('station_reports')
    .innerJoin('stations', 'stations.id', 'station_reports.station_id')
    .select([
      'station_reports.id',
      'station_reports.station_id as stationId',
      'stations.name as stationName',
      'stations.district_code as districtCode',
      'station_reports.kind',
      'station_reports.note',
      'station_reports.photo_mime as photoMime',
      'station_reports.state',
      'station_reports.created_at as createdAt',
      'station_reports.created_by as createdBy',
      'station_reports.created_by_name as createdByName',
      'station_reports.resolved_at as resolvedAt',
      'station_reports.resolved_by as resolvedBy',
      'station_reports.resolved_by_name as resolvedByName',
      'station_reports.resolution_note as resolutionNote',
    ]);

export type ReportRow = Awaited<ReturnType<ReturnType<typeof reportQuery>['execute']>>[number];

/** One report (without its photo's bytes), or undefined. */
export async function reportById(db: Db, id: string): Promise<ReportRow | undefined> {
  return reportQuery(db).where('station_reports.id', '=', id).executeTakeFirst();
}

/** Reports within `reach` (optionally of one station and one state), newest first, at most `limit`. */
export async function reportsInReach(
  db: Db,
  filter: { reach: StaffReach; stationId?: string; state?: 'open' | 'resolved' },
  limit: number,
): Promise<ReportRow[]> {
  let q = reportQuery(db);
  if (filter.stationId) q = q.where('station_reports.station_id', '=', filter.stationId);
  if (filter.state) q = q.where('station_reports.state', '=', filter.state);
  if (!filter.reach.all) {
    // Never an empty `in ()` (not portable).
    const districts = filter.reach.districtCodes.length ? filter.reach.districtCodes : ['-'];
    const stations = filter.reach.stationIds.length ? filter.reach.stationIds : ['-'];
    q = q.where((eb) => eb.or([eb('stations.district_code', 'in', districts), eb('station_reports.station_id', 'in', stations)]));
  }
  return q.orderBy('station_reports.created_at', 'desc').orderBy('station_reports.id', 'desc').limit(limit).execute();
}

/** A report's photo and its media type, or null when it has none. */
export async function reportPhoto(db: Db, id: string): Promise<{ mime: string; bytes: Buffer } | null> {
  const r = await db.selectFrom('station_reports').select(['photo', 'photo_mime']).where('id', '=', id).executeTakeFirst();
  return r?.photo && r.photo_mime ? { mime: r.photo_mime, bytes: Buffer.from(r.photo) } : null;
}

/** Resolves an open report with a note, once. @returns false when it was resolved already. */
export async function markReportResolved(
  db: Db,
  id: string,
  by: { staffId: string; name: string },
  note: string,
  nowMs: number,
): Promise<boolean> {
  const r = await db
    .updateTable('station_reports')
    .set({ state: 'resolved', resolved_at: nowMs, resolved_by: by.staffId, resolved_by_name: by.name, resolution_note: note })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
