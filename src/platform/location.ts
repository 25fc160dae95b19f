import Taro from '@tarojs/taro';
import { wgs84ToGcj02 } from '../rules/geo';
import { takeEarlyFix } from './earlyStart';

/**
 * Where the worker stands, always in GCJ-02 (the system stations are stored in). weapp asks WeChat for
 * GCJ-02 directly; a browser gives WGS-84, converted here at the edge (unshifted outside mainland China).
 */
export interface Fix {
  lat: number;
  lng: number;
  coord: 'gcj02';
  accuracyM: number | null;
  at: number;
}

/**
 * Every way getting a location fails on the two platforms: refused at the prompt just now, refused before
 * and remembered (no prompt will come), the phone's location switched off (or WeChat not allowed to use it),
 * timeout, a browser without geolocation, a page not served over https.
 */
export type LocationFailureKind =
  'not_consented' | 'denied' | 'denied_before' | 'system_off' | 'timeout' | 'unsupported' | 'insecure' | 'unknown';

export class LocationError extends Error {
  constructor(
    readonly kind: LocationFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'LocationError';
  }
}

const isWeapp = (): boolean => process.env.TARO_ENV === 'weapp';

/** What happened and what to do, per failure; the two platforms differ where the way forward differs. */
const MESSAGES: Record<LocationFailureKind, { weapp: string; h5: string }> = {
  not_consented: {
    weapp: '查找身边1公里内的驿站需要使用您的位置。位置只用于查找驿站和核验开门，不记录行动轨迹。也可以在地图上选点或选择所在区域。',
    h5: '查找身边1公里内的驿站需要使用您的位置。位置只用于查找驿站和核验开门，不记录行动轨迹。也可以手动选择所在区域。',
  },
  denied: {
    weapp: '您刚才没有允许获取位置。请点“去设置”打开“位置信息”，或在地图上选点、选择所在区域。',
    h5: '您刚才没有允许获取位置。请点“重新定位”后选择“允许”，或手动选择所在区域。',
  },
  denied_before: {
    weapp: '您之前拒绝了位置权限，微信不会再询问。请点“去设置”打开“位置信息”，或在地图上选点、选择所在区域。',
    h5: '您之前在浏览器里拒绝了位置权限。请点地址栏旁的锁形图标，把“位置”改为允许后重新定位；或手动选择所在区域。',
  },
  system_off: {
    weapp: '手机的定位服务没有打开，或没有允许微信使用定位。请在手机设置中打开后重新定位，或在地图上选点、选择所在区域。',
    h5: '手机的定位服务没有打开，或没有允许浏览器使用定位。请在手机设置中打开后重新定位，或手动选择所在区域。',
  },
  timeout: {
    weapp: '定位超时了，可能是信号不好。请到开阔处重新定位，或在地图上选点、选择所在区域。',
    h5: '定位超时了，可能是信号不好。请到开阔处重新定位，或手动选择所在区域。',
  },
  unsupported: {
    weapp: '当前微信版本无法定位，请更新微信，或在地图上选点、选择所在区域。',
    h5: '这个浏览器不支持定位。请在微信里打开“驿站通”，或手动选择所在区域。',
  },
  insecure: {
    weapp: '当前环境无法定位，请选择所在区域。',
    h5: '这个网页不是安全连接（https），浏览器不允许定位。请在微信里打开“驿站通”，或手动选择所在区域。',
  },
  unknown: {
    weapp: '暂时无法获取位置，请重新定位，或在地图上选点、选择所在区域。',
    h5: '暂时无法获取位置，请重新定位，或手动选择所在区域。',
  },
};

/** The message for a failure on the running platform. */
export const locationMessage = (kind: LocationFailureKind): string => MESSAGES[kind][isWeapp() ? 'weapp' : 'h5'];

const fail = (kind: LocationFailureKind) => new LocationError(kind, locationMessage(kind));

/**
 * Maps a platform error to a failure kind. weapp errMsg values: "getLocation:fail auth deny" / "auth denied" /
 * "authorize no response" (refused at the prompt; whether it was remembered from before is told by getSetting,
 * see getFix), "getLocation:fail system permission denied" (WeChat lacks the phone's permission),
 * "getLocation:fail:ERROR_NOCELL&WIFI_LOCATIONSWITCHOFF" / "ERROR_NOLOCATION" / "ERROR_SERVER_NOT_LOCATION"
 * (location switched off), "getLocation:fail timeout". Browser GeolocationPositionError codes (W3C): 1
 * PERMISSION_DENIED (Chrome says "Only secure origins are allowed" on http), 2 POSITION_UNAVAILABLE, 3 TIMEOUT.
 */
