import Taro from '@tarojs/taro';
/**
 * Warm starts onto the door page. WeChat may bring the app back from the background with a new launch query
 * for the door page that is still open (a second QR scanned within minutes); the page's own router params
 * then still hold the old code. app.ts hands every App onShow here; the door page takes the arrival on its
 * next show. Kept apart from the unlock store so the app's start-up code stays this small.
 */

/** The page path WeChat reports for the door page (no leading slash), see app.config.ts. */
export const UNLOCK_PAGE_PATH = 'packages/unlock/pages/index/index';

/**
 * WeChat scene values of a fresh scan (https://developers.weixin.qq.com/miniprogram/dev/reference/scene-list.html):
 * 1011 QR scanned, 1012 QR long-pressed in a picture, 1013 QR from the album, 1047 mini-program code scanned,
 * 1048 long-pressed, 1049 from the album. Other warm starts (recent list, chat pull-down) only resume.
 */
const SCAN_SCENES = new Set([1011, 1012, 1013, 1047, 1048, 1049]);

/** The launch query of a door-page arrival: WeChat's `q` / `scene`, or our own `code`. */
export interface LaunchQuery {
  q?: string;
  scene?: string;
  code?: string;
}

export interface DoorArrival {
  query: LaunchQuery;
  /** A new scan (scene 1011...), as opposed to a resume that repeats the old query. */
  freshScan: boolean;
}

let pending: DoorArrival | null = null;

/** Records WeChat's App onShow options when they open the door page with a code; ignores everything else. */
export function noteAppShow(options: { path?: string; query?: Record<string, string | undefined>; scene?: number }): void {
  const { path, query, scene } = options;
  if ((path ?? '').replace(/^\//, '') !== UNLOCK_PAGE_PATH || !query) return;
  const { q, scene: sceneParam, code } = query;
  if (!q && !sceneParam && !code) return;
  pending = { query: { q, scene: sceneParam, code }, freshScan: scene !== undefined && SCAN_SCENES.has(scene) };
}

/** The newest arrival not yet taken, cleared; null when there is none. */
export function takeArrival(): DoorArrival | null {
  const a = pending;
  pending = null;
  return a;
}

/**
 * Whether this app start came from a fresh scan (weapp: the launch scene, see SCAN_SCENES). A browser cannot
 * tell a scan from a reload, so there it is false and a just-used code waits for a tap.
 */
export function launchWasScan(): boolean {
  if (process.env.TARO_ENV !== 'weapp') return false;
  try {
    return SCAN_SCENES.has(Taro.getLaunchOptionsSync().scene);
  } catch {
    return false;
  }
}
