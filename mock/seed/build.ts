/**
 * The seed generator's logic: real geography in, made-up stations out, deterministic (fixed-seed PRNG, no clock).
 * CLI: mock/seed/generate.ts. Decisions are documented in the README this module writes to mock/seed/data/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EARTH_RADIUS_M, haversineM, pointInPolygon, type LatLng } from '../../src/rules/geo';
import type { OpeningHours } from '../../src/rules/hours';
import {
  AMENITY_KEYS,
  DISTRICTS,
  DISTRICT_CODES,
  HONOUR_COUNTS,
  HOST_KINDS,
  LANDMARKS,
  URBAN_DISTRICT_CODES,
  WUYI_SQUARE,
  type AmenityKey,
  type DistrictCode,
  type Grade,
  type HonourKey,
  type HostKindKey,
} from './catalog';
import { districtArea, type TaiyuanInput } from './input';
import { createRng, type Rng } from './prng';
import type {
  LngLat,
  SeedDoctor,
  SeedDoor,
  SeedHealthStation,
  SeedPlace,
  SeedStation,
  SessionTemplate,
} from './types';

export const SEED = 20240816;
export const STATION_COUNT = 741;
export const SMART_KIOSKS = 20;
export const SMART_TOILETS = 41;
/** Coverage the generator guarantees on its 100 m check grid (the promise is 1,000 m; margin for in-between points). */
export const COVERAGE_TARGET_M = 850;
export const OUTPUT_FILES = [
  'stations.json',
  'health-stations.json',
  'main-urban-area.json',
  'places.json',
  'README.md',
] as const;

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

const KIND_QUOTAS: Record<HostKindKey, number> = {
  party_mass_centre: 110,
  worker_complex: 25,
  business_district: 80,
  petrol_station: 70,
  bank_branch: 95,
  public_toilet: 80, // 41 smart + 39 attended
  kiosk: 20, // all smart, all in 迎泽区
  community: 130,
  enterprise: 90,
  street_office: 41,
};

/** [inside main urban area, outside] affinity of a host kind. */
const KIND_AFFINITY: Record<HostKindKey, [number, number]> = {
  party_mass_centre: [1, 1],
  worker_complex: [1.2, 0.6],
  business_district: [2.5, 0.3],
  petrol_station: [0.6, 2.2],
  bank_branch: [1.3, 0.6],
  public_toilet: [1.2, 0.5],
  kiosk: [0, 0],
  community: [1, 1],
  enterprise: [0.8, 1.6],
  street_office: [0.9, 1.2],
};

// ---------------------------------------------------------------------------------------------------------------
// Geometry helpers (local equirectangular metres around the city; fine at this scale).

const LAT0 = 37.84;
const M_PER_DEG_LAT = (EARTH_RADIUS_M * Math.PI) / 180;
const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos((LAT0 * Math.PI) / 180);

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const pt = (lng: number, lat: number): LatLng => ({ lat: round6(lat), lng: round6(lng) });
const offsetM = (p: LatLng, dxM: number, dyM: number): LatLng =>
  pt(p.lng + dxM / M_PER_DEG_LNG, p.lat + dyM / M_PER_DEG_LAT);

function distToRingM(p: LatLng, ring: LngLat[]): number {
  let best = Infinity;
  const px = p.lng * M_PER_DEG_LNG;
  const py = p.lat * M_PER_DEG_LAT;
  for (let i = 0; i + 1 < ring.length; i++) {
    const ax = ring[i][0] * M_PER_DEG_LNG;
    const ay = ring[i][1] * M_PER_DEG_LAT;
    const bx = ring[i + 1][0] * M_PER_DEG_LNG;
    const by = ring[i + 1][1] * M_PER_DEG_LAT;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
  }
  return best;
}

function bbox(ring: LngLat[]): { minLng: number; maxLng: number; minLat: number; maxLat: number } {
  return {
    minLng: Math.min(...ring.map((c) => c[0])),
    maxLng: Math.max(...ring.map((c) => c[0])),
    minLat: Math.min(...ring.map((c) => c[1])),
    maxLat: Math.max(...ring.map((c) => c[1])),
  };
}

/** Points of a regular grid (step in metres) inside the ring. */
export function gridInside(ring: LngLat[], stepM: number): LatLng[] {
  const b = bbox(ring);
  const dLat = stepM / M_PER_DEG_LAT;
  const out: LatLng[] = [];
  for (let lat = b.minLat; lat <= b.maxLat; lat += dLat) {
    const dLng = stepM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
    for (let lng = b.minLng; lng <= b.maxLng; lng += dLng) {
      const p = { lat, lng };
      if (pointInPolygon(p, ring)) out.push(p);
    }
  }
  return out;
}

/**
 * Distance from p to the nearest of pts (Infinity if none within pruneM). The nearest is found by the local
 * planar metric (cheap), its distance is then measured by haversine.
 */
