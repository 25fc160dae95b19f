import type { Db } from '../../core/db/database';
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
  hours: JSON.parse(r.hours) as OpeningHours,
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
