import type { AppContext } from '../../core/context';
import type { Notifier } from '../../core/notifier';
import { escalateAlarms } from './alarms';
import { flagOfflineDoors } from './doorHealth';
import { runEntryRetention, type RetentionPass } from './retention';

/** What one doors pass did (counts, for the scheduler's log line). */
export interface DoorsPass extends RetentionPass {
  alarmsEscalated: number;
  offlineDoorsTold: number;
}

/**
 * The doors feature's scheduler pass at `nowMs` (core/scheduler.ts runs it; tests call it with the fake clock):
 * escalates unacknowledged alarms and tells keepers and district staff about doors offline at open stations, then
 * applies the entry log's retention (retention.ts), last, so a backlog of deletes never delays an alarm.
 */
export async function runDoorsPass(ctx: AppContext, nowMs: number, notifier: Notifier): Promise<DoorsPass> {
  const alarmsEscalated = await escalateAlarms(ctx, nowMs, notifier);
  const offlineDoorsTold = await flagOfflineDoors(ctx, nowMs, notifier);
  return { alarmsEscalated, offlineDoorsTold, ...(await runEntryRetention(ctx, nowMs)) };
}