function nearestM(p: LatLng, pts: readonly LatLng[], pruneM = 3000): number {
  const dLat = pruneM / M_PER_DEG_LAT;
  const dLng = pruneM / M_PER_DEG_LNG;
  let best = -1;
  let bestD2 = Infinity;
  for (let i = 0; i < pts.length; i++) {
    const q = pts[i];
    const a = q.lat - p.lat;
    const o = q.lng - p.lng;
    if (a > dLat || a < -dLat || o > dLng || o < -dLng) continue;
    const y = a * M_PER_DEG_LAT;
    const x = o * M_PER_DEG_LNG;
    const d2 = x * x + y * y;
    if (d2 < bestD2) {
      bestD2 = d2;
      best = i;
    }
  }
  return best < 0 ? Infinity : haversineM(p, pts[best]);
}

// ---------------------------------------------------------------------------------------------------------------
// Names and addresses (real street and sub-district names; every station, name and number is made up).

const STREETS: Record<DistrictCode, string[]> = {
  140105: ['并州南路', '长风街', '平阳路', '体育路', '南内环街', '龙城大街', '晋阳街', '学府街', '亲贤北街', '坞城路', '长治路', '南中环街', '真武路', '许坦东街', '太榆路', '康宁街', '北营南路', '建设南路', '王村南路', '小店街'],
  140106: ['迎泽大街', '五一路', '解放南路', '建设南路', '并州北路', '柳巷南路', '桥东街', '双塔西街', '双塔东街', '朝阳街', '郝庄正街', '新建南路', '青年路', '桃园南路', '东岗路', '开化寺街', '老军营南街', '迎泽东大街'],
  140107: ['府西街', '府东街', '胜利街', '解放路', '五一路', '新建路', '北大街', '建设北路', '坝陵南街', '敦化南路', '三桥街', '职工新街', '北中环街', '上马街', '柏杨树街', '涧河路', '杏花岭街'],
  140108: ['解放北路', '尖草坪街', '迎新街', '和平北路', '大同路', '新兰路', '光社路', '汇丰路', '恒山路', '摄乐街', '北中环街', '柴村街', '古城路'],
  140109: ['千峰南路', '千峰北路', '和平南路', '和平北路', '兴华街', '长风西大街', '迎泽西大街', '漪汾街', '西矿街', '滨河西路', '晋祠路', '西中环路', '后北屯路', '玉河街', '下元街'],
  140110: ['晋祠路', '新晋祠路', '义井街', '罗城街', '晋源东街', '晋源西街', '南堰街', '金胜路', '古城营街', '长兴南街'],
  140121: ['美锦大街', '清泉东路', '清泉西路', '迎宾路', '文源路', '宝梁路', '西环路', '东湖路', '徐沟正街', '秀水路'],
};

const SUBDISTRICTS: Record<DistrictCode, string[]> = {
  140105: ['坞城街道', '营盘街道', '北营街道', '平阳路街道', '黄陵街道', '亲贤街道', '学府街道', '龙城街道', '小店街道', '刘家堡乡', '北格镇'],
  140106: ['柳巷街道', '文庙街道', '庙前街道', '迎泽街道', '桥东街道', '老军营街道', '郝庄街道'],
  140107: ['巨轮街道', '三桥街道', '鼓楼街道', '杏花岭街道', '坝陵桥街道', '大东关街道', '职工新街街道', '敦化坊街道', '涧河街道'],
  140108: ['尖草坪街道', '光社街道', '上兰街道', '南寨街道', '迎新街街道', '古城街道', '汇丰街道', '柴村街道', '向阳镇', '阳曲镇'],
  140109: ['千峰街道', '下元街道', '和平街道', '兴华街道', '万柏林街道', '西铭街道', '杜儿坪街道', '白家庄街道', '南寒街道', '东社街道', '神堂沟街道', '小井峪街道'],
  140110: ['义井街道', '罗城街道', '晋源街道', '金胜镇', '晋祠镇', '姚村镇'],
  140121: ['清源镇', '徐沟镇', '东于镇', '孟封镇', '马峪乡', '柳杜乡', '西谷乡', '王答乡', '集义乡'],
};

const BANKS = ['中国工商银行', '中国建设银行', '中国农业银行', '中国银行', '交通银行', '晋商银行', '中国邮政储蓄银行', '山西农商银行'];
const PETROL_BRANDS = ['中石化', '中石油'];
const COMMUNITY_SUFFIXES = ['东', '西', '南', '北', '中', '新村', '苑', '园'];

/** '迎泽大街' -> '迎泽', '千峰南路' -> '千峰南', '坝陵南街' -> '坝陵南'. */
function streetStem(s: string): string {
  return s.replace(/(大街|正街|街|大道|路)$/, '');
}

