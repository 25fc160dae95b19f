import type { AppContext, SessionAccount } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { doorSite, recordEntry, type DoorSite, type EntryAttempt } from './repo';
import type { OpeningHours } from '@/rules/hours';
import { checkDoorCode, parseSubmittedCode } from './doorCodes';
import { checkedFix, distanceVerdict, type Fix, type SentLocation } from './location';
import { GRANT_TTL_MS } from './grants';
import { suspendedRefusal } from './suspended';
import { presenceRequired, printedCodeNeedsLocation, waysIn } from './presence';

export { GRANT_TTL_MS };

/** A location as the phone sends it with an unlock. */
export type UnlockLocation = SentLocation;

export interface UnlockResult {
  grant: { id: string; doorId: string; stationId: string; expiresAt: number };
  station: DoorSite['station'];
  door: DoorSite['door'];
  entry: { id: string; at: number; locationPresent: boolean; distanceM: number | null };
}

/** A refusal that happens before the door is known: nothing to log in the entry table. */
/** DOOR_CODE_INVALID for a known door whose code does not check out. */
export const FORGED_MESSAGE = '这个编号对不上。手动输入时请注意大小写（如 P 和 p 不同），或直接扫码；仍打不开请拨打驿站值班电话。';

const invalid = (reason: string, message?: string): ApiError =>
  new ApiError('DOOR_CODE_INVALID', { ...(message ? { message } : {}), details: { reason } });

/**
 * Checks a scanned door code (printed or rotating) and, for a registered worker, logs the entry and grants the
 * door for GRANT_TTL_MS. Refusals at a known door are logged too, with the reason. The code may arrive
 * URL-encoded (parseSubmittedCode).
 *
 * Location, the same rule for printed and rotating codes: a fix farther from the station than
 * config.door.maxDistanceM plus its reported accuracy (credited up to maxAccuracyCreditM) is refused, so a photo
 * of a printed code, or of a screen relayed within its 60 s window, does not open the door from across town. A
 * crew scanning one screen together all pass. A fix from an account without a current consent to precise location
 * is ignored, never stored.
 *
 * Presence (presence.ts, issue 14): a screen code proves the worker saw the door's screen, so without a fix it
 * still opens (only at a door that has a screen). A printed code proves nothing about where the worker is: without
 * a usable fix it is refused, 403 PRESENCE_REQUIRED naming every way into this door, unless the station is attended
 * and open (the lighter rule: let in as "no location").
 *
 * Throws ApiError: 400 VALIDATION_FAILED (a non-finite or out-of-range location, details.field 'location'),
 * 422 DOOR_CODE_INVALID (details.reason: the parse failure, DOOR_CODE_KIND, DOOR_UNKNOWN, DOOR_CODE_FORGED with
 * details.stationPhone, DOOR_CODE_FUTURE), 410 DOOR_CODE_EXPIRED, 409 DOOR_LACKS_SCREEN (a screen code for a door
 * without a screen), 403 STATION_SUSPENDED (暂停开放, the message names the reason), 403 NOT_REGISTERED, 403 TOO_FAR
 * (details.distanceM, details.allowedM, details.stationPhone, details.waysIn), 403 PRESENCE_REQUIRED
 * (details.reason, details.waysIn, details.stationPhone).
 */
