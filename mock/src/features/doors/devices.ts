import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { loadMasterKey } from '../../core/keys';
import { ackGrant, doorById, grantById, pendingGrants, type Door, type PendingGrant } from './repo';
import { recordHeartbeat } from './repoStaff';
import { deviceKeys, type DeviceKeys } from './deviceKeys';
import { ackAccepted, GRANT_TTL_MS } from './grants';
import { rotatingDoorCode, rotationStep, ROTATION_STEP_S } from './doorCodes';
import type { GrantHub } from './grantHub';
import { toShanghaiIso } from '@/rules/time';

/**
 * What the devices at a door do, each authenticated by that door's device key (deviceKeys.ts): the screen shows
 * the rotating code, the controller long-polls for grants and acknowledges them (the reader's pass reads are
 * passes.ts).
 */

/** The device keys of a server (derived from the master key, which buildServer already loaded: derive, don't store). */
export function deviceKeysOf(ctx: AppContext): DeviceKeys {
  return deviceKeys(loadMasterKey(ctx.config.dataDir, ctx.config.masterKey));
}

/**
 * The door whose device sent `key`. An unknown door and a wrong key answer alike, so the endpoint reveals
 * nothing about door ids. @throws ApiError DEVICE_KEY_INVALID
 */
export async function deviceDoor(ctx: AppContext, keys: DeviceKeys, doorId: string, key: string): Promise<Door> {
  const door = await doorById(ctx.db, doorId);
  if (!door || !keys.verify(door.id, key, door.deviceKeyGen)) throw new ApiError('DEVICE_KEY_INVALID');
  return door;
}

/**
 * The rotating code the door's screen shows now, with how long to show it and when to fetch the next one.
 * @throws ApiError DOOR_LACKS_SCREEN for a door without a screen: its codes would be refused at unlock anyway
 */
export function screenCode(ctx: AppContext, door: Door) {
  if (!door.hasScreen) throw new ApiError('DOOR_LACKS_SCREEN');
  const doorId = door.id;
  const nowMs = ctx.now();
  const step = rotationStep(nowMs);
  const stepMs = ROTATION_STEP_S * 1000;
  return {
    code: rotatingDoorCode(ctx.keys, ctx.config.doorHost, doorId, step),
    step,
    // Shown during its own step, accepted also during the next one (a scan that started just before the change).
    showUntil: toShanghaiIso((step + 1) * stepMs),
    acceptedUntil: toShanghaiIso((step + 2) * stepMs),
    refreshInMs: (step + 1) * stepMs - nowMs,
  };
}

/**
 * The door's pending grants; when there are none and `waitS` > 0, waits on the hub up to `waitS` seconds (or until
 * `hangUp` aborts: the controller went away) for one and looks again. `onPark` is told when it waits. The poll is
 * the controller's heartbeat, recorded with the door contact's state when it reports one (`contact`).
 * @throws ApiError GRANT_POLLS_LIMIT when `cap.maxParked` polls of this door already wait in this process
 */
export async function grantsFor(
  ctx: AppContext,
  hub: GrantHub,
  doorId: string,
  waitS: number,
  hangUp: AbortSignal,
  onPark: () => void,
  cap: { maxParked: number; retryAfterS: number },
  contact: 'open' | 'closed' | null = null,
) {
  await recordHeartbeat(ctx.db, doorId, ctx.now(), contact);
  let grants: PendingGrant[] = await pendingGrants(ctx.db, doorId, ctx.now());
  if (grants.length === 0 && waitS > 0) {
    if (hub.waitingAt(doorId) >= cap.maxParked) {
      throw new ApiError('GRANT_POLLS_LIMIT', {
        details: { maxParked: cap.maxParked },
        headers: { 'retry-after': String(cap.retryAfterS) },
      });
    }
    onPark();
    await hub.wait(doorId, waitS * 1000, hangUp);
    grants = await pendingGrants(ctx.db, doorId, ctx.now());
  }
  const nowMs = ctx.now();
  return {
    // expiresInMs lets a controller with a wrong clock still judge the grant: open only while it is positive.
    grants: grants.map((g) => ({ id: g.id, entryId: g.entryId, expiresAt: toShanghaiIso(g.expiresAt), expiresInMs: g.expiresAt - nowMs })),
    serverTime: toShanghaiIso(nowMs),
  };
}

/**
 * Records the controller's acknowledgement of a grant (once: a repeat answers the first time). The key is checked
 * before anything is said about the grant: an unknown grant has no door whose key could match, so it answers
 * exactly like a wrong key and reveals nothing about which grant ids exist.
 * @returns the answer, and for the log the door and the latency from grant to acknowledgement (ms)
 * @throws ApiError DEVICE_KEY_INVALID, GRANT_EXPIRED
 */
export async function acknowledgeGrant(ctx: AppContext, keys: DeviceKeys, grantId: string, key: string) {
  const grant = await grantById(ctx.db, grantId);
  if (!grant || !keys.verify(grant.doorId, key, grant.deviceKeyGen)) throw new ApiError('DEVICE_KEY_INVALID');
  const nowMs = ctx.now();
  if (grant.ackedAt === null && !ackAccepted(grant.expiresAt, nowMs)) throw new ApiError('GRANT_EXPIRED');
  const ackedAt = await ackGrant(ctx.db, grant.id, grant.entryId, nowMs);
  return {
    answer: { grant: { id: grant.id, entryId: grant.entryId, ackedAt: toShanghaiIso(ackedAt) } },
    doorId: grant.doorId,
    latencyMs: ackedAt - (grant.expiresAt - GRANT_TTL_MS),
  };
}
