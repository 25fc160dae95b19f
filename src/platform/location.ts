import Taro from '@tarojs/taro';
import { wgs84ToGcj02 } from '../rules/geo';

/**
 * Where the worker stands, always in GCJ-02 (the system stations are stored in). weapp asks WeChat for
 * GCJ-02 directly; a browser gives WGS-84, converted here at the edge.
 */
export interface Fix {
  lat: number;
  lng: number;
  coord: 'gcj02';
  accuracyM: number | null;
  at: number;
}

/** Every way getting a location fails on the two platforms, each with its own message and way forward. */
export type LocationFailureKind = 'denied' | 'denied_before' | 'system_off' | 'timeout' | 'unsupported' | 'insecure' | 'unknown';

export class LocationError extends Error {
  constructor(readonly kind: LocationFailureKind, message: string) {
    super(message);
    this.name = 'LocationError';
  }
}

export const LOCATION_MESSAGES: Record<LocationFailureKind, string> = {
  denied: '您没有允许获取位置。允许后才能找到身边的驿站，也可以手动选择所在区域。',
  denied_before: '您之前拒绝了位置权限，请在设置中打开"位置信息"，或手动选择所在区域。',
  system_off: '手机的定位服务没有打开，请在手机设置中打开定位（GPS）后重试。',
  timeout: '定位超时了，可能信号不好，请到开阔处重试，或手动选择所在区域。',
  unsupported: '这个浏览器不支持定位，请手动选择所在区域，或在微信中打开。',
  insecure: '当前网页不是安全连接（https），浏览器不允许定位，请手动选择所在区域。',
  unknown: '暂时无法获取位置，请重试，或手动选择所在区域。',
};

const fail = (kind: LocationFailureKind) => new LocationError(kind, LOCATION_MESSAGES[kind]);

/**
 * Maps a platform error to a failure kind. weapp errMsg values: "getLocation:fail auth deny" (refused
 * now), "getLocation:fail authorize no response" / "auth denied" (refused before, remembered),
 * "getLocation:fail system permission denied" / "...:fail:ERROR_NOLOCATION" / "...:fail:ERROR_SERVER_NOT_LOCATION"
 * (system switch off), "...:fail timeout". Browser GeolocationPositionError codes: 1 denied, 2 unavailable, 3 timeout.
 */
export function classifyLocationError(err: unknown): LocationFailureKind {
  const e = err as { code?: number; errMsg?: string; message?: string } | null;
  const msg = String(e?.errMsg ?? e?.message ?? '');
  if (/system permission denied|ERROR_NOLOCATION|ERROR_NETWORK|ERROR_SERVER_NOT_LOCATION|location service|locationSwitch/i.test(msg)) return 'system_off';
  if (/auth denied|authorize no response|privacy/i.test(msg)) return 'denied_before';
  if (/auth deny|permission denied|denied/i.test(msg)) return 'denied';
  if (/timeout/i.test(msg)) return 'timeout';
  if (typeof e?.code === 'number') {
    if (e.code === 1) return /secure origin|secure context/i.test(msg) ? 'insecure' : 'denied';
    if (e.code === 2) return 'system_off';
    if (e.code === 3) return 'timeout';
  }
  return 'unknown';
}

const TIMEOUT_MS = 10_000;

function browserFix(): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (typeof window !== 'undefined' && window.isSecureContext === false) return reject(fail('insecure'));
    const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
    if (!geo) return reject(fail('unsupported'));
    geo.getCurrentPosition(
      (pos) => {
        const p = wgs84ToGcj02({ lat: pos.coords.latitude, lng: pos.coords.longitude });
        resolve({ ...p, coord: 'gcj02', accuracyM: pos.coords.accuracy ?? null, at: Date.now() });
      },
      (err) => reject(fail(classifyLocationError(err))),
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: 30_000 },
    );
  });
}

/** The current position in GCJ-02. Rejects with LocationError. */
export async function getFix(): Promise<Fix> {
  if (process.env.TARO_ENV !== 'weapp') return browserFix();
  try {
    const r = await Taro.getLocation({ type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 4000 });
    return { lat: r.latitude, lng: r.longitude, coord: 'gcj02', accuracyM: r.accuracy ?? null, at: Date.now() };
  } catch (err) {
    throw fail(classifyLocationError(err));
  }
}
