import type { Db } from '../../core/db/database';
import { locksRows } from '../../core/db/dialect';
import type { StaffReach } from '../../core/staff';
import type { OpeningHours } from '@/rules/hours';

/**
 * The station registry's data access (issue 15): the stations in a staff member's reach, searched and paged by the
 * database; one station as stored (its hours with the staff fields of closures); an edit with its grade history in
 * one transaction. Times are epoch milliseconds; coordinates GCJ-02.
 */

/** A station as the registry edits it: the columns staff may change, as stored. */
export interface RegistryRow {
  id: string;
  name: string;
  address: string;
  district: string;
  districtCode: string;
  lat: number;
  lng: number;
  kind: string;
  grade: number;
  amenities: string[];
  hours: OpeningHours;
  phone: string;
  smart: boolean;
}

type Row = {
  id: string;
  name: string;
  address: string;
  district: string;
  district_code: string;
  lat: number;
  lng: number;
  kind: string;
  grade: number;
  amenities: string;
  hours: string;
  phone: string;
  smart: number;
};

const toRow = (r: Row): RegistryRow => ({
  id: r.id,
  name: r.name,
  address: r.address,
  district: r.district,
  districtCode: String(r.district_code),
  lat: Number(r.lat),
  lng: Number(r.lng),
  kind: r.kind,
  grade: Number(r.grade),
  amenities: JSON.parse(r.amenities) as string[],
  hours: JSON.parse(r.hours) as OpeningHours,
  phone: r.phone,
  smart: Number(r.smart) === 1,
});

const COLUMNS = [
  'id',
  'name',
  'address',
  'district',
  'district_code',
  'lat',
  'lng',
  'kind',
  'grade',
  'amenities',
  'hours',
  'phone',
  'smart',
] as const;

/** `%text%` for LIKE, with LIKE's own characters escaped (ESCAPE '\'). */
const likeOf = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** What the registry list filters by: a text in the name, address or id; a district. */
export interface RegistryQuery {
  q?: string;
  districtCode?: string;
  offset: number;
  limit: number;
}

/** The stations in `reach` matching `q`, by district then id, one page of them, and how many match in all. */
export async function registryPage(db: Db, reach: StaffReach, q: RegistryQuery): Promise<{ total: number; rows: RegistryRow[] }> {
  let base = db.selectFrom('stations');
  if (!reach.all) {
    const districts = reach.districtCodes.length ? reach.districtCodes : ['-'];
    const stations = reach.stationIds.length ? reach.stationIds : ['-'];
    base = base.where((eb) => eb.or([eb('district_code', 'in', districts), eb('id', 'in', stations)]));
  }
  if (q.districtCode) base = base.where('district_code', '=', q.districtCode);
  if (q.q) {
    const like = likeOf(q.q);
    base = base.where((eb) => eb.or([eb('name', 'like', like), eb('address', 'like', like), eb('id', 'like', like)]));
  }
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select([...COLUMNS])
    .orderBy('district_code')
    .orderBy('id')
    .offset(q.offset)
    .limit(q.limit)
    .execute();
  return { total: Number(n), rows: rows.map(toRow) };
}

/** One station as stored, or null. */
export async function registryRow(db: Db, id: string): Promise<RegistryRow | null> {
  const r = await db
    .selectFrom('stations')
    .select([...COLUMNS])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? toRow(r) : null;
}

/** The fields an edit may set (already checked). */
export interface StationEdit {
  name?: string;
  address?: string;
  lat?: number;
  lng?: number;
  grade?: number;
  amenities?: string[];
  hours?: OpeningHours;
}

/** A grade change to record with the edit. */
export interface GradeChange {
  id: string;
  staffId: string;
  staffName: string;
  from: number;
  to: number;
  reason: string;
  at: number;
}

/**
 * Applies an edit in one transaction: the row is read (and on PostgreSQL locked) first, `decide` gets it as stored
 * and returns the columns to write (or throws to refuse), plus the grade change to record; `after` runs in the
 * same transaction once written (the audit row). @returns the row before and after, or null for no such station.
 */
export async function editStation(
  db: Db,
  id: string,
  decide: (before: RegistryRow) => { edit: StationEdit; grade: GradeChange | null },
  after: (trx: Db, before: RegistryRow, row: RegistryRow) => Promise<void>,
): Promise<{ before: RegistryRow; after: RegistryRow } | null> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('stations')
      .select([...COLUMNS])
      .where('id', '=', id)
      .$if(locksRows(trx), (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (!r) return null;
    const before = toRow(r);
    const { edit, grade } = decide(before);
    const set: Record<string, string | number> = {};
    if (edit.name !== undefined) set.name = edit.name;
    if (edit.address !== undefined) set.address = edit.address;
    if (edit.lat !== undefined) set.lat = edit.lat;
    if (edit.lng !== undefined) set.lng = edit.lng;
    if (edit.grade !== undefined) set.grade = edit.grade;
    if (edit.amenities !== undefined) set.amenities = JSON.stringify(edit.amenities);
    if (edit.hours !== undefined) set.hours = JSON.stringify(edit.hours);
    if (Object.keys(set).length > 0) await trx.updateTable('stations').set(set).where('id', '=', id).execute();
    if (grade) {
      await trx
        .insertInto('station_grade_history')
        .values({
          id: grade.id,
          station_id: id,
          at: grade.at,
          staff_id: grade.staffId,
          staff_name: grade.staffName,
          from_grade: grade.from,
          to_grade: grade.to,
          reason: grade.reason,
        })
        .execute();
    }
    const row = { ...before, ...edit } as RegistryRow;
    await after(trx, before, row);
    return { before, after: row };
  });
}

/** A station's grade changes, newest first. */
export async function gradeHistory(db: Db, stationId: string, limit: number) {
  const rows = await db
    .selectFrom('station_grade_history')
    .select(['id', 'at', 'staff_id', 'staff_name', 'from_grade', 'to_grade', 'reason'])
    .where('station_id', '=', stationId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: Number(r.at),
    staffId: r.staff_id,
    staffName: r.staff_name,
    from: Number(r.from_grade),
    to: Number(r.to_grade),
    reason: r.reason,
  }));
}

/** The doors of stations `ids` (with their key generations), by station then door id. */
export async function doorsOf(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('doors')
    .select(['id', 'station_id', 'name', 'has_screen', 'has_reader', 'device_key_gen', 'code_key_gen'])
    .where('station_id', 'in', ids)
    .orderBy('station_id')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stationId: r.station_id,
    name: r.name,
    hasScreen: Number(r.has_screen) === 1,
    hasReader: Number(r.has_reader) === 1,
    deviceKeyGeneration: Number(r.device_key_gen),
    codeKeyGeneration: Number(r.code_key_gen),
  }));
}
