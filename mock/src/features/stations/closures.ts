import type { AppContext } from '../../core/context';
import { newId } from '../../core/crypto';
import { ApiError } from '../../core/http/errors';
import type { StaffMembership } from '../../core/staff';
import { changeStationHours } from './repo';
import type { StationChanges } from './changes';
import { openState, type Closure, type OpeningHours, type OpenState } from '@/rules/hours';
import { plainText } from '@/rules/text';
import { parseShanghaiDateTime, toShanghaiIso } from '@/rules/time';

/**
 * Staff close a station for a while (暂停开放) and open it again (issue 13). A closure lives in the station's
 * opening hours (src/rules/hours.ts closures), so everything that reads the hours (the nearby list, the station
 * page, the unlock, the staff pages, the offline-door check) sees it; StationChanges refreshes the caches of every
 * server at once.
 */

/** The longest closure staff may set in one go: beyond it, the posted hours should change instead. */
export const CLOSURE_MAX_MS = 30 * 86_400_000;

/** A closure as the staff answers give it. */
export interface ClosureView {
  id: string;
  from: string;
  to: string;
  reason: string;
  by: string;
}

const view = (c: Closure & { id: string }): ClosureView => ({ id: c.id, from: c.from, to: c.to, reason: c.reason, by: c.by ?? '' });

/** Staff closures that have ended by `nowMs` are dropped when the hours are written (the audit trail keeps them). */
const live = (closures: Closure[], nowMs: number): Closure[] => closures.filter((c) => !c.id || (parseShanghaiDateTime(c.to) ?? 0) > nowMs);

/**
 * Closes station `stationId` from now until `until` (ShanghaiIso) for `reason` (2..60 characters once made plain: src/rules/text.ts plainText),
 * replacing an earlier staff closure still in force; closures posted with the hours stay. @throws ApiError 400
 * VALIDATION_FAILED (details.fields: reason, until), NOT_FOUND (no such station)
 */
export async function closeStation(
  ctx: AppContext,
  changes: StationChanges,
  stationId: string,
  member: StaffMembership,
  body: { reason: string; until: string },
): Promise<{ closure: ClosureView; open: OpenState }> {
  const nowMs = ctx.now();
  const reason = plainText(body.reason);
  const untilMs = parseShanghaiDateTime(body.until);
  const fields: string[] = [];
  const length = [...reason].length;
  if (length < 2 || length > 60) fields.push('reason');
  if (untilMs === null || untilMs <= nowMs || untilMs > nowMs + CLOSURE_MAX_MS) fields.push('until');
  if (fields.length > 0) {
    throw new ApiError('VALIDATION_FAILED', {
      message: fields.includes('reason') ? '请写明暂停开放的原因（2到60个字）。' : '恢复开放的时间要晚于现在，且在30天以内。',
      details: { fields },
    });
  }
  const closure: Closure & { id: string } = {
    id: newId('cl'),
    from: toShanghaiIso(nowMs),
    to: toShanghaiIso(untilMs!),
    reason,
    staffId: member.id,
    by: member.displayName,
  };
  const hours = await changeStationHours(ctx.db, stationId, (h: OpeningHours) => ({
    ...h,
    closures: [...live(h.closures ?? [], nowMs).filter((c) => !c.id), closure],
  }));
  if (!hours) throw new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' });
  await changes.changed(stationId);
  return { closure: view(closure), open: openState(hours, nowMs) };
}

/**
 * Ends staff closure `closureId` of station `stationId` now. @throws ApiError 404 NOT_FOUND when no such closure is
 * in force at this station
 */
export async function reopenStation(
  ctx: AppContext,
  changes: StationChanges,
  stationId: string,
  closureId: string,
): Promise<{ open: OpenState; closure: ClosureView }> {
  const nowMs = ctx.now();
  let ended: ClosureView | null = null;
  const hours = await changeStationHours(ctx.db, stationId, (h: OpeningHours) => {
    const kept = live(h.closures ?? [], nowMs).filter((c) => {
      const from = parseShanghaiDateTime(c.from) ?? Infinity;
      if (c.id !== closureId || from > nowMs) return true;
      ended = view(c as Closure & { id: string });
      return false;
    });
    return { ...h, closures: kept };
  });
  if (!hours || !ended) throw new ApiError('NOT_FOUND', { message: '这个驿站现在没有这条暂停开放，可能已经恢复开放了，请刷新后再看。' });
  await changes.changed(stationId);
  return { open: openState(hours, nowMs), closure: ended };
}