function mobile(rng: Rng): string {
  const prefix = rng.pick(['133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '158', '159', '166', '176', '177', '180', '181', '185', '186', '187', '188', '189', '199']);
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(rng.int(0, 9));
  return prefix + rest;
}

function landline(rng: Rng): string {
  let rest = String(rng.int(2, 8));
  for (let i = 0; i < 6; i++) rest += String(rng.int(0, 9));
  return `0351-${rest}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Opening hours.

const allWeek = (ranges: string[]): string[][] => Array.from({ length: 7 }, () => ranges.slice());
const weekdaysWeekend = (wk: string[], we: string[]): string[][] => [wk, wk, wk, wk, wk, we, we].map((r) => r.slice());
/** 24-hour stations: is24h, and every day the whole day '00:00-24:00'. */
export const HOURS_24H = (): OpeningHours => ({ is24h: true, weekly: allWeek(['00:00-24:00']) });

function daytimeHours(kind: HostKindKey, rng: Rng): OpeningHours {
  let weekly: string[][];
  switch (kind) {
    case 'bank_branch':
      weekly = rng.chance(0.6)
        ? weekdaysWeekend(['08:30-17:30'], ['09:00-16:00'])
        : [...allWeek(['09:00-17:00']).slice(0, 6), []];
      break;
    case 'business_district':
      weekly = allWeek([rng.pick(['10:00-22:00', '09:30-21:30', '10:00-21:00'])]);
      break;
    case 'worker_complex':
      weekly = allWeek([rng.pick(['07:00-21:00', '06:30-21:30', '07:00-22:00'])]);
      break;
    case 'public_toilet':
      weekly = allWeek([rng.pick(['05:00-22:00', '05:30-21:30', '06:00-22:00'])]);
      break;
    case 'party_mass_centre':
    case 'street_office':
    case 'community':
      weekly = rng.chance(0.3)
        ? weekdaysWeekend(['08:00-12:00', '14:30-20:00'], ['09:00-17:00'])
        : rng.chance(0.5)
          ? allWeek(['08:00-20:00'])
          : weekdaysWeekend(['07:30-19:30'], ['09:00-18:00']);
      break;
    case 'enterprise':
      weekly = rng.chance(0.5) ? allWeek(['07:00-21:00']) : weekdaysWeekend(['07:00-19:00'], ['08:00-18:00']);
      break;
    default:
      weekly = allWeek(['08:00-20:00']);
  }
  return { is24h: false, weekly };
}

/**
 * Fixed, deterministic closures (not derived from the generation date): `from` inclusive, `to` exclusive,
 * ISO 8601 with the Shanghai offset, as OpeningHours requires.
 */
const CLOSURES: { from: string; to: string; reason: string }[] = [
  { from: '2026-11-16T00:00:00+08:00', to: '2027-01-16T00:00:00+08:00', reason: '设备维修' },
  { from: '2026-12-01T00:00:00+08:00', to: '2027-01-16T00:00:00+08:00', reason: '供暖管道改造' },
  { from: '2027-03-01T00:00:00+08:00', to: '2027-04-01T00:00:00+08:00', reason: '场地装修' },
];

// ---------------------------------------------------------------------------------------------------------------

interface Draft {
  p: LatLng;
  code: DistrictCode;
  inMain: boolean;
  tag?: 'wuyi_kiosk';
}

export interface SeedStats {
  maxGapM: number;
  checkGridPoints: number;
  latticeStations: number;
  holeFixStations: number;
  perDistrict: Record<string, number>;
  wuyiSmartStationId: string;
  wuyiSmartDoorId: string;
  wuyiSmartDistanceM: number;
}

export interface GeneratedSeed {
  stations: SeedStation[];
  healthStations: SeedHealthStation[];
  mainUrbanArea: LngLat[];
  places: SeedPlace[];
  stats: SeedStats;
}

export function buildSeed(input: TaiyuanInput): GeneratedSeed {
  const rings = new Map<DistrictCode, LngLat[][]>(DISTRICT_CODES.map((c) => [c, districtArea(input, c).rings]));
  const inDistrict = (p: LatLng, code: DistrictCode): boolean =>
    (rings.get(code) ?? []).some((r) => pointInPolygon(p, r));
  const urbanDistrictOf = (p: LatLng): DistrictCode | undefined => URBAN_DISTRICT_CODES.find((c) => inDistrict(p, c));
  const inMain = (p: LatLng): boolean => pointInPolygon(p, MAIN_URBAN_AREA);

  // The landmarks in the catalogue must be those of the input.
  for (const l of LANDMARKS) {
    const src = input.landmarks.find((x) => Math.abs(x.lat - l.lat) < 1e-6 && Math.abs(x.lng - l.lng) < 1e-6);
    if (!src) throw new Error(`landmark ${l.name} (${l.lat}, ${l.lng}) not in input ${input.dir}`);
    if (!inDistrict(l, l.districtCode)) throw new Error(`landmark ${l.name} outside ${DISTRICTS[l.districtCode]}`);
  }

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

  // 7. Host kinds.
  const rngKind = createRng(SEED ^ 0x4b1d);
  const kinds: (HostKindKey | undefined)[] = drafts.map(() => undefined);
  const smartKind: ('kiosk' | 'toilet' | null)[] = drafts.map(() => null);
  const wuyiIndex = drafts.findIndex((d) => d.tag === 'wuyi_kiosk');
  kinds[wuyiIndex] = 'kiosk';
  smartKind[wuyiIndex] = 'kiosk';
  const yingzeMain = rngKind.shuffle(
    drafts.map((_d, i) => i).filter((i) => i !== wuyiIndex && drafts[i].code === 140106 && drafts[i].inMain),
  );
  for (const i of yingzeMain.slice(0, SMART_KIOSKS - 1)) {
    kinds[i] = 'kiosk';
    smartKind[i] = 'kiosk';
  }
  const toiletCandidates = rngKind.shuffle(drafts.map((_d, i) => i).filter((i) => !kinds[i] && drafts[i].inMain));
  for (const i of toiletCandidates.slice(0, SMART_TOILETS)) {
    kinds[i] = 'public_toilet';
    smartKind[i] = 'toilet';
  }
  const left: Record<HostKindKey, number> = { ...KIND_QUOTAS, kiosk: 0, public_toilet: KIND_QUOTAS.public_toilet - SMART_TOILETS };
  for (const i of rngKind.shuffle(drafts.map((_d, k) => k).filter((k) => !kinds[k]))) {
    const side = drafts[i].inMain ? 0 : 1;
    const options = (Object.keys(left) as HostKindKey[])
      .filter((k) => left[k] > 0)
      .map((k) => [k, left[k] * KIND_AFFINITY[k][side]] as const);
    const usable = options.some(([, w]) => w > 0) ? options : options.map(([k]) => [k, 1] as const);
    const k = rngKind.weighted(usable);
    kinds[i] = k;
    left[k]--;
  }

  // 8. Honours: provincial (209, attended stations, weighted to bigger hosts), mostBeautiful (37, a subset of the
  //    provincial ones), livelihood (120, disjoint from provincial, smart stations favoured).
  const rngHonour = createRng(SEED ^ 0x40e0);
  const sampleWeighted = (cands: number[], weight: (i: number) => number, k: number): Set<number> => {
    const keyed = cands.map((i) => ({ i, key: Math.log(rngHonour.next() || 1e-12) / Math.max(weight(i), 1e-9) }));
    keyed.sort((x, y) => y.key - x.key || x.i - y.i);
    return new Set(keyed.slice(0, k).map((x) => x.i));
  };
  const all = drafts.map((_d, i) => i);
  const provWeight: Record<HostKindKey, number> = {
    party_mass_centre: 3, worker_complex: 4, business_district: 1.5, petrol_station: 1, bank_branch: 1.2,
    public_toilet: 0.8, kiosk: 1, community: 1.5, enterprise: 1, street_office: 2,
  };
  const provincial = sampleWeighted(all.filter((i) => !smartKind[i]), (i) => provWeight[kinds[i]!], HONOUR_COUNTS.provincial);
  const mostBeautiful = sampleWeighted([...provincial], (i) => provWeight[kinds[i]!], HONOUR_COUNTS.mostBeautiful);
  const livelihood = sampleWeighted(all.filter((i) => !provincial.has(i)), (i) => (smartKind[i] ? 4 : 1), HONOUR_COUNTS.livelihood);

  // 9. Grades, amenities, hours, phones, names, doors.
  const rngAttr = createRng(SEED ^ 0xa77);
  const usedNames = new Set<string>();
  const closureAt = new Map<number, (typeof CLOSURES)[number]>();
  const overnight = new Set<number>();
  {
    const attended = rngAttr.shuffle(all.filter((i) => !smartKind[i] && kinds[i] !== 'petrol_station'));
    const nightCands = attended.filter((i) => kinds[i] === 'public_toilet' || kinds[i] === 'enterprise');
    for (const i of nightCands.slice(0, 8)) overnight.add(i);
    const closable = attended.filter((i) => !overnight.has(i));
    CLOSURES.forEach((c, k) => closureAt.set(closable[k], c));
  }
  let doorSeq = 0;
  const nextDoorId = (): string => `d${String(++doorSeq).padStart(4, '0')}`;
  const stations: SeedStation[] = drafts.map((d, i) => {
    const kind = kinds[i]!;
    const sk = smartKind[i];
    const smart = sk !== null;
    const honours: HonourKey[] = [];
    if (provincial.has(i)) honours.push('provincial');
    if (livelihood.has(i)) honours.push('livelihood');
    if (mostBeautiful.has(i)) honours.push('mostBeautiful');
    let grade: Grade = rngAttr.weighted<Grade>([[1, 15], [2, 38], [3, 32], [4, 15]]);
    if (mostBeautiful.has(i)) grade = 4;
    else if (provincial.has(i)) grade = Math.max(grade, 3) as Grade;
    else if (livelihood.has(i)) grade = Math.max(grade, 2) as Grade;

    const amenities = pickAmenities(kind, grade, smart, rngAttr);

    let hours: OpeningHours;
    if (smart || kind === 'petrol_station') hours = HOURS_24H();
    else if (overnight.has(i)) hours = { is24h: false, weekly: allWeek([rngAttr.pick(['20:00-08:00', '21:00-07:00'])]) };
    else if (kind === 'worker_complex' && rngAttr.chance(0.2)) hours = HOURS_24H();
    else hours = daytimeHours(kind, rngAttr);
    const closure = closureAt.get(i);
    if (closure) hours = { ...hours, closures: [{ ...closure }] };

    const phone = smart || rngAttr.chance(0.3) ? mobile(rngAttr) : landline(rngAttr);
    const { name, address } = nameAndAddress(kind, sk, d, rngAttr, usedNames);

    const doors: SeedDoor[] = [];
    if (smart) {
      doors.push({ id: nextDoorId(), name: sk === 'kiosk' ? '正门' : '管理间正门' });
      if (d.tag !== 'wuyi_kiosk' && rngAttr.chance(0.3)) doors.push({ id: nextDoorId(), name: '侧门' });
    } else if (kind === 'worker_complex') {
      doors.push({ id: nextDoorId(), name: '正门' });
      if (rngAttr.chance(0.4)) doors.push({ id: nextDoorId(), name: rngAttr.pick(['东门', '西门', '北门']) });
    } else if (kind === 'community' && rngAttr.chance(0.08)) {
      doors.push({ id: nextDoorId(), name: '驿站入口' });
    }

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

  // Screens (rotating codes) and pass readers: three doors each, never the 五一广场 kiosk's printed door.
  {
    const wuyiId = stations[wuyiIndex].id;
    const kioskDoors = stations.filter((s) => s.smartKind === 'kiosk' && s.id !== wuyiId).flatMap((s) => s.doors);
    const toiletDoors = stations.filter((s) => s.smartKind === 'toilet').flatMap((s) => s.doors);
    const complexDoors = stations.filter((s) => s.kind === 'worker_complex').flatMap((s) => s.doors);
    const rngDoor = createRng(SEED ^ 0xd00);
    const [k1] = rngDoor.shuffle(kioskDoors);
    const [t1, t2] = rngDoor.shuffle(toiletDoors);
    const [c1, c2, c3] = rngDoor.shuffle(complexDoors);
    k1.hasScreen = true;
    t1.hasScreen = true;
    c1.hasScreen = true;
    t2.hasReader = true;
    c2.hasReader = true;
    c3.hasReader = true;
  }

  const healthStations = buildHealthStations(createRng(SEED ^ 0x4ea1), (p, code) => inDistrict(p, code));

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
      checkGridPoints: checkGrid.length,
      latticeStations,
      holeFixStations,
      perDistrict,
      wuyiSmartStationId: wuyiStation.id,
      wuyiSmartDoorId: wuyiStation.doors[0].id,
      wuyiSmartDistanceM: Math.round(haversineM(wuyiStation, WUYI_SQUARE)),
    },
  };
}

function pickAmenities(kind: HostKindKey, grade: Grade, smart: boolean, rng: Rng): AmenityKey[] {
  const g = grade;
  const p: Record<AmenityKey, number> = {
    hot_water: 1,
    seating: 1,
    microwave: smart ? 0.5 : 0.3 + 0.15 * g,
    air_conditioning: smart ? 1 : 0.45 + 0.13 * g,
    charging: smart ? 1 : 0.5 + 0.12 * g,
    medicine_box: smart ? 1 : 0.55 + 0.11 * g,
    umbrella: 0.35 + 0.12 * g,
    books: smart ? 0.2 : 0.3 + 0.13 * g,
    emergency_supplies: smart ? 1 : 0.3 + 0.13 * g,
    toilet: kind === 'public_toilet' || kind === 'worker_complex' ? 1 : kind === 'petrol_station' ? 0.95 : kind === 'kiosk' ? 0 : 0.3 + 0.1 * g,
    wifi: smart ? 0.9 : 0.3 + 0.15 * g,
    refrigerator: 0.1 + 0.12 * g,
    washbasin: kind === 'public_toilet' ? 1 : kind === 'kiosk' ? 0.2 : 0.3 + 0.1 * g,
  };
  return AMENITY_KEYS.filter((k) => rng.chance(p[k]));
}

function nameAndAddress(
  kind: HostKindKey,
  sk: 'kiosk' | 'toilet' | null,
  d: Draft,
  rng: Rng,
  used: Set<string>,
): { name: string; address: string } {
  const D = DISTRICTS[d.code];
  if (d.tag === 'wuyi_kiosk') {
    const name = '五一广场智慧爱心驿站';
    used.add(name);
    return { name, address: `太原市${D}五一路与迎泽大街交叉口东北角` };
  }
  for (let attempt = 0; ; attempt++) {
    const S = rng.pick(STREETS[d.code]);
    const T = rng.pick(SUBDISTRICTS[d.code]);
    const stem = streetStem(S);
    const n = rng.int(1, 420);
    let name: string;
    let address = `太原市${D}${S}${n}号`;
    switch (kind) {
      case 'party_mass_centre':
        name = rng.chance(0.5) ? `${T}党群服务中心爱心驿站` : `${stem}${rng.pick(COMMUNITY_SUFFIXES)}社区党群服务站爱心驿站`;
        break;
      case 'worker_complex':
        name = rng.chance(0.5) ? `${D}${stem}职工服务综合体爱心驿站` : `${T}职工之家爱心驿站`;
        break;
      case 'business_district':
        name = `${stem}${rng.pick(['商圈', '步行街', '购物广场', '商业广场', '商务楼宇', '美食街'])}爱心驿站`;
        break;
      case 'petrol_station':
        name = `${rng.pick(PETROL_BRANDS)}${S}${rng.pick(['', '东', '西', '南', '北'])}加油站爱心驿站`;
        break;
      case 'bank_branch':
        name = `${rng.pick(BANKS)}太原${stem}${rng.pick(['支行', '分理处', '营业部'])}爱心驿站`;
        break;
      case 'public_toilet':
        name = sk ? `${S}公厕智慧爱心驿站` : `${D}${stem}环卫爱心驿站`;
        break;
      case 'kiosk':
        name = `${S}${rng.pick(['', '东口', '西口', '南口', '北口'])}智慧爱心驿站`;
        if (rng.chance(0.5)) address = `太原市${D}${S}与${rng.pick(STREETS[d.code].filter((x) => x !== S))}交叉口`;
        break;
      case 'community':
        name = `${stem}${rng.pick(COMMUNITY_SUFFIXES)}社区服务中心爱心驿站`;
        break;
      case 'enterprise':
        name = rng.pick([
          `${D}环卫中心${stem}作业点爱心驿站`,
          `太原公交${stem}场站爱心驿站`,
          `${stem}邮政支局爱心驿站`,
          `${stem}快递服务中心爱心驿站`,
          `国网${D}供电服务站爱心驿站`,
          `${stem}供热服务站爱心驿站`,
          `${stem}市政养护站爱心驿站`,
          `${D}园林绿化队${stem}站爱心驿站`,
        ]);
        break;
      case 'street_office':
        name = rng.chance(0.6) ? `${T}便民服务站爱心驿站` : `${T}${stem}便民服务站爱心驿站`;
        break;
    }
    if (attempt > 50) name = `${name.replace(/爱心驿站$/, '')}第${attempt - 49}爱心驿站`;
    if (!used.has(name)) {
      used.add(name);
      return { name, address };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Worker health stations (职工健康驿站).

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '郭', '武', '任', '段', '梁', '贾'];
const GIVEN = ['建华', '秀英', '志强', '丽娟', '海燕', '晓东', '文杰', '春梅', '宏伟', '静怡', '国庆', '玉兰', '俊峰', '雪梅', '晋生', '慧敏', '振宇', '亚楠'];
const TITLES: SeedDoctor['title'][] = ['主任医师', '副主任医师', '主治医师'];
const SPECIALTIES = ['心血管内科', '内分泌科', '骨科', '心理科', '呼吸内科', '中医科', '消化内科', '神经内科', '康复医学科'];
export const PARTNER_HOSPITAL = '山西省人民医院';

function buildHealthStations(rng: Rng, inDistrict: (p: LatLng, code: DistrictCode) => boolean): SeedHealthStation[] {
  const defs: {
    host: string;
    code: DistrictCode;
    address: string;
    lat: number;
    lng: number;
    open: boolean;
    doctors: number;
  }[] = [
    { host: '解南社区卫生服务中心', code: 140106, address: '太原市迎泽区解放南路156号', lat: 37.847312, lng: 112.566845, open: true, doctors: 4 },
    { host: '坝陵桥社区卫生服务中心', code: 140107, address: '太原市杏花岭区坝陵南街62号', lat: 37.883905, lng: 112.561478, open: true, doctors: 5 },
    { host: '下元社区卫生服务中心', code: 140109, address: '太原市万柏林区迎泽西大街188号', lat: 37.853417, lng: 112.516932, open: true, doctors: 3 },
    { host: '龙城社区卫生服务中心', code: 140105, address: '太原市小店区龙城大街97号', lat: 37.772614, lng: 112.566203, open: false, doctors: 0 },
    { host: '迎新街社区卫生服务中心', code: 140108, address: '太原市尖草坪区迎新街45号', lat: 37.906842, lng: 112.548317, open: false, doctors: 0 },
  ];
  const usedNames = new Set<string>();
  let doctorSeq = 0;
  let templateSeq = 0;
  return defs.map((def, k) => {
    if (!inDistrict(def, def.code)) throw new Error(`health station ${def.host} outside ${DISTRICTS[def.code]}`);
    const doctors: SeedDoctor[] = [];
    const templates: SessionTemplate[] = [];
    const specialties = ['全科', ...rng.shuffle(SPECIALTIES)];
    for (let j = 0; j < def.doctors; j++) {
      let name: string;
      do name = rng.pick(SURNAMES) + rng.pick(GIVEN);
      while (usedNames.has(name));
      usedNames.add(name);
      const doctor: SeedDoctor = {
        id: `doc${String(++doctorSeq).padStart(3, '0')}`,
        name,
        title: rng.pick(TITLES),
        specialty: specialties[j],
        hospital: PARTNER_HOSPITAL,
      };
      doctors.push(doctor);
      const days: SessionTemplate['weekday'][] = rng.shuffle([1, 2, 3, 4, 5] as const).slice(0, rng.int(1, 2));
      if (rng.chance(0.25)) days.push(6);
      for (const weekday of days.sort((a, c) => a - c)) {
        const [start, end] = weekday === 6 ? ['09:00', '11:00'] : rng.pick([['08:30', '11:30'], ['14:30', '17:30'], ['09:00', '12:00']] as const);
        templates.push({
          id: `tpl${String(++templateSeq).padStart(3, '0')}`,
          doctorId: doctor.id,
          weekday,
          start,
          end,
          slotMinutes: rng.pick([15, 20, 30] as const),
          capacity: rng.int(1, 4),
        });
      }
    }
    return {
      id: `hs${String(k + 1).padStart(2, '0')}`,
      name: `${def.host}职工健康驿站`,
      host: def.host,
      address: def.address,
      districtCode: def.code,
      district: DISTRICTS[def.code],
      lat: def.lat,
      lng: def.lng,
      status: def.open ? 'open' : 'opening_soon',
      openedOn: def.open ? '2024-08-16' : null,
      phone: landline(rng),
      partnerHospital: PARTNER_HOSPITAL,
      services: def.open ? ['慢性病管理', '常见病诊疗', '心理关爱', '健康咨询', '转诊绿色通道'] : [],
      doctors,
      templates,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering.

/** JSON expanded to `depth` levels, deeper values on one line: one station per line. */
export function formatJson(v: unknown, depth: number, indent = ''): string {
  if (depth <= 0 || v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + formatJson(x, depth - 1, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${formatJson(x, depth - 1, inner)}`).join(',\n')}\n${indent}}`;
}

export function renderFiles(seed: GeneratedSeed): Record<(typeof OUTPUT_FILES)[number], string> {
  const area = {
    type: 'Feature',
    properties: { name: '太原市主城区', nameEn: 'Taiyuan main urban area', coordSystem: 'GCJ-02', coverageRadiusM: 1000 },
    geometry: { type: 'Polygon', coordinates: [seed.mainUrbanArea] },
  };
  return {
    'stations.json': `${formatJson(seed.stations, 1)}\n`,
    'health-stations.json': `${formatJson(seed.healthStations, 3)}\n`,
    'main-urban-area.json': `${formatJson(area, 4)}\n`,
    'places.json': `${formatJson(seed.places, 1)}\n`,
    'README.md': renderReadme(seed),
  };
}

function renderReadme(seed: GeneratedSeed): string {
  const s = seed.stats;
  const st = seed.stations;
  const kinds = (Object.keys(HOST_KINDS) as HostKindKey[])
    .map((k) => `| \`${k}\` | ${HOST_KINDS[k]} | ${st.filter((x) => x.kind === k).length} |`)
    .join('\n');
  const districts = Object.entries(s.perDistrict)
    .map(([k, n]) => `| ${k} | ${n} |`)
    .join('\n');
  return `# Seed data (generated)

Written by \`npx tsx mock/seed/generate.ts [--input DIR]\` (input: \`--input\`, else \`SEED_INPUT_DIR\`, else
\`../shared/data/taiyuan\` beside the repo). Do not edit by hand; change the generator and rerun. The output is
deterministic (mulberry32, seed ${SEED}, no clock): a test regenerates it and compares byte for byte.

## Sources

- District boundaries and seats: Aliyun DataV areas_v3 (GCJ-02), as mirrored in the public repository
  anzhou99/GeoJsons (\`140100_full.json\`; no licence file accompanies the mirror). Used to place and check points;
  not copied here.
- Landmarks (五一广场, 太原站, 太原南站, 清徐县城, metro stations 尖草坪, 南中环, 晋阳街, 龙兴街): coordinates from
  zh.wikipedia infoboxes (WGS-84, converted to GCJ-02; coordinates are facts, Wikipedia text is CC BY-SA 4.0).
- Street and sub-district names are Taiyuan names (used loosely; a few are approximations). The counts (741
  stations, 209/120/37 honours, 61 smart stations: 20 kiosks in 迎泽区 + 41 public toilets) follow the city
  union's published figures.
- **Everything else is made up**: every station, its position, name, address, phone number, grade, amenities and
  hours; every health-station doctor (name, title, specialty) and session; the two health stations "opening soon".
  No real person's data is included. Phone numbers are random and fictional.

## Files

- \`stations.json\`: ${st.length} stations, one per line, ids \`ty0001\`..\`ty${String(st.length).padStart(4, '0')}\`.
  Fields: \`id, name, address, districtCode, district, lat, lng\` (GCJ-02, 6 decimals), \`kind\`, \`grade\` (1..4,
  一星..四星, 4 highest), \`honours\`, \`amenities\`, \`hours\` (OpeningHours of src/rules/hours.ts), \`phone\`,
  \`smart\`, \`smartKind\` ('kiosk' | 'toilet' | null), \`doors\` ([{id, name, hasScreen?, hasReader?}]).
- \`health-stations.json\`: worker health stations with doctors and weekly session templates (weekday 1 = Monday);
  the backend materialises dated sessions and slots from the templates.
- \`main-urban-area.json\`: the main urban area polygon (GeoJSON Feature, GCJ-02).
- \`places.json\`: the 7 district seats (DataV \`center\`) and the 8 landmarks, GCJ-02, for "choose a district or
  landmark" when location is refused.

## Decisions

- **Coverage.** Inside the main urban area every point is within 1,000 m of a station: a jittered hexagonal
  lattice (spacing 1,250 m, jitter ±100 m) over the area and a 700 m band around it, then random stations
  weighted to the core, then a greedy fix on a 100 m grid until every grid point is within ${COVERAGE_TARGET_M} m.
  Max nearest-station distance on the 100 m grid (${s.checkGridPoints} points): **${s.maxGapM} m**. Lattice
  stations: ${s.latticeStations}; added by the fix: ${s.holeFixStations}.
- **Honours overlap partly; counts are per honour.** provincial (省级工会爱心驿站) ${HONOUR_COUNTS.provincial},
  livelihood (省政府民生实事项目) ${HONOUR_COUNTS.livelihood}, mostBeautiful (最美工会户外劳动者服务站点)
  ${HONOUR_COUNTS.mostBeautiful}. mostBeautiful is a subset of provincial (the national title went to the best
  provincial stations, all graded 四星); livelihood is disjoint from provincial (the 2023-24 livelihood project built
  new stations, smart stations favoured). Provincial stations are graded at least 三星, livelihood at least 二星.
- **Smart stations** (${st.filter((x) => x.smart).length}): 20 converted kiosks (\`kind: 'kiosk'\`, all in 迎泽区 and in
  the main urban area) and 41 public toilets' management rooms (\`kind: 'public_toilet'\`); all 24 h, each with 1-2
  doors. Attended public toilets also exist (\`smart: false\`). Worker complexes and a few community centres have
  doors too; other attended stations have \`doors: []\`. Three doors have a screen (rotating codes), three a pass
  reader. The quick-start station is **${s.wuyiSmartStationId}** (五一广场智慧爱心驿站, ${s.wuyiSmartDistanceM} m from
  五一广场), door **${s.wuyiSmartDoorId}** (printed code: no screen, no reader).
- **Hours.** 24 h (\`is24h: true\`, every day \`00:00-24:00\`): all smart stations, all
  petrol stations and a few worker complexes. Others are daytime (banks differ at weekends or close on Sunday; some
  community stations close at lunch); eight sanitation / enterprise stations are open overnight only
  (20:00-08:00 or 21:00-07:00). Closures (\`from\` inclusive, \`to\` exclusive) use fixed dates so the output does
  not depend on the day it was generated; the first spans late 2026 so a closure shows in demos:
  ${CLOSURES.map((c) => `${c.from.slice(0, 10)} to ${c.to.slice(0, 10)} (${c.reason})`).join(', ')}.
- **Health stations.** 解南 (迎泽区), 坝陵桥 (杏花岭区, where 坝陵桥街道 is) and 下元 (万柏林区, where 下元街道 is)
  are open since 2024-08-16 with specialists of ${PARTNER_HOSPITAL}; DOMAIN.md's "迎泽区" is kept for 解南, the other
  two follow their sub-districts. Two made-up stations are \`opening_soon\` with no doctors or sessions.

## Host kinds

| key | label | stations |
|---|---|---|
${kinds}

## Stations per district

| district | stations |
|---|---|
${districts}
`;
}

export function writeSeed(input: TaiyuanInput, outDir: string): GeneratedSeed {
  const seed = buildSeed(input);
  fs.mkdirSync(outDir, { recursive: true });
  const files = renderFiles(seed);
  for (const name of OUTPUT_FILES) fs.writeFileSync(path.join(outDir, name), files[name]);
  return seed;
}
