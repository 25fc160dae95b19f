/**
 * `npm run -s door:codes -- <stationId>`: prints the printed code of each door of a station, one a line (the
 * text of the QR on the door), signed with the active key of DOOR_KEY_IDS.
 */
import { argument, openDoorScript } from './door-common';
import { printedDoorCode } from '../src/features/doors';

async function main(): Promise<void> {
  const stationId = argument('npm run -s door:codes -- <驿站编号>');
  const ctx = await openDoorScript();
  const { doors } = await ctx.stationDoors(stationId);
  for (const door of doors) process.stdout.write(`${printedDoorCode(ctx.keys, ctx.config.doorHost, door.id, door.codeKeyGen)}\n`);
  await ctx.close();
}

void main();
