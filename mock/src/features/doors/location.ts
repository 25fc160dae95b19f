import { ApiError } from '../../core/http/errors';
import type { DoorConfig } from '../../core/doorConfig';
import { haversineM, wgs84ToGcj02, type LatLng } from '@/rules/geo';

/**
 * The phone's location at the door: checking what it sent and the distance rule (whether it may be used at all is
 * the account's location consent: ctx.accounts.locationConsented).
 * Shared by POST /doors/unlock and POST /alerts.
 */

/** A location as the phone sends it (the route schema is LOCATION_SCHEMA in routesCommon.ts). */
export interface SentLocation {
  lat: number;
  lng: number;
  coord: 'gcj02' | 'wgs84';
  accuracyM?: number;
}

/** A checked fix in GCJ-02 (the stations' datum); `accuracyM` null when the phone reported none. */
export interface Fix extends LatLng {
  accuracyM: number | null;
}

/** The largest accuracy a fix may report, metres: half the Earth's circumference (π × 6,371 km). */
export const MAX_ACCURACY_M = 20_016_000;

const badLocation = (): ApiError =>
  new ApiError('VALIDATION_FAILED', { message: '位置信息有误，请重新定位后再试。', details: { field: 'location' } });

const finiteIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/**
 * Checks a sent location and converts it to GCJ-02. The route schema already does this; this repeats it because
 * one non-finite number (Infinity from a coerced "Infinity", NaN) makes every distance NaN, and `NaN > limit` is
 * false: the check would pass. Throws 400 VALIDATION_FAILED (details.field 'location').
 */
export function checkedFix(loc: SentLocation): Fix {
  const { lat, lng, coord, accuracyM } = loc as { lat: unknown; lng: unknown; coord: unknown; accuracyM?: unknown };
  if (!finiteIn(lat, -90, 90) || !finiteIn(lng, -180, 180) || (coord !== 'gcj02' && coord !== 'wgs84')) throw badLocation();
  if (accuracyM !== undefined && accuracyM !== null && !finiteIn(accuracyM, 0, MAX_ACCURACY_M)) throw badLocation();
  const here = coord === 'wgs84' ? wgs84ToGcj02({ lat, lng }) : { lat, lng };
  if (!Number.isFinite(here.lat) || !Number.isFinite(here.lng)) throw badLocation();
  return { lat: here.lat, lng: here.lng, accuracyM: typeof accuracyM === 'number' ? accuracyM : null };
}

export interface DistanceVerdict {
  /** Rounded metres from the station. */
  distanceM: number;
  /** maxDistanceM plus the accuracy credit, metres. */
  allowedM: number;
  /** The fix is inside allowedM. */
  near: boolean;
  /** The fix's reported accuracy was worse than the credit it got. */
  accuracyCapped: boolean;
}

/**
 * The distance rule of door codes: near when at most maxDistanceM plus min(accuracyM, maxAccuracyCreditM) from
 * the station. Written as `distanceM <= allowedM` so that anything not a number is never near; a non-finite
 * distance throws 400 VALIDATION_FAILED rather than opening or blaming the worker.
 */
export function distanceVerdict(fix: Fix, station: LatLng, cfg: Pick<DoorConfig, 'maxDistanceM' | 'maxAccuracyCreditM'>): DistanceVerdict {
  const distanceM = Math.round(haversineM(fix, station));
  if (!Number.isFinite(distanceM)) throw badLocation();
  const reported = fix.accuracyM ?? 0;
  const allowedM = cfg.maxDistanceM + Math.min(reported, cfg.maxAccuracyCreditM);
  return { distanceM, allowedM, near: distanceM <= allowedM, accuracyCapped: reported > cfg.maxAccuracyCreditM };
}
