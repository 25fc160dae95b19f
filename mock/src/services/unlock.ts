import type { AppContext } from '../context';
import { ApiError } from '../http/errors';
import { doorSite, type DoorSite } from '../repos/doors';
import { recordEntry, type EntryAttempt } from '../repos/entries';
import { checkRotating, verifyPrintedMac } from './doorCodes';
import { GRANT_TTL_MS } from './grants';
import { parseDoorCode } from '../../../src/rules/doorCode';
import { haversineM, wgs84ToGcj02, type LatLng } from '../../../src/rules/geo';

export { GRANT_TTL_MS };

export interface UnlockLocation {
  lat: number;
  lng: number;
  coord: 'gcj02' | 'wgs84';
  accuracyM?: number;
}

export interface UnlockResult {
  grant: { id: string; doorId: string; stationId: string; expiresAt: number };
  station: DoorSite['station'];
  door: DoorSite['door'];
  entry: { id: string; at: number; locationPresent: boolean; distanceM: number | null };
}

/** A refusal that happens before the door is known: nothing to log in the entry table. */
const invalid = (reason: string, message?: string): ApiError =>
  new ApiError('DOOR_CODE_INVALID', { ...(message ? { message } : {}), details: { reason } });

/**
 * Checks a scanned door code (printed or rotating) and, for a registered worker, logs the entry and grants the
 * door for GRANT_TTL_MS. Refusals at a known door are logged too, with the reason.
 *
 * Location: for a printed code, a fix farther than config.door.maxDistanceM plus its reported accuracy from
 * the station is refused (a photo of the code sent across town must not open the door); no fix at all is let
 * in and logged as "no location". A rotating code needs no fix: it changes every 30 s on a screen inside the
 * door, so holding a current one already shows the worker is there.
 *
 * Throws ApiError: 422 DOOR_CODE_INVALID (details.reason: the parse failure, DOOR_CODE_KIND, DOOR_UNKNOWN,
 * DOOR_CODE_FORGED, DOOR_CODE_FUTURE), 410 DOOR_CODE_EXPIRED, 403 NOT_REGISTERED, 403 TOO_FAR
 * (details.distanceM, details.allowedM).
 */
export async function unlock(
  ctx: AppContext,
  workerId: string | null,
  code: string,
  location: UnlockLocation | undefined,
): Promise<UnlockResult> {
  const parsed = parseDoorCode(code);
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
    workerId,
    doorId: door.id,
    stationId: station.id,
    outcome: 'refused',
    reason: null,
    codeKind: p.kind,
    locationPresent: location !== undefined,
    distanceM: null,
    nowMs,
  };
  const refuse = async (reason: string, err: ApiError): Promise<never> => {
    recordEntry(ctx.sqlite, { ...attempt, reason }, GRANT_TTL_MS);
    throw err;
  };
  const foreignHost = p.host !== undefined && p.host !== ctx.config.doorHost;
  if (p.kind === 'printed') {
    if (foreignHost || !verifyPrintedMac(ctx.keys, door.id, p.keyId, p.mac)) {
      return refuse('DOOR_CODE_FORGED', invalid('DOOR_CODE_FORGED'));
    }
  } else {
    const check = foreignHost ? 'forged' : checkRotating(ctx.keys, door.id, p.step, p.mac, nowMs);
    if (check === 'forged') return refuse('DOOR_CODE_FORGED', invalid('DOOR_CODE_FORGED'));
    if (check === 'expired') return refuse('DOOR_CODE_EXPIRED', new ApiError('DOOR_CODE_EXPIRED'));
    // Only the server signs steps, so a future one means its clock stepped back: refuse, never guess.
    if (check === 'future') return refuse('DOOR_CODE_FUTURE', invalid('DOOR_CODE_FUTURE'));
  }
  if (!workerId) return refuse('NOT_REGISTERED', new ApiError('NOT_REGISTERED', { status: 403 }));
  if (location) {
    const here: LatLng = location.coord === 'wgs84' ? wgs84ToGcj02(location) : location;
    attempt.distanceM = Math.round(haversineM(here, station));
    const allowedM = ctx.config.door.maxDistanceM + Math.max(0, location.accuracyM ?? 0);
    if (p.kind === 'printed' && attempt.distanceM > allowedM) {
      return refuse(
        'TOO_FAR',
        new ApiError('TOO_FAR', {
          message: `您离驿站约${attempt.distanceM}米，请走到驿站门口再扫码开门。`,
          details: { distanceM: attempt.distanceM, allowedM },
        }),
      );
    }
  }
  const { entryId, grant } = recordEntry(ctx.sqlite, { ...attempt, outcome: 'granted' }, GRANT_TTL_MS);
  return {
    grant: { id: grant!.id, doorId: door.id, stationId: station.id, expiresAt: grant!.expiresAt },
    station,
    door,
    entry: { id: entryId, at: nowMs, locationPresent: attempt.locationPresent, distanceM: attempt.distanceM },
  };
}
