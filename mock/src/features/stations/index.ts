import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import type { Db } from '../../core/db/database';
import { allStations } from './repo';
import { NearbyIndex } from './nearbyIndex';
import { listedPoints, type ListedStation } from './nearbyAnswer';
import { stationRoutes } from './routes';
import { placeRoutes } from './routesPlaces';
import { stationStaffRoutes } from './routesStaff';
import { registryRoutes } from './routesRegistry';
import { registerStationChanges, StationChanges, type StationRelay } from './changes';

/**
 * The stations feature: the nearby search (an in-memory index over every station), a station's page, and the
 * places to choose by hand. Its public surface.
 */
export { allStations, doorsOfStation, stationById, type Door, type Station } from './repo';
export { NearbyIndex, type NearbyHit } from './nearbyIndex';
export { ListedStation, listedPoints } from './nearbyAnswer';
export { StationChanges, stationChangesOf, type StationRelay } from './changes';

/** The nearby index over every station in the database (rebuild it when stations change). */
export async function nearbyIndexOf(db: Db): Promise<NearbyIndex<ListedStation>> {
  const nearby = new NearbyIndex<ListedStation>();
  nearby.rebuild(listedPoints(await allStations(db)));
  return nearby;
}

/**
 * Registers the feature's routes on the API scope. `relay` carries station changes (closures, registry edits) to the
 * other server processes, whose nearby caches then reload the station (changes.ts).
 */
export function stationsRoutes(api: FastifyInstance, ctx: AppContext, nearby: NearbyIndex<ListedStation>, relay?: StationRelay): void {
  const changes = new StationChanges(ctx.db, nearby, relay);
  registerStationChanges(ctx, changes);
  api.addHook('preClose', async () => changes.close());
  stationRoutes(api, ctx, nearby);
  stationStaffRoutes(api, ctx, changes);
  registryRoutes(api, ctx, changes);
  placeRoutes(api);
}
