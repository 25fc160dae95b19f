/** Helpers of the door API tests. */
import { call } from './server';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { loadSeed } from '../../mock/seed/load';
import type { SeedStation } from '../../mock/seed/types';

/**
 * Records the account's separate consent to precise location, as the app does when the worker agrees: without
 * it the server ignores any location sent with an unlock. Returns the token for chaining.
 */
export async function withLocationConsent(api: string, token: string): Promise<string> {
  const r = await call(`${api}/me/consents`, { method: 'POST', token, body: { kind: 'location', version: PRIVACY_POLICY_VERSION } });
  if (r.status !== 201) throw new Error(`location consent: ${r.status} ${JSON.stringify(r.body)}`);
  return token;
}

/** Metres per degree of latitude on the mean Earth radius 6,371,008.8 m (IUGG), the radius of src/rules/geo.ts. */
export const M_PER_DEG_LAT = (6_371_008.8 * Math.PI) / 180;

/**
 * A GCJ-02 fix `northM` metres due north of the station of `doorId` (20 m: a worker at the door), from the committed
 * seed every test server loads: along a meridian the haversine distance is exactly northM. Synchronous and without
 * a database, so it serves tests of child processes too (cluster).
 */
export function fixAtDoor(doorId: string, northM = 20): { lat: number; lng: number; coord: 'gcj02' } {
  const station = seedStations().find((st) => st.doors.some((d) => d.id === doorId));
  if (!station) throw new Error(`no door ${doorId} in the seed`);
  return { lat: station.lat + northM / M_PER_DEG_LAT, lng: station.lng, coord: 'gcj02' };
}

let stations: SeedStation[] | null = null;
const seedStations = (): SeedStation[] => (stations ??= loadSeed().stations);
