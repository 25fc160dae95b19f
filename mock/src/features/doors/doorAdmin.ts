import crypto from 'crypto';
import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import type { DeviceKeys } from './deviceKeys';
import { printedDoorCode } from './doorCodes';
import { posterPng } from './posters';
import { posterPdf } from './posterPdf';
import { adminDoor, bumpKeyGen, insertDoor, type AdminDoor } from './repoDoorAdmin';

/**
 * Doors in the station registry (issue 15): add a door, replace its device key, replace its printed code (the
 * door's posters must then be reprinted), and the posters themselves. A device key is derived, never stored
 * (deviceKeys.ts), so the API shows it exactly when it comes into being (a new door, a rotation) and never again;
 * the server's operator can still print it with `npm run door:keys`.
 */

/** The hardware at a door: a lock controller, with a rotating-code screen and/or a pass reader. */
export const DOOR_HARDWARE = ['controller', 'controller_screen', 'controller_reader', 'controller_screen_reader'] as const;
export type DoorHardware = (typeof DOOR_HARDWARE)[number];

const hardwareOf = (d: { hasScreen: boolean; hasReader: boolean }): DoorHardware =>
  d.hasScreen ? (d.hasReader ? 'controller_screen_reader' : 'controller_screen') : d.hasReader ? 'controller_reader' : 'controller';

/** A door as the registry answers it (mock/openapi.yaml RegistryDoor). */
export const doorAnswer = (d: AdminDoor) => ({
  id: d.id,
  stationId: d.stationId,
  name: d.name,
  hardware: hardwareOf(d),
  deviceKeyGeneration: d.deviceKeyGen,
  codeKeyGeneration: d.codeKeyGen,
});

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** A new door id: `d` and 8 base32 characters (40 random bits; /^[a-z0-9]{3,12}$/ like the seeded ones). */
const newDoorId = (): string => `d${[...crypto.randomBytes(8)].map((b) => BASE32[b & 31]).join('')}`;

/** The door, or NOT_FOUND. */
export async function doorOrFail(ctx: AppContext, doorId: string): Promise<AdminDoor> {
  const d = await adminDoor(ctx.db, doorId);
  if (!d) throw new ApiError('NOT_FOUND', { message: '没有这扇门，请核对编号。' });
  return d;
}

/** Adds a door named `name` with `hardware` to station `stationId`; answers it with its device key (shown once). */
export async function addDoor(ctx: AppContext, keys: DeviceKeys, stationId: string, name: string, hardware: DoorHardware) {
  const trimmed = name.trim();
  if ([...trimmed].length < 1 || [...trimmed].length > 20 || /\p{Cc}/u.test(trimmed)) {
    throw new ApiError('VALIDATION_FAILED', { message: '门的名称要写1到20个字，例如“正门”。', details: { fields: ['name'] } });
  }
  const id = newDoorId();
  await insertDoor(ctx.db, {
    id,
    stationId,
    name: trimmed,
    hasScreen: hardware.includes('screen'),
    hasReader: hardware.includes('reader'),
    createdAt: ctx.now(),
  });
  const door = (await adminDoor(ctx.db, id))!;
  return { door: doorAnswer(door), deviceKey: keys.keyOf(id, door.deviceKeyGen) };
}

/** Replaces the door's device key: the old one fails from now on. Answers the new key (shown once). */
export async function rotateDeviceKey(ctx: AppContext, keys: DeviceKeys, door: AdminDoor) {
  const gen = await bumpKeyGen(ctx.db, door.id, 'device');
  return { door: doorAnswer({ ...door, deviceKeyGen: gen }), deviceKey: keys.keyOf(door.id, gen) };
}

/** Replaces the door's printed code: every poster printed so far is refused from now on. */
export async function rotateCodeKey(ctx: AppContext, door: AdminDoor) {
  const gen = await bumpKeyGen(ctx.db, door.id, 'code');
  return { door: doorAnswer({ ...door, codeKeyGen: gen }) };
}

/** The door's poster: 'png' the QR alone (posterPng), 'pdf' the A5 poster to print (posterPdf). */
export function doorPoster(ctx: AppContext, door: AdminDoor, format: 'png' | 'pdf'): Buffer {
  const code = printedDoorCode(ctx.keys, ctx.config.doorHost, door.id, door.codeKeyGen);
  return format === 'png'
    ? posterPng(code)
    : posterPdf({ code, stationName: door.stationName, doorName: door.name, dutyPhone: door.stationPhone });
}
