/**
 * The seed generator's logic: real geography in, made-up stations out, deterministic (fixed-seed PRNG, no clock).
 * CLI: mock/seed/generate.ts. Decisions are documented in the README this module writes to mock/seed/data/.
 *
 * This module orchestrates the steps; each lives in its own module. Every step draws from its own PRNG stream
 * (SEED ^ a constant), and within a stream the order of the draws is part of the output: keep it when editing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { haversineM } from '@/rules/geo';
import { DISTRICTS, DISTRICT_CODES, LANDMARKS, WUYI_SQUARE } from './catalog';
import { MAIN_URBAN_AREA, checkLandmarks, districtLookup, placeStations } from './area';
import { buildHealthStations } from './health';
import { assignHonours, honoursOf, pickAmenities, pickGrade } from './honours';
import { pickOvernightAndClosures, stationHours } from './hours';
import { districtArea, type TaiyuanInput } from './input';
import { landline, mobile, nameAndAddress } from './names';
import { SEED } from './params';
import { createRng } from './prng';
import { OUTPUT_FILES, renderFiles, type GeneratedSeed } from './render';
import { assignKinds, markScreensAndReaders, stationDoors } from './smart';
import type { SeedPlace, SeedStation } from './types';

// The public surface of the generator, kept here so callers need only this module.
export { SEED, STATION_COUNT, SMART_KIOSKS, SMART_TOILETS, COVERAGE_TARGET_M } from './params';
export { OUTPUT_FILES, formatJson, renderFiles, type GeneratedSeed, type SeedStats } from './render';
export { MAIN_URBAN_AREA } from './area';
export { gridInside } from './geometry';
export { HOURS_24H } from './hours';
export { PARTNER_HOSPITAL } from './health';

/** Generates the whole seed (stations, health stations, main urban area, places, stats) from the input geography. */
export function buildSeed(input: TaiyuanInput): GeneratedSeed {
  const lookup = districtLookup(input);
  checkLandmarks(input, lookup);

  // 1-6. Positions, coverage and the stable id order.
  const { drafts, checkGridPoints, latticeStations, holeFixStations, maxGapM } = placeStations(input, lookup);

  // 7. Host kinds and smart stations.
  const { kinds, smartKind, wuyiIndex } = assignKinds(drafts);

  // 8. Honours.
  const honourSets = assignHonours(kinds, smartKind);

  // 9. Grades, amenities, hours, phones, names, doors: one stream, drawn station by station in this order.
  const rngAttr = createRng(SEED ^ 0xa77);
  const usedNames = new Set<string>();
  const { overnight, closureAt } = pickOvernightAndClosures(
    rngAttr,
    drafts.map((_d, i) => i),
    kinds,
    smartKind,
  );
  let doorSeq = 0;
  const nextDoorId = (): string => `d${String(++doorSeq).padStart(4, '0')}`;
  const stations: SeedStation[] = drafts.map((d, i) => {
    const kind = kinds[i]!;
    const sk = smartKind[i];
    const smart = sk !== null;
    const honours = honoursOf(i, honourSets);
    const grade = pickGrade(i, honourSets, rngAttr);
    const amenities = pickAmenities(kind, grade, smart, rngAttr);
    const hours = stationHours(kind, smart, overnight.has(i), closureAt.get(i), rngAttr);
    const phone = smart || rngAttr.chance(0.3) ? mobile(rngAttr) : landline(rngAttr);
    const { name, address } = nameAndAddress(kind, sk, d, rngAttr, usedNames);
    const doors = stationDoors(kind, sk, d, rngAttr, nextDoorId);

    return {
      id: `ty${String(i + 1).padStart(4, '0')}`,
      name,
      address,
      districtCode: d.code,
      district: DISTRICTS[d.code],
      lat: d.p.lat,
      lng: d.p.lng,
      kind,
      grade,
      honours,
      amenities,
      hours,
      phone,
      smart,
      smartKind: sk,
      doors,
    };
  });

  // Screens and pass readers are chosen once all doors exist (their own stream, so door ids above are unaffected).
  markScreensAndReaders(stations, wuyiIndex);

  const healthStations = buildHealthStations(createRng(SEED ^ 0x4ea1), (p, code) => lookup.inDistrict(p, code));

  const places: SeedPlace[] = [
    ...DISTRICT_CODES.map((code): SeedPlace => {
      const [lng, lat] = districtArea(input, code).center;
      return { id: `district_${code}`, name: DISTRICTS[code], kind: 'district', districtCode: code, district: DISTRICTS[code], lat, lng };
    }),
    ...LANDMARKS.map((l): SeedPlace => ({
      id: l.id,
      name: l.name,
      kind: 'landmark',
      districtCode: l.districtCode,
      district: DISTRICTS[l.districtCode],
      lat: l.lat,
      lng: l.lng,
    })),
  ];

  const perDistrict: Record<string, number> = {};
  for (const c of DISTRICT_CODES) perDistrict[`${c} ${DISTRICTS[c]}`] = stations.filter((s) => s.districtCode === c).length;
  const wuyiStation = stations[wuyiIndex];
  return {
    stations,
    healthStations,
    mainUrbanArea: MAIN_URBAN_AREA,
    places,
    stats: {
      maxGapM: Math.round(maxGapM),
      checkGridPoints,
      latticeStations,
      holeFixStations,
      perDistrict,
      wuyiSmartStationId: wuyiStation.id,
      wuyiSmartDoorId: wuyiStation.doors[0].id,
      wuyiSmartDistanceM: Math.round(haversineM(wuyiStation, WUYI_SQUARE)),
    },
  };
}

/** Generates the seed and writes OUTPUT_FILES into outDir (created if missing); returns the seed for reporting. */
export function writeSeed(input: TaiyuanInput, outDir: string): GeneratedSeed {
  const seed = buildSeed(input);
  fs.mkdirSync(outDir, { recursive: true });
  const files = renderFiles(seed);
  for (const name of OUTPUT_FILES) fs.writeFileSync(path.join(outDir, name), files[name]);
  return seed;
}
