import type { AppContext } from '../../core/context';
import type { StaffMembership } from '../../core/staff';
import { recordRemoteEntry, type Door } from './repo';
import { stationEntries } from './repoStaff';
import { doorState, GRANT_TTL_MS } from './grants';
import { addDays, parseDate, shanghaiEpoch, toShanghaiIso } from '@/rules/time';

/**
 * The keeper's side of the doors (issue 13): a station's entries of one day with masked workers, and a door opened
 * remotely by staff for a worker whose phone failed.
 */

/** At most this many entries in one day's answer (a busy station sees a few hundred). */
export const STATION_ENTRIES_MAX = 500;

/** '张*' for 张三, '欧**' for 欧阳修: the first character and one * for each other one. */
export function maskedName(name: string): string {
  const chars = [...name.trim()];
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(chars.length - 1);
}

/** What staff see of an attempt: `granted` while the pass is out and the door has not acknowledged it. */
function outcomeOf(e: { outcome: 'granted' | 'refused'; grantExpiresAt: number | null; doorAckedAt: number | null }, nowMs: number) {
  if (e.outcome === 'refused') return 'refused' as const;
  if (e.grantExpiresAt === null) return e.doorAckedAt === null ? ('granted' as const) : ('opened' as const);
  const state = doorState(e.grantExpiresAt, e.doorAckedAt, nowMs);
  return state === 'waiting' ? ('granted' as const) : state;
}

/**
 * The entries of station `station` on Shanghai date `date` ('YYYY-MM-DD', already checked), newest first, at most
 * STATION_ENTRIES_MAX, each with its door, the worker masked (null when not known: erased, unregistered, remote),
 * the outcome and, for a door opened by staff, who.
 */
export async function stationDay(ctx: AppContext, station: { id: string; name: string }, date: string) {
  const nowMs = ctx.now();
  const fromMs = shanghaiEpoch(parseDate(date)!);
  const toMs = shanghaiEpoch(parseDate(addDays(date, 1))!);
  const rows = await stationEntries(ctx.db, station.id, fromMs, toMs, STATION_ENTRIES_MAX);
  return {
    date,
    station: { id: station.id, name: station.name },
    entries: rows.map((e) => ({
      id: e.id,
      at: toShanghaiIso(e.at),
      door: { id: e.doorId, name: e.doorName ?? e.doorId },
      worker: e.workerName === null ? null : { maskedName: maskedName(e.workerName), maskedPhone: e.workerPhoneMasked },
      outcome: outcomeOf(e, nowMs),
      reason: e.outcome === 'refused' ? e.reason : null,
      remote: e.remoteStaffId !== null,
      remoteBy: e.remoteStaffId === null ? null : (e.remoteByName ?? null),
    })),
  };
}

/**
 * Staff member `member` opens `door` remotely: an entry (remote, naming the member and the reason) and a grant of
 * GRANT_TTL_MS that the door's controller fetches exactly as after a worker's unlock (the caller wakes it through
 * the grant hub). Works at a suspended station too: opening it is the staff member's own judgement.
 */
export async function remoteOpen(ctx: AppContext, door: Door, member: StaffMembership, reason: string) {
  const nowMs = ctx.now();
  const r = await recordRemoteEntry(
    ctx.db,
    { doorId: door.id, stationId: door.stationId, staffId: member.id, reason, nowMs },
    GRANT_TTL_MS,
  );
  return { grantId: r.grant.id, entryId: r.entryId, expiresAt: r.grant.expiresAt };
}
