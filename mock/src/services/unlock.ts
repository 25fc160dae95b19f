import type { AppContext } from '../context';
import { ApiError } from '../http/errors';
import { doorById, stationById, type Door, type Station } from '../repos/stations';
import { recordEntry } from '../repos/entries';
import { verifyPrintedMac } from './doorCodes';
import { parseDoorCode } from '../../../src/rules/doorCode';
import { haversineM, wgs84ToGcj02, type LatLng } from '../../../src/rules/geo';

/** A grant lets the door open for this long; the controller must fetch it in time. */
export const GRANT_TTL_MS = 10_000;
/** Default farthest distance (m) from the station, plus the fix's reported accuracy, for a printed code. */
export const DEFAULT_MAX_DISTANCE_M = 300;

export interface UnlockLocation {
  lat: number;
  lng: number;
  coord: 'gcj02' | 'wgs84';
  accuracyM?: number;
}

export interface UnlockResult {
  grant: { id: string; doorId: string; stationId: string; expiresAt: number };
  station: Station;
  door: Door;
  entry: { id: string; at: number; locationPresent: boolean; distanceM: number | null };
}

/**
 * Checks a door code and, for a registered worker near the door, logs the entry and grants the door.
 * Throws ApiError: 422 DOOR_CODE_INVALID (unknown, forged or foreign code; details.reason says which),
 * 403 NOT_REGISTERED, 403 TOO_FAR (details.distanceM). Refusals at a known door are logged too.
 */
export async function unlock(
  ctx: AppContext,
  workerId: string | null,
  code: string,
  location: UnlockLocation | undefined,
): Promise<UnlockResult> {
  const parsed = parseDoorCode(code);
  if (!parsed.ok) throw new ApiError('DOOR_CODE_INVALID', { message: parsed.message, details: { reason: parsed.code } });
  const p = parsed.value;
  if (p.kind !== 'printed' || !p.doorId || !p.keyId) {
    throw new ApiError('DOOR_CODE_INVALID', { details: { reason: 'DOOR_CODE_KIND' } });
  }
  const door = await doorById(ctx.db, p.doorId);
  const station = door ? await stationById(ctx.db, door.stationId) : null;
  if (!door || !station) throw new ApiError('DOOR_CODE_INVALID', { details: { reason: 'DOOR_UNKNOWN' } });
  const nowMs = ctx.now();
  const attempt = {
    workerId,
    doorId: door.id,
    stationId: station.id,
    codeKind: p.kind,
    locationPresent: location !== undefined,
    distanceM: null as number | null,
    nowMs,
  };
  const refuse = async (reason: string, err: ApiError): Promise<never> => {
    await recordEntry(ctx.db, { ...attempt, outcome: 'refused', reason }, GRANT_TTL_MS);
    throw err;
  };
  if ((p.host && p.host !== ctx.config.doorHost) || !verifyPrintedMac(ctx.keys, door.id, p.keyId, p.mac)) {
    return refuse('DOOR_CODE_FORGED', new ApiError('DOOR_CODE_INVALID', { details: { reason: 'DOOR_CODE_FORGED' } }));
  }
  if (!workerId) return refuse('NOT_REGISTERED', new ApiError('NOT_REGISTERED', { status: 403 }));
  if (location) {
    const here: LatLng = location.coord === 'wgs84' ? wgs84ToGcj02(location) : location;
    attempt.distanceM = Math.round(haversineM(here, station));
    const allowedM = DEFAULT_MAX_DISTANCE_M + Math.max(0, location.accuracyM ?? 0);
    if (attempt.distanceM > allowedM) {
      return refuse(
        'TOO_FAR',
        new ApiError('TOO_FAR', {
          message: `您离驿站约${attempt.distanceM}米，请走到门口再扫码`,
          details: { distanceM: attempt.distanceM, allowedM },
        }),
      );
    }
  }
  const { entryId, grant } = await recordEntry(ctx.db, { ...attempt, outcome: 'granted', reason: null }, GRANT_TTL_MS);
  return {
    grant: { id: grant!.id, doorId: door.id, stationId: station.id, expiresAt: grant!.expiresAt },
    station,
    door,
    entry: { id: entryId, at: nowMs, locationPresent: attempt.locationPresent, distanceM: attempt.distanceM },
  };
}
