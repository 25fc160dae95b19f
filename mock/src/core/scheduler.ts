import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { pgLeader } from './db/pgChannels';

/** The advisory lock whose holder runs the scheduler on PostgreSQL (any constant; distinct from core/db's). */
const SCHEDULER_LOCK = 0x79697a68616e + 2;

/**
 * The background scheduler: every SCHEDULER_INTERVAL_S seconds (0 = never; tests call the passes with a time) it
 * runs each feature's pass at `ctx.now()`, one after the other, in one process of a cluster only
 * (mock/src/cluster.ts): the booking pass (reminders, no-shows, the slot window, pruning) and the doors pass
 * (alarm escalation, offline doors, staff notices). On PostgreSQL every server may run the timer, but a pass runs
 * only in the one holding the scheduler's advisory lock (core/db/pgChannels.ts pgLeader): two passes at once
 * could send a reminder twice. When the leader dies its lock goes with its connection and another server takes it
 * at its next tick, within one interval (60 s by default).
 */
export interface SchedulerTask {
  name: string;
  /** One pass at `nowMs` (epoch ms); resolves counts for the log (any non-zero makes the line info, not debug). */
  run(nowMs: number): Promise<Record<string, number>>;
}

/** Runs `tasks` on a timer while the server is up (unref'd, so it never keeps a process alive). */
export function startScheduler(app: FastifyInstance, ctx: AppContext, tasks: SchedulerTask[]): void {
  const intervalS = ctx.config.booking.schedulerIntervalS;
  if (intervalS <= 0) return;
  const leader = ctx.config.databaseUrl ? pgLeader(ctx.config.databaseUrl, SCHEDULER_LOCK) : null;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      if (leader && !(await leader.isLeader().catch(() => false))) return;
      for (const task of tasks) {
        try {
          const pass = await task.run(ctx.now());
          const busy = Object.values(pass).some((n) => n > 0);
          app.log[busy ? 'info' : 'debug']({ pass }, `${task.name} scheduler pass`);
        } catch (err) {
          app.log.error({ err }, `${task.name} scheduler pass failed`);
        }
      }
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
