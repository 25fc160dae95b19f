import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { statsRoutes } from './routes';

/**
 * The statistics feature (issue 15): the desk console's 统计分析 — visits, peak hours, distinct workers, health
 * bookings and alarm response times over a date range, counted by the database within the caller's scope, and
 * their CSV / XLSX export. Its public surface.
 */

/** Registers the feature's routes on the API scope. */
export function statsFeatureRoutes(api: FastifyInstance, ctx: AppContext): void {
  statsRoutes(api, ctx);
}
