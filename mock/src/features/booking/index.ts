import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { healthRoutes } from './routes';

/**
 * The booking feature: health stations and their specialists' slots, bookings and the waitlist, staff check-in
 * and session cancelling, reminders and the scheduler that sends them. Its public surface.
 */
export { cancelUpcomingOf, promoteWaitlist } from './booking';
export { anonymiseBookingsOf, bookingsOf, forgetAnswersOf, materializeSessions } from './repo';
export { runScheduler, type SchedulerPass } from './scheduler';

/** Registers the feature's routes on the API scope. */
export function bookingRoutes(api: FastifyInstance, ctx: AppContext): void {
  healthRoutes(api, ctx);
}
