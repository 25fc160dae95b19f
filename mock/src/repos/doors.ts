import type { Db } from '../db/database';

/** A door with what the unlock path needs of its station, in one query (the hot path: no JSON columns). */
export interface DoorSite {
  door: { id: string; name: string; stationId: string };
  station: { id: string; name: string; address: string; phone: string; lat: number; lng: number };
}

/** The door and its station, or null for an unknown door. */
export async function doorSite(db: Db, doorId: string): Promise<DoorSite | null> {
  const r = await db
    .selectFrom('doors')
    .innerJoin('stations', 'stations.id', 'doors.station_id')
    .select([
      'doors.id as doorId',
      'doors.name as doorName',
      'stations.id as stationId',
      'stations.name as stationName',
      'stations.address',
      'stations.phone',
      'stations.lat',
      'stations.lng',
    ])
    .where('doors.id', '=', doorId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    door: { id: r.doorId, name: r.doorName, stationId: r.stationId },
    station: { id: r.stationId, name: r.stationName, address: r.address, phone: r.phone, lat: r.lat, lng: r.lng },
  };
}
