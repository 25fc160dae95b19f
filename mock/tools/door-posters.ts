/**
 * `npm run door:posters -- <stationId>`: writes `{stationId}-{doorId}.svg` (the A5 poster to print) and
 * `{stationId}-{doorId}.png` (the QR alone) for each door of a station into POSTERS_DIR (default `posters/`,
 * git-ignored), and prints the paths.
 */
import fs from 'fs';
import path from 'path';
import { argument, openDoorScript } from './door-common';
import { printedDoorCode } from '../src/features/doors';
import { posterPng, posterSvg } from '../src/features/doors';

async function main(): Promise<void> {
  const stationId = argument('npm run door:posters -- <驿站编号>');
  const ctx = await openDoorScript();
  const { station, doors } = await ctx.stationDoors(stationId);
  const dir = path.resolve(process.env.POSTERS_DIR || path.join(__dirname, '..', '..', 'posters'));
  fs.mkdirSync(dir, { recursive: true });
  for (const door of doors) {
    const code = printedDoorCode(ctx.keys, ctx.config.doorHost, door.id);
    const base = path.join(dir, `${station.id}-${door.id}`);
    fs.writeFileSync(`${base}.svg`, posterSvg({ code, stationName: station.name, doorName: door.name, dutyPhone: station.phone }));
    fs.writeFileSync(`${base}.png`, posterPng(code));
    process.stdout.write(`${base}.svg\n${base}.png\n`);
  }
  await ctx.close();
}

void main();
