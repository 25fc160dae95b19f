/**
 * `npm run door:sim -- <doorId> [--held-open] [--silent-after <s>]`: a simulated door controller. It long-polls the
 * server for the door's grants with the door's device key, "opens" (prints a line) for each new grant while it is
 * still valid, and acknowledges it, exactly as the small program on a real controller would. Each poll is the
 * controller's heartbeat; `--held-open` reports the door contact as open (a door held open), and `--silent-after`
 * stops polling after that many seconds, as a controller that lost power or network would (the station's keepers
 * are then told "显示营业，但门禁离线" once DOOR_OFFLINE_S passes).
 *
 * Environment: DOOR_API (default http://127.0.0.1:{PORT or 3000}/api/v1), DOOR_DEVICE_KEY (default: derived
 * from the server's master key in DATA_DIR / YIZHAN_MASTER_KEY, like `npm run door:keys`).
 */
import { openDoorScript } from './door-common';
import { toShanghaiIso } from '@/rules/time';

export interface PolledGrant {
  id: string;
  entryId: string;
  expiresAt: string;
  /** Milliseconds left by the server's clock: the controller never trusts its own. */
  expiresInMs: number;
}

export interface ControllerOptions {
  api: string;
  doorId: string;
  deviceKey: string;
  /** Long-poll length, seconds (the server allows at most 25). */
  waitS?: number;
  signal: AbortSignal;
  /** Drives the lock; called once per grant, before the acknowledgement. */
  onOpen: (grant: PolledGrant) => void;
  /** Called with the acknowledgement's HTTP status (200 recorded, 410 too late). */
  onAck?: (grant: PolledGrant, status: number) => void;
  /** Network or server trouble; the loop waits RETRY_MS and carries on. */
  onError?: (err: unknown) => void;
  /** The door contact's state to report with each poll (a controller with a contact fitted). */
  contact?: () => 'open' | 'closed' | undefined;
}

/** The server refused the device key: retrying cannot help, so the loop ends. */
export class DeviceKeyRejected extends Error {}

/** Pause after a failed poll, so a controller cut off from the network does not spin. */
export const RETRY_MS = 2_000;

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * Runs the controller loop until `signal` aborts. A grant is opened at most once even though the server hands
 * it out until acknowledged (at-least-once delivery). A wrong device key (401) ends the loop with an error,
 * since retrying cannot fix it.
 */
export async function runController(o: ControllerOptions): Promise<void> {
  const headers = { 'x-device-key': o.deviceKey };
  const opened = new Map<string, number>();
  while (!o.signal.aborted) {
    try {
      const contact = o.contact?.();
      const res = await fetch(`${o.api}/doors/${o.doorId}/grants?waitS=${o.waitS ?? 20}${contact ? `&contact=${contact}` : ''}`, {
        headers,
        signal: o.signal,
      });
      if (res.status === 401) throw new DeviceKeyRejected('设备密钥不对（401 DEVICE_KEY_INVALID），请用 npm run door:keys 核对。');
      if (!res.ok) throw new Error(`取授权失败：HTTP ${res.status}`);
      const { grants } = (await res.json()) as { grants: PolledGrant[] };
      const now = Date.now();
      for (const [id, until] of opened) if (until < now) opened.delete(id);
      for (const g of grants) {
        if (opened.has(g.id) || g.expiresInMs <= 0) continue;
        opened.set(g.id, now + g.expiresInMs + 60_000);
        o.onOpen(g);
        const ack = await fetch(`${o.api}/grants/${g.id}/ack`, { method: 'POST', headers, signal: o.signal });
        o.onAck?.(g, ack.status);
      }
    } catch (err) {
      if (o.signal.aborted) break;
      o.onError?.(err);
      if (err instanceof DeviceKeyRejected) return;
      await pause(RETRY_MS, o.signal);
    }
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const doorId = args[0];
  const heldOpen = args.includes('--held-open');
  const silentAt = args.indexOf('--silent-after');
  const silentAfterS = silentAt >= 0 ? Number(args[silentAt + 1]) : null;
  if (!doorId || !/^[a-z0-9]{3,12}$/.test(doorId) || (silentAfterS !== null && !(silentAfterS >= 0))) {
    process.stderr.write('用法：npm run door:sim -- <门编号> [--held-open] [--silent-after 秒数]，例如 npm run door:sim -- d0039\n');
    process.exit(1);
  }
  const api = process.env.DOOR_API || `http://127.0.0.1:${process.env.PORT || 3000}/api/v1`;
  let deviceKey = process.env.DOOR_DEVICE_KEY;
  if (!deviceKey) {
    const ctx = await openDoorScript();
    deviceKey = ctx.devices.keyOf(doorId);
    await ctx.close();
  }
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  if (silentAfterS !== null) {
    setTimeout(() => {
      process.stdout.write(`门控器在 ${silentAfterS} 秒后停止心跳（模拟断电或断网）\n`);
      stop.abort();
    }, silentAfterS * 1000);
  }
  const time = () => toShanghaiIso(Date.now()).slice(11, 19);
  process.stdout.write(`模拟门控器已启动：门 ${doorId}，服务器 ${api}（Ctrl+C 退出）\n`);
  await runController({
    api,
    doorId,
    deviceKey,
    signal: stop.signal,
    contact: () => (heldOpen ? 'open' : 'closed'),
    onOpen: (g) =>
      process.stdout.write(
        `[${time()}] 开门  门 ${doorId}  授权 ${g.id}  进门记录 ${g.entryId}  剩余 ${(g.expiresInMs / 1000).toFixed(1)} 秒\n`,
      ),
    onAck: (g, status) =>
      process.stdout.write(`[${time()}] 回执  授权 ${g.id}  ${status === 200 ? '已记录' : `未记录（HTTP ${status}）`}\n`),
    onError: (err) => process.stderr.write(`[${time()}] ${err instanceof Error ? err.message : String(err)}\n`),
  });
}

if (require.main === module) void main();
