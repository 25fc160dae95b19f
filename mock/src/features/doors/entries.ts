import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { entriesOfWorker, entryOfWorker, type EntryRow } from './repo';
import { doorState } from './grants';
import { toShanghaiIso } from '@/rules/time';

/**
 * An entry as the worker sees it. `doorState` (granted entries only): `waiting` until the door controller
 * acknowledges or the grant and its grace run out, then `opened` or `no_response`.
 */
export function entryView(e: EntryRow, nowMs: number) {
  const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms));
  return {
    id: e.id,
    at: toShanghaiIso(e.at),
    outcome: e.outcome,
    reason: e.reason,
    codeKind: e.codeKind,
    station: { id: e.stationId, name: e.stationName, phone: e.stationPhone },
    door: { id: e.doorId, name: e.doorName },
    locationPresent: e.locationPresent === 1,
    distanceM: e.distanceM,
    doorState: e.grantExpiresAt === null ? null : doorState(e.grantExpiresAt, e.doorAckedAt, nowMs),
    doorAckedAt: iso(e.doorAckedAt),
    grantExpiresAt: iso(e.grantExpiresAt),
  };
}

/** The worker's entries, newest first (at most `limit`). */
export async function myEntries(ctx: AppContext, workerId: string, limit: number) {
  const nowMs = ctx.now();
  const rows = await entriesOfWorker(ctx.db, workerId, limit);
  return { entries: rows.map((e) => entryView(e, nowMs)) };
}

/** One of the worker's entries. @throws ApiError NOT_FOUND (also for another worker's entry) */
export async function myEntry(ctx: AppContext, workerId: string, entryId: string) {
  const row = await entryOfWorker(ctx.db, workerId, entryId);
  if (!row) throw new ApiError('NOT_FOUND', { message: '没有找到这条进门记录，请返回后重新扫码。' });
  return { entry: entryView(row, ctx.now()) };
}
