import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { reportRoutes } from './routes';

/**
 * The reports feature (issue 13): keepers report a fault or supplies running out at their station, with an
 * optional photo kept in the database; the district staff are told; staff in scope list and resolve them. Its
 * public surface.
 */
export { KIND_LABELS } from './reports';

/** Registers the feature's routes on the API scope. */
export function reportsRoutes(api: FastifyInstance, ctx: AppContext): void {
  reportRoutes(api, ctx);
}
