/**
 * Rendering of the generated seed to the files of mock/seed/data/: compact JSON (one station per line, so diffs
 * stay readable) and the README documenting sources and decisions, with the figures of this run filled in.
 */
import { HONOUR_COUNTS, HOST_KINDS, type HostKindKey } from './catalog';
import { PARTNER_HOSPITAL } from './health';
import { CLOSURES } from './hours';
import { COVERAGE_TARGET_M, SEED } from './params';
import type { LngLat, SeedHealthStation, SeedPlace, SeedStation } from './types';

/** The files written to the output directory, in writing order. */
export const OUTPUT_FILES = ['stations.json', 'health-stations.json', 'main-urban-area.json', 'places.json', 'README.md'] as const;

/** Figures of one generation run, reported by the CLI and written into the README. */
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

/** Everything the generator produces, before rendering. */
export interface GeneratedSeed {
  stations: SeedStation[];
  healthStations: SeedHealthStation[];
  mainUrbanArea: LngLat[];
  places: SeedPlace[];
  stats: SeedStats;
}

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

/** The content of every output file, keyed by file name. */
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

/** The README of mock/seed/data/: sources, file formats and the decisions behind the data. */
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

Written by \`npx tsx mock/seed/generate.ts\` from the reference inputs in \`mock/seed/reference/\` (another copy:
\`--input DIR\` or \`SEED_INPUT_DIR\`). Do not edit by hand; change the generator and rerun. The output is
deterministic (mulberry32, seed ${SEED}, no clock): a test regenerates it and compares byte for byte.

## Sources

- District boundaries and seats: Aliyun DataV areas_v3 (GCJ-02), as mirrored in the public repository
  anzhou99/GeoJsons (\`140100_full.json\`; no licence file accompanies the mirror). Used to place and check points;
  the input file is in \`mock/seed/reference/\`.
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
