/**
 * `npm run door:posters -- <stationId>`: writes `{stationId}-{doorId}.svg` (the A5 poster to print) and
 * `{stationId}-{doorId}.png` (the QR alone) and `.pdf` (the poster as PDF) for each door of a station into POSTERS_DIR (default `posters/`,
 * git-ignored), and prints the paths.
 */
import fs from 'fs';
import path from 'path';
import { argument, openDoorScript } from './door-common';
import { printedDoorCode } from '../src/features/doors';
import { posterPdf, posterPng, posterSvg } from '../src/features/doors';

async function main(): Promise<void> {
  const stationId = argument('npm run door:posters -- <驿站编号>');
  const ctx = await openDoorScript();
  const { station, doors } = await ctx.stationDoors(stationId);
  const dir = path.resolve(process.env.POSTERS_DIR || path.join(__dirname, '..', '..', 'posters'));
  fs.mkdirSync(dir, { recursive: true });
  for (const door of doors) {
    const code = printedDoorCode(ctx.keys, ctx.config.doorHost, door.id, door.codeKeyGen);
    const base = path.join(dir, `${station.id}-${door.id}`);
    fs.writeFileSync(`${base}.svg`, posterSvg({ code, stationName: station.name, doorName: door.name, dutyPhone: station.phone }));
    fs.writeFileSync(`${base}.png`, posterPng(code));
    fs.writeFileSync(`${base}.pdf`, posterPdf({ code, stationName: station.name, doorName: door.name, dutyPhone: station.phone }));
    process.stdout.write(`${base}.svg\n${base}.png\n${base}.pdf\n`);
  }
  await ctx.close();
}

void main();
