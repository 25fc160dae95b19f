/**
 * `npm run -s door:keys -- <stationId>`: prints `{doorId}<TAB>{device key}` for each door of a station, to be
 * installed on that door's controller, screen and reader (header X-Device-Key). Treat the output as a secret.
 */
import { argument, openDoorScript } from './door-common';

async function main(): Promise<void> {
  const stationId = argument('npm run -s door:keys -- <驿站编号>');
  const ctx = await openDoorScript();
  const { doors } = await ctx.stationDoors(stationId);
  for (const door of doors) process.stdout.write(`${door.id}\t${ctx.devices.keyOf(door.id, door.deviceKeyGen)}\n`);
  await ctx.close();
}

void main();