export async function unlock(
  ctx: AppContext,
  account: SessionAccount,
  code: string,
  location: UnlockLocation | undefined,
): Promise<UnlockResult> {
  // Bad input is refused before anything is looked up or logged.
  const sentFix: Fix | null = location ? checkedFix(location) : null;
  const parsed = parseSubmittedCode(code);
  if (!parsed.ok) throw invalid(parsed.code, parsed.message);
  const p = parsed.value;
  if (p.kind === 'pass') {
    throw invalid('DOOR_CODE_KIND', '这是个人通行码，要给门边的读码器扫。开门请扫描门上或屏幕上的驿站码。');
  }
  const site = await doorSite(ctx.db, p.doorId);
  if (!site) throw invalid('DOOR_UNKNOWN');
  const { door, station } = site;
  const nowMs = ctx.now();
  const attempt: EntryAttempt = {
    workerId: account.workerId,
    doorId: door.id,
    stationId: station.id,
    outcome: 'refused',
    reason: null,
    codeKind: p.kind,
    locationPresent: false,
    distanceM: null,
    nowMs,
  };
  const refuse = async (reason: string, err: ApiError): Promise<never> => {
    await recordEntry(ctx.db, { ...attempt, reason }, GRANT_TTL_MS);
    throw err;
  };
  const check = checkDoorCode(ctx.keys, ctx.config.doorHost, p, nowMs, door.codeKeyGen);
  if (check === 'forged') {
    // Mostly a code typed by hand with a letter in the wrong case (the keyboard capitalises, or all lower case):
    // say so, and give the station's duty phone (public on its page), since the door is known.
    const err = new ApiError('DOOR_CODE_INVALID', {
      message: FORGED_MESSAGE,
      details: { reason: 'DOOR_CODE_FORGED', stationPhone: station.phone },
    });
    return refuse('DOOR_CODE_FORGED', err);
  }
  if (check === 'expired') return refuse('DOOR_CODE_EXPIRED', new ApiError('DOOR_CODE_EXPIRED'));
  // Only the server signs steps, so a future one means its clock stepped back: refuse, never guess.
  if (check === 'future') return refuse('DOOR_CODE_FUTURE', invalid('DOOR_CODE_FUTURE'));
  // A station closed for a while opens for nobody: said before anything about the worker.
  const suspended = suspendedRefusal(site.hours, nowMs, station.phone);
  if (suspended) return refuse('STATION_SUSPENDED', suspended);
  if (!account.workerId) return refuse('NOT_REGISTERED', new ApiError('NOT_REGISTERED', { status: 403 }));
  if (p.kind === 'rotating' && !door.hasScreen) {
    // Only a device with this door's key gets screen codes, and it is refused at a door without a screen
    // (devices.ts); a code that still turns up was not shown at this door.
    return refuse(
      'DOOR_LACKS_SCREEN',
      new ApiError('DOOR_LACKS_SCREEN', { message: '这扇门没有屏幕，这个屏幕码开不了这扇门，请扫描门上贴的驿站码。' }),
    );
  }
  const consented = sentFix ? await ctx.accounts.locationConsented(account.id) : false;
  const fix = consented ? sentFix : null;
  if (!fix && p.kind === 'printed') {
    const needed = await printedCodeNeedsLocation(station.attended, async () => JSON.parse(site.hours) as OpeningHours, nowMs);
    if (needed) {
      const missing = sentFix ? 'LOCATION_CONSENT_MISSING' : 'LOCATION_MISSING';
      return refuse('PRESENCE_REQUIRED', presenceRequired(door, station.phone, missing));
    }
  }
  if (fix) {
    const v = distanceVerdict(fix, station, ctx.config.door);
    attempt.locationPresent = true;
    attempt.distanceM = v.distanceM;
    if (!v.near) {
      const hint = v.accuracyCapped ? '手机定位误差较大，请到开阔处等定位准确后再扫码开门。' : '请走到驿站门口再扫码开门。';
      return refuse(
        'TOO_FAR',
        new ApiError('TOO_FAR', {
          message: `您离驿站约${v.distanceM}米，${hint}`,
          // The duty phone (public on the station page) is a way forward for a worker who is at the door.
          details: { distanceM: v.distanceM, allowedM: v.allowedM, stationPhone: station.phone, waysIn: waysIn(door) },
        }),
      );
    }
  }
  const { entryId, grant } = await recordEntry(ctx.db, { ...attempt, outcome: 'granted' }, GRANT_TTL_MS);
  return {
    grant: { id: grant!.id, doorId: door.id, stationId: station.id, expiresAt: grant!.expiresAt },
    station,
    door,
    entry: { id: entryId, at: nowMs, locationPresent: attempt.locationPresent, distanceM: attempt.distanceM },
  };
}
