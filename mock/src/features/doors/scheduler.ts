import type { AppContext } from '../../core/context';
import type { Notifier } from '../../core/notifier';
import { escalateAlarms } from './alarms';
import { flagOfflineDoors } from './doorHealth';

/** What one doors pass did (counts, for the scheduler's log line). */
export interface DoorsPass {
  alarmsEscalated: number;
  offlineDoorsTold: number;
}

/**
 * The doors feature's scheduler pass at `nowMs` (core/scheduler.ts runs it; tests call it with the fake clock):
 * escalates unacknowledged alarms and tells keepers and district staff about doors offline at open stations.
 */
export async function runDoorsPass(ctx: AppContext, nowMs: number, notifier: Notifier): Promise<DoorsPass> {
  return { alarmsEscalated: await escalateAlarms(ctx, nowMs, notifier), offlineDoorsTold: await flagOfflineDoors(ctx, nowMs, notifier) };
}
