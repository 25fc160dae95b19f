/**
 * Where the stations go: the main urban area polygon, the district lookups, and the placement of the 741 points
 * (a jittered lattice for coverage, random fill weighted to the core, then a greedy repair of any coverage hole).
 */
import { haversineM, pointInPolygon, type LatLng } from '@/rules/geo';
import { DISTRICTS, DISTRICT_CODES, LANDMARKS, URBAN_DISTRICT_CODES, WUYI_SQUARE, type DistrictCode } from './catalog';
import { M_PER_DEG_LAT, M_PER_DEG_LNG, bbox, distToRingM, gridInside, nearestM, offsetM, pt } from './geometry';
import { districtArea, type TaiyuanInput } from './input';
import { COVERAGE_TARGET_M, SEED, STATION_COUNT } from './params';
import { createRng } from './prng';
import type { LngLat } from './types';

/**
 * The main urban area (主城区), GCJ-02 [lng, lat], clockwise from the north-west: the dense core around 五一广场
 * along 迎泽大街 / 并州路 / 长风街, from 尖草坪 in the north to 龙城大街 in the south, from 西中环 in the west to the
 * foot of the eastern hills. Drawn inside the six urban districts (the generator checks it on a 100 m grid).
 */
export const MAIN_URBAN_AREA: LngLat[] = [
  [112.52, 37.905],
  [112.54, 37.918],
  [112.56, 37.924],
  [112.583, 37.918],
  [112.597, 37.9],
  [112.604, 37.876],
  [112.611, 37.856],
  [112.619, 37.83],
  [112.624, 37.8],
  [112.614, 37.776],
  [112.585, 37.761],
  [112.552, 37.759],
  [112.527, 37.77],
  [112.507, 37.79],
  [112.496, 37.815],
  [112.492, 37.845],
  [112.497, 37.87],
  [112.505, 37.89],
  [112.52, 37.905],
];

/** Intended number of stations per district (the coverage fix may move a few between districts). */
const DISTRICT_TARGETS: Record<DistrictCode, number> = {
  140105: 175,
  140106: 140,
  140107: 120,
  140108: 80,
  140109: 130,
  140110: 50,
  140121: 46,
};

/** Share of a district's randomly placed stations that go inside the main urban area. */
const MAIN_SHARE: Record<DistrictCode, number> = {
  140105: 0.75,
  140106: 0.85,
  140107: 0.8,
  140108: 0.55,
  140109: 0.75,
  140110: 0.45,
  140121: 0,
};

/** A placed station before it has a kind, name or anything else. */
export interface Draft {
  p: LatLng;
  code: DistrictCode;
  inMain: boolean;
  tag?: 'wuyi_kiosk';
}

/** Point-in-district tests against the input's DataV boundaries. */
export interface DistrictLookup {
  inDistrict(p: LatLng, code: DistrictCode): boolean;
  urbanDistrictOf(p: LatLng): DistrictCode | undefined;
}

/** Builds the district lookups from the input boundaries. */
export function districtLookup(input: TaiyuanInput): DistrictLookup {
  const rings = new Map<DistrictCode, LngLat[][]>(DISTRICT_CODES.map((c) => [c, districtArea(input, c).rings]));
  const inDistrict = (p: LatLng, code: DistrictCode): boolean => (rings.get(code) ?? []).some((r) => pointInPolygon(p, r));
  const urbanDistrictOf = (p: LatLng): DistrictCode | undefined => URBAN_DISTRICT_CODES.find((c) => inDistrict(p, c));
  return { inDistrict, urbanDistrictOf };
}

/** Throws unless the catalogue's landmarks are those of the input and lie in their districts. */
export function checkLandmarks(input: TaiyuanInput, { inDistrict }: DistrictLookup): void {
  // The landmarks in the catalogue must be those of the input.
  for (const l of LANDMARKS) {
    const src = input.landmarks.find((x) => Math.abs(x.lat - l.lat) < 1e-6 && Math.abs(x.lng - l.lng) < 1e-6);
    if (!src) throw new Error(`landmark ${l.name} (${l.lat}, ${l.lng}) not in input ${input.dir}`);
    if (!inDistrict(l, l.districtCode)) throw new Error(`landmark ${l.name} outside ${DISTRICTS[l.districtCode]}`);
  }
}

/** The placed stations, in their final (id) order, and the coverage figures for the README. */
export interface Placement {
  drafts: Draft[];
  checkGridPoints: number;
  latticeStations: number;
  holeFixStations: number;
  maxGapM: number;
}

