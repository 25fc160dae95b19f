import type { Db } from '../../core/db/database';
import { locksRows } from '../../core/db/dialect';
import type { OpeningHours } from '@/rules/hours';

/** A station as the API and the nearby index see it (GCJ-02 coordinates). */
export interface Station {
  id: string;
  name: string;
  address: string;
  district: string;
  lat: number;
  lng: number;
  kind: string;
  grade: number;
  honours: string[];
  amenities: string[];
  hours: OpeningHours;
  phone: string;
  smart: boolean;
  smartKind: string | null;
}

export interface Door {
  id: string;
  stationId: string;
  name: string;
  hasScreen: boolean;
  hasReader: boolean;
  /** The generations of its device key and printed code (migration 016; 0 until first replaced). */
  deviceKeyGen: number;
  codeKeyGen: number;
}

type StationRow = {
  id: string;
  name: string;
  address: string;
  district: string;
  lat: number;
  lng: number;
  kind: string;
  grade: number;
  honours: string;
  amenities: string;
  hours: string;
  phone: string;
  smart: number;
  smart_kind: string | null;
};

/** Hours as the public sees them: a closure's reason and times, not which staff member set it. */
function publicHours(h: OpeningHours): OpeningHours {
  if (!h.closures) return h;
  return { ...h, closures: h.closures.map((c) => ({ from: c.from, to: c.to, reason: c.reason })) };
}

const toStation = (r: StationRow): Station => ({
  id: r.id,
  name: r.name,
  address: r.address,
  district: r.district,
  lat: r.lat,
  lng: r.lng,
  kind: r.kind,
  grade: r.grade,
  honours: JSON.parse(r.honours) as string[],
  amenities: JSON.parse(r.amenities) as string[],
  hours: publicHours(JSON.parse(r.hours) as OpeningHours),
  phone: r.phone,
  smart: r.smart === 1,
  smartKind: r.smart_kind,
});

/** Every station, for building the nearby index. */
export async function allStations(db: Db): Promise<Station[]> {
  const rows = await db.selectFrom('stations').selectAll().orderBy('id').execute();
  return rows.map(toStation);
}

/** One station, or null. */
export async function stationById(db: Db, id: string): Promise<Station | null> {
  const row = await db.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStation(row) : null;
}

/** The doors of a station, by id. */
export async function doorsOfStation(db: Db, stationId: string): Promise<Door[]> {
  const rows = await db.selectFrom('doors').selectAll().where('station_id', '=', stationId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    stationId: r.station_id,
    name: r.name,
    hasScreen: r.has_screen === 1,
    hasReader: r.has_reader === 1,
    deviceKeyGen: Number(r.device_key_gen),
    codeKeyGen: Number(r.code_key_gen),
  }));
}

/**
 * Changes a station's opening hours in one transaction: `change` gets the hours as stored (closures with their
 * staff fields) and returns the new ones. On PostgreSQL the row is locked first, so two changes at once apply one
 * after the other (SQLite's IMMEDIATE transaction already does). @returns the new hours, or null for no such station.
 */
export async function changeStationHours(
  db: Db,
  stationId: string,
  change: (hours: OpeningHours) => OpeningHours,
): Promise<OpeningHours | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('stations')
      .select('hours')
      .where('id', '=', stationId)
      .$if(locksRows(trx), (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) return null;
    const hours = change(JSON.parse(row.hours) as OpeningHours);
    await trx
      .updateTable('stations')
      .set({ hours: JSON.stringify(hours) })
      .where('id', '=', stationId)
      .execute();
    return hours;
  });
}

/** A station's name and hours as stored (closures with their staff fields), or null. */
export async function storedHoursOf(db: Db, stationId: string): Promise<{ name: string; hours: OpeningHours } | null> {
  const r = await db.selectFrom('stations').select(['name', 'hours']).where('id', '=', stationId).executeTakeFirst();
  return r ? { name: r.name, hours: JSON.parse(r.hours) as OpeningHours } : null;
}
