import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { healthRoutes } from './routes';
import { runScheduler } from './scheduler';
import { notifierFor } from './notifier';
import { pgLeader } from '../../core/db/pgChannels';

/** The advisory lock whose holder runs the scheduler on PostgreSQL (any constant; distinct from core/db's). */
const SCHEDULER_LOCK = 0x79697a68616e + 2;

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

/**
 * Runs the scheduler on a timer while the server is up (unref'd, so it never keeps a process alive). On PostgreSQL
 * every server may run the timer, but a pass runs only in the one holding the scheduler's advisory lock
 * (core/db/pgChannels.ts pgLeader): two passes at once could send a reminder twice. When the leader dies its lock
 * goes with its connection and another server takes it at its next tick, within one interval (60 s by default).
 */
export function startScheduler(app: FastifyInstance, ctx: AppContext): void {
  const intervalS = ctx.config.booking.schedulerIntervalS;
  if (intervalS <= 0) return;
  const notifier = notifierFor(ctx.config.wechat, ctx.config.booking.templates, app.log);
  const leader = ctx.config.databaseUrl ? pgLeader(ctx.config.databaseUrl, SCHEDULER_LOCK) : null;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      if (leader && !(await leader.isLeader())) return;
      const pass = await runScheduler(ctx, ctx.now(), notifier);
      const busy = pass.noShows || pass.sent || pass.failed || pass.sessionsCreated;
      app.log[busy ? 'info' : 'debug']({ pass }, 'booking scheduler pass');
    } catch (err) {
      app.log.error({ err }, 'booking scheduler pass failed');
    } finally {
      running = false;
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(() => void tick(), intervalS * 1000);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await leader?.close();
  });
}