/** Places STATION_COUNT stations so that the main urban area is covered within COVERAGE_TARGET_M. */
export function placeStations(input: TaiyuanInput, { inDistrict, urbanDistrictOf }: DistrictLookup): Placement {
  const inMain = (p: LatLng): boolean => pointInPolygon(p, MAIN_URBAN_AREA);

  // 1. The check grid (100 m) over the main urban area; it must lie inside the six districts.
  const checkGrid = gridInside(MAIN_URBAN_AREA, 100);
  for (const g of checkGrid) {
    if (!urbanDistrictOf(g)) throw new Error(`main urban area leaves the six districts at ${g.lat},${g.lng}`);
  }

  const drafts: Draft[] = [];
  const pts: LatLng[] = [];
  const add = (d: Draft): void => {
    drafts.push(d);
    pts.push(d.p);
  };

  // 2. A smart kiosk right by 五一广场 (the quick start opens its door).
  const wuyi = offsetM(WUYI_SQUARE, 160, 110);
  if (!inDistrict(wuyi, 140106)) throw new Error('五一广场 kiosk not in 迎泽区');
  add({ p: wuyi, code: 140106, inMain: true, tag: 'wuyi_kiosk' });

  // 3. Jittered hexagonal lattice (spacing 1,250 m: covering radius 722 m + jitter) over the main urban area and a
  //    700 m band around it, keeping points inside the six districts.
  const rngLattice = createRng(SEED ^ 0x1a771ce);
  const S = 1250;
  const b = bbox(MAIN_URBAN_AREA);
  const rowH = (S * Math.sqrt(3)) / 2;
  const x0 = b.minLng * M_PER_DEG_LNG - S;
  const x1 = b.maxLng * M_PER_DEG_LNG + S;
  const y0 = b.minLat * M_PER_DEG_LAT - S;
  const y1 = b.maxLat * M_PER_DEG_LAT + S;
  for (let j = 0, y = y0; y <= y1; j++, y += rowH) {
    for (let x = x0 + (j % 2 ? S / 2 : 0); x <= x1; x += S) {
      const jx = rngLattice.range(-100, 100);
      const jy = rngLattice.range(-100, 100);
      const p = pt((x + jx) / M_PER_DEG_LNG, (y + jy) / M_PER_DEG_LAT);
      const m = inMain(p);
      if (!m && distToRingM(p, MAIN_URBAN_AREA) > 700) continue;
      const code = urbanDistrictOf(p);
      if (!code) continue;
      if (nearestM(p, pts, 300) < 300) continue;
      add({ p, code, inMain: m });
    }
  }
  const latticeStations = drafts.length - 1;

  // 4. Random stations, per district, weighted to the core; a reserve is kept for the coverage fix.
  const rngFill = createRng(SEED ^ 0xf111);
  const count = (code: DistrictCode): number => {
    let n = 0;
    for (let i = 0; i < drafts.length; i++) if (drafts[i].code === code) n++;
    return n;
  };
  const placeRandom = (code: DistrictCode): void => {
    for (let attempt = 0; attempt < 20000; attempt++) {
      let p: LatLng;
      let wantMain: boolean;
      if (code === 140121) {
        const seat = LANDMARKS.find((l) => l.id === 'qingxu_seat')!;
        const sigma = rngFill.chance(0.8) ? 1800 : 6000;
        p = offsetM(seat, rngFill.normal() * sigma, rngFill.normal() * sigma);
        wantMain = false;
      } else if (rngFill.chance(MAIN_SHARE[code]) || attempt > 10000) {
        p = pt(rngFill.range(b.minLng, b.maxLng), rngFill.range(b.minLat, b.maxLat));
        wantMain = true;
        const dCore = haversineM(p, WUYI_SQUARE);
        if (!rngFill.chance(0.35 + 0.65 * Math.exp(-((dCore / 6000) ** 2)))) continue;
      } else {
        const [lng, lat] = districtArea(input, code).center;
        p = offsetM({ lat, lng }, rngFill.normal() * 5000, rngFill.normal() * 5000);
        wantMain = false;
      }
      if (inMain(p) !== wantMain) continue;
      if (!inDistrict(p, code)) continue;
      if (nearestM(p, pts, 120) < 120) continue;
      add({ p, code, inMain: wantMain });
      return;
    }
    throw new Error(`could not place a station in ${DISTRICTS[code]}`);
  };
  const fillTo = (total: number): void => {
    while (drafts.length < total) {
      // The district furthest below its target (ties: catalogue order).
      let best: DistrictCode = DISTRICT_CODES[0];
      let bestDeficit = -Infinity;
      for (const c of DISTRICT_CODES) {
        const deficit = (DISTRICT_TARGETS[c] - count(c)) / DISTRICT_TARGETS[c];
        if (deficit > bestDeficit) {
          bestDeficit = deficit;
          best = c;
        }
      }
      placeRandom(best);
    }
  };
  const RESERVE = 40;
  fillTo(STATION_COUNT - RESERVE);

  // 5. Coverage fix: while some check-grid point is further than the target from every station, add one there.
  const nearest = checkGrid.map((g) => nearestM(g, pts, 1500));
  let holeFixStations = 0;
  for (;;) {
    let worst = 0;
    for (let i = 1; i < nearest.length; i++) if (nearest[i] > nearest[worst]) worst = i;
    if (nearest[worst] <= COVERAGE_TARGET_M) break;
    if (drafts.length >= STATION_COUNT) throw new Error('coverage fix needs more than the reserve');
    const p = pt(checkGrid[worst].lng, checkGrid[worst].lat);
    const code = urbanDistrictOf(p)!;
    add({ p, code, inMain: true });
    holeFixStations++;
    for (let i = 0; i < checkGrid.length; i++) nearest[i] = Math.min(nearest[i], nearestM(checkGrid[i], [p], 1500));
  }
  fillTo(STATION_COUNT);
  let maxGapM = 0;
  for (let i = 0; i < checkGrid.length; i++) maxGapM = Math.max(maxGapM, nearestM(checkGrid[i], pts, 1500));

  // 6. Stable order and ids: by district, then north to south, west to east.
  drafts.sort((a, c) => a.code - c.code || c.p.lat - a.p.lat || a.p.lng - c.p.lng);

  return { drafts, checkGridPoints: checkGrid.length, latticeStations, holeFixStations, maxGapM };
}
