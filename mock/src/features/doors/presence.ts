import { ApiError } from '../../core/http/errors';
import { openState, type OpeningHours } from '@/rules/hours';

/**
 * Presence before a printed code opens a door (issue 14). A printed code is a sticker anyone can photograph, so at a
 * station nobody watches it proves nothing about where the worker is: it opens only with a location fix within the
 * distance rule (location.ts). The other proofs are their own routes to the door: the screen's rotating code (unlock
 * of a `rotating` code, only at a door with a screen) and the worker's pass at the door's reader (pass reads, only
 * at a door with a reader). A station with a keeper there while it is open (stations.attended) keeps the lighter
 * rule during its opening hours: a printed code without a location still opens, the keeper seeing who comes in.
 */

/**
 * Every way into a door, as the app offers them after a refusal: allow the location once (`location`), show the
 * pass at the door's reader (`pass_reader`), scan the door's screen (`screen_code`), call the station's duty phone
 * (`duty_phone`), and the keeper, reached through that phone, opens remotely, audited (`keeper_remote`).
 */
export type WayIn = 'location' | 'pass_reader' | 'screen_code' | 'duty_phone' | 'keeper_remote';

/** The hardware of a door (doors.has_screen, doors.has_reader). */
export interface DoorHardware {
  hasScreen: boolean;
  hasReader: boolean;
}

/** The ways into a door with `hw`, in the order the app offers them. */
export function waysIn(hw: DoorHardware): WayIn[] {
  return [
    'location',
    ...(hw.hasReader ? (['pass_reader'] as const) : []),
    ...(hw.hasScreen ? (['screen_code'] as const) : []),
    'duty_phone',
    'keeper_remote',
  ];
}

/**
 * Whether a printed code needs a location at this station at `nowMs`: always, unless the station is attended and
 * open then (its opening hours, closures included, in Shanghai time). `hours` is read only for attended stations.
 */
export async function printedCodeNeedsLocation(
  attended: boolean,
  hours: () => Promise<OpeningHours | null>,
  nowMs: number,
): Promise<boolean> {
  if (!attended) return true;
  const h = await hours();
  return !h || openState(h, nowMs).status !== 'open';
}

/** Why the refusal: no location sent, or one sent by an account without a current consent to precise location. */
export type PresenceMissing = 'LOCATION_MISSING' | 'LOCATION_CONSENT_MISSING';

/**
 * 403 PRESENCE_REQUIRED: one sentence naming the ways this door has; details.reason (PresenceMissing),
 * details.waysIn (waysIn) and details.stationPhone (the duty phone, public on the station page).
 */
export function presenceRequired(hw: DoorHardware, stationPhone: string, missing: PresenceMissing): ApiError {
  const others = [hw.hasReader ? '在门边读码器上出示进门码' : null, hw.hasScreen ? '扫门边屏幕上的码' : null].filter(Boolean);
  const first = missing === 'LOCATION_CONSENT_MISSING' ? '请在小程序里同意开门时用一次位置' : '请允许这次开门用一次位置';
  return new ApiError('PRESENCE_REQUIRED', {
    message: `要先确认您就在驿站门口才能开门，${first}${others.map((o) => `，或${o}`).join('')}，也可以拨打驿站值班电话${stationPhone}。`,
    details: { reason: missing, waysIn: waysIn(hw), stationPhone },
  });
}
