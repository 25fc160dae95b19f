import type { Db } from '../../core/db/database';

/**
 * The registry's door records (issue 15): adding a door to a station and replacing its keys, by generation
 * (migration 016). Times are epoch milliseconds.
 */

/** A door with its station and key generations, as the registry's door routes need it. */
export interface AdminDoor {
  id: string;
  stationId: string;
  stationName: string;
  stationPhone: string;
  name: string;
  hasScreen: boolean;
  hasReader: boolean;
  deviceKeyGen: number;
  codeKeyGen: number;
}

/** One door with its station, or null. */
export async function adminDoor(db: Db, doorId: string): Promise<AdminDoor | null> {
  const r = await db
    .selectFrom('doors')
    .innerJoin('stations', 'stations.id', 'doors.station_id')
    .select([
      'doors.id',
      'doors.station_id as stationId',
      'stations.name as stationName',
      'stations.phone as stationPhone',
      'doors.name',
      'doors.has_screen as hasScreen',
      'doors.has_reader as hasReader',
      'doors.device_key_gen as deviceKeyGen',
      'doors.code_key_gen as codeKeyGen',
    ])
    .where('doors.id', '=', doorId)
    .executeTakeFirst();
  return r
    ? {
        ...r,
        hasScreen: Number(r.hasScreen) === 1,
        hasReader: Number(r.hasReader) === 1,
        deviceKeyGen: Number(r.deviceKeyGen),
        codeKeyGen: Number(r.codeKeyGen),
      }
    : null;
}

/** Adds a door (key generations 0). */
export async function insertDoor(
  db: Db,
  d: { id: string; stationId: string; name: string; hasScreen: boolean; hasReader: boolean; createdAt: number },
): Promise<void> {
  await db
    .insertInto('doors')
    .values({
      id: d.id,
      station_id: d.stationId,
      name: d.name,
      has_screen: d.hasScreen ? 1 : 0,
      has_reader: d.hasReader ? 1 : 0,
      created_at: d.createdAt,
    })
    .execute();
}

/** Bumps one of the door's key generations by one. @returns the new generation. */
export async function bumpKeyGen(db: Db, doorId: string, which: 'device' | 'code'): Promise<number> {
  if (which === 'device') {
    const r = await db
      .updateTable('doors')
      .set((eb) => ({ device_key_gen: eb('device_key_gen', '+', 1) }))
      .where('id', '=', doorId)
      .returning('device_key_gen')
      .executeTakeFirstOrThrow();
    return Number(r.device_key_gen);
  }
  const r = await db
    .updateTable('doors')
    .set((eb) => ({ code_key_gen: eb('code_key_gen', '+', 1) }))
    .where('id', '=', doorId)
    .returning('code_key_gen')
    .executeTakeFirstOrThrow();
  return Number(r.code_key_gen);
}