export function classifyLocationError(err: unknown): LocationFailureKind {
  const e = err as { code?: number; errMsg?: string; message?: string } | null;
  const msg = String(e?.errMsg ?? e?.message ?? '');
  if (/secure origin|secure context/i.test(msg)) return 'insecure';
  if (
    /system permission denied|LOCATIONSWITCHOFF|ERROR_NOLOCATION|ERROR_NETWORK|ERROR_SERVER_NOT_LOCATION|location ?service|locationSwitch/i.test(
      msg,
    )
  )
    return 'system_off';
  if (/auth den|authorize no response|permission denied|privacy/i.test(msg)) return 'denied';
  if (/timeout|timed out/i.test(msg)) return 'timeout';
  if (typeof e?.code === 'number') {
    if (e.code === 1) return 'denied';
    if (e.code === 2) return 'system_off';
    if (e.code === 3) return 'timeout';
  }
  return 'unknown';
}

const TIMEOUT_MS = 10_000;

/** True when the browser already holds a refusal for this site (Permissions API; absent on old Safari). */
async function browserRefusedBefore(): Promise<boolean> {
  try {
    const status = await navigator.permissions?.query({ name: 'geolocation' });
    return status?.state === 'denied';
  } catch {
    return false;
  }
}

async function browserFix(fresh: boolean): Promise<Fix> {
  if (typeof window !== 'undefined' && window.isSecureContext === false) throw fail('insecure');
  const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
  if (!geo) throw fail('unsupported');
  if (await browserRefusedBefore()) throw fail('denied_before');
  if (!fresh) {
    // A fix index.html asked for while the code downloaded (platform/earlyStart.ts), with the same options.
    const early = await takeEarlyFix();
    if (early && 'code' in early) throw fail(classifyLocationError(early));
    if (early) return early;
  }
  return new Promise((resolve, reject) => {
    geo.getCurrentPosition(
      (pos) => {
        const p = wgs84ToGcj02({ lat: pos.coords.latitude, lng: pos.coords.longitude });
        resolve({ ...p, coord: 'gcj02', accuracyM: pos.coords.accuracy ?? null, at: Date.now() });
      },
      (err) => reject(fail(classifyLocationError(err))),
      // A fix up to 30 s old saves a cold wait; `fresh` is for a worker told the last one was far off.
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: fresh ? 0 : 30_000 },
    );
  });
}

async function weappFix(): Promise<Fix> {
  // After one refusal WeChat remembers it and fails at once with the same errMsg as a fresh refusal; only the
  // setting tells the two apart, and only a remembered refusal needs the settings page.
  const setting = await Taro.getSetting().catch(() => null);
  if (setting?.authSetting?.['scope.userLocation'] === false) throw fail('denied_before');
  try {
    const r = await Taro.getLocation({ type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 4000 });
    return { lat: r.latitude, lng: r.longitude, coord: 'gcj02', accuracyM: r.accuracy ?? null, at: Date.now() };
  } catch (err) {
    throw fail(classifyLocationError(err));
  }
}

/**
 * The app's own limit on waiting for a fix. The browser's `timeout` only starts once permission is given, so
 * an unanswered permission prompt (or a WebView that never calls back) would otherwise wait for ever.
 */
export const FIX_TIMEOUT_MS = 15_000;

/**
 * The current position in GCJ-02. `fresh`: a new measurement, never one the browser kept (h5 otherwise accepts
 * one up to 30 s old; WeChat's getLocation measures anew). Rejects with LocationError ('timeout' after
 * FIX_TIMEOUT_MS).
 */
export function getFix(options: { fresh?: boolean } = {}): Promise<Fix> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(fail('timeout')), FIX_TIMEOUT_MS);
  });
  // TARO_ENV spelled out (not isWeapp()) so the build drops the other platform's branch: weapp then carries
  // neither the browser's WGS-84 conversion nor the mainland outline it needs.
  const fix = process.env.TARO_ENV === 'weapp' ? weappFix() : browserFix(options.fresh === true);
  return Promise.race([fix, giveUp]).finally(() => clearTimeout(timer));
}

/**
 * Opens WeChat's settings page for this mini-program (weapp). Resolves true when the worker switched location
 * on there, so the caller can locate again at once.
 */
export async function openLocationSettings(): Promise<boolean> {
  try {
    const r = await Taro.openSetting();
    return r.authSetting?.['scope.userLocation'] === true;
  } catch {
    return false;
  }
}

/** A point the worker picked on WeChat's map (GCJ-02), or null when they closed it. weapp only. */
export async function pickOnMap(): Promise<{ name: string; lat: number; lng: number } | null> {
  try {
    const r = await Taro.chooseLocation({});
    return { name: r.name || r.address || '地图上选的位置', lat: r.latitude, lng: r.longitude };
  } catch {
    return null;
  }
}
