import { ApiError } from '../../core/http/errors';
import { openState, type OpeningHours } from '@/rules/hours';
import { toShanghaiIso, zhMonthDayTime } from '@/rules/time';

/**
 * A station closed for a while (暂停开放: a closure in its opening hours, set by its keeper or the union) opens no
 * door for a worker: the room may be under repair, without heating or water. The worker is told why, and where to
 * turn (the duty phone). Staff may still open a door remotely (remoteOpen.ts): that is their own judgement.
 */

/**
 * The refusal for a station whose hours (`hoursText`, JSON as stored) hold a closure in force at `nowMs`, or null.
 * Hours without closures are not parsed: the unlock path stays free of JSON work.
 */
export function suspendedRefusal(hoursText: string, nowMs: number, stationPhone: string): ApiError | null {
  if (!hoursText.includes('"closures"')) return null;
  const state = openState(JSON.parse(hoursText) as OpeningHours, nowMs);
  if (state.status !== 'suspended') return null;
  const reason = state.detail ?? '';
  const until = state.opensAt !== undefined ? `，预计${zhMonthDayTime(state.opensAt)}恢复开放` : '';
  return new ApiError('STATION_SUSPENDED', {
    message: `驿站暂停开放（${reason}）${until}，现在不能开门。请到附近其他驿站休息，有急事请拨打驿站值班电话${stationPhone}。`,
    details: { reason, until: state.opensAt !== undefined ? toShanghaiIso(state.opensAt) : null, stationPhone },
  });
}
