/**
 * Fixed vocabularies of the seed data: the station vocabularies (re-exported from src/rules/catalog.ts), the
 * districts, and the landmarks (coordinates are facts from zh.wikipedia infoboxes, WGS-84, converted to GCJ-02).
 */

// The stations' vocabularies are shared with the app: src/rules/catalog.ts is the single source.
export { AMENITIES, AMENITY_KEYS, GRADES, HONOURS, HONOUR_COUNTS, HONOUR_KEYS, HOST_KINDS, HOST_KIND_KEYS } from '@/rules/catalog';
export type { AmenityKey, Grade, HonourKey, HostKindKey } from '@/rules/catalog';

/** The seven county-level areas that have stations (adcode -> name). */
export const DISTRICTS = {
  140105: '小店区',
  140106: '迎泽区',
  140107: '杏花岭区',
  140108: '尖草坪区',
  140109: '万柏林区',
  140110: '晋源区',
  140121: '清徐县',
} as const;
export type DistrictCode = 140105 | 140106 | 140107 | 140108 | 140109 | 140110 | 140121;
export const DISTRICT_CODES = Object.keys(DISTRICTS).map(Number) as DistrictCode[];
/** The six urban districts (the main urban area lies within them). */
export const URBAN_DISTRICT_CODES: DistrictCode[] = [140105, 140106, 140107, 140108, 140109, 140110];

export interface Landmark {
  id: string;
  name: string;
  districtCode: DistrictCode;
  /** GCJ-02. */
  lat: number;
  lng: number;
}

/** 8 landmarks (zh.wikipedia coordinates, WGS-84 -> GCJ-02). */
export const LANDMARKS: Landmark[] = [
  { id: 'wuyi_square', name: '五一广场', districtCode: 140106, lat: 37.861604, lng: 112.57417 },
  { id: 'taiyuan_station', name: '太原站', districtCode: 140106, lat: 37.860197, lng: 112.588066 },
  { id: 'taiyuan_south_station', name: '太原南站', districtCode: 140105, lat: 37.792, lng: 112.611343 },
  { id: 'qingxu_seat', name: '清徐县城', districtCode: 140121, lat: 37.607468, lng: 112.358521 },
  { id: 'metro_jiancaoping', name: '尖草坪站(地铁2号线)', districtCode: 140108, lat: 37.915699, lng: 112.562931 },
  { id: 'metro_nanzhonghuan', name: '南中环站(地铁2号线)', districtCode: 140105, lat: 37.795371, lng: 112.561797 },
  { id: 'metro_jinyangjie', name: '晋阳街站(地铁2号线)', districtCode: 140105, lat: 37.788069, lng: 112.561805 },
  { id: 'metro_longxingjie', name: '龙兴街站(地铁2号线)', districtCode: 140105, lat: 37.78147, lng: 112.561444 },
];

/** 五一广场, GCJ-02: the quick start looks for a smart station near it. */
export const WUYI_SQUARE = { lat: 37.861604, lng: 112.57417 } as const;
