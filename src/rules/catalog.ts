/**
 * The stations' fixed vocabularies, shared by the app (labels, filter chips) and the backend/seed
 * (keys). Keys are stable identifiers; labels are what a worker reads.
 */

/** The ten kinds of host (DOMAIN.md: "10 kinds of host"). */
export const HOST_KINDS = {
  party_mass_centre: '党群服务阵地+爱心驿站',
  worker_complex: '服务职工综合体+爱心驿站',
  business_district: '商圈企业+爱心驿站',
  petrol_station: '加油站+爱心驿站',
  bank_branch: '银行网点+爱心驿站',
  public_toilet: '公厕管理间+爱心驿站',
  kiosk: '改造岗亭+爱心驿站',
  community: '社区服务中心+爱心驿站',
  enterprise: '企事业单位+爱心驿站',
  street_office: '街道便民服务站+爱心驿站',
} as const;
export type HostKindKey = keyof typeof HOST_KINDS;
export const HOST_KIND_KEYS = Object.keys(HOST_KINDS) as HostKindKey[];

/** Four grades; 4 is the highest. Shown as 一星..四星. */
export const GRADES = {
  1: '一星驿站',
  2: '二星驿站',
  3: '三星驿站',
  4: '四星驿站',
} as const;
export type Grade = 1 | 2 | 3 | 4;

/** Honours; a station may carry several. Counts in the seed are per honour. */
export const HONOURS = {
  provincial: '省级工会爱心驿站',
  livelihood: '省政府民生实事项目户外劳动者服务站点',
  mostBeautiful: '最美工会户外劳动者服务站点',
} as const;
export type HonourKey = keyof typeof HONOURS;
export const HONOUR_KEYS = Object.keys(HONOURS) as HonourKey[];
/** Exact number of stations carrying each honour (DOMAIN.md, mid-2024). */
export const HONOUR_COUNTS: Record<HonourKey, number> = { provincial: 209, livelihood: 120, mostBeautiful: 37 };

export const AMENITIES = {
  hot_water: '开水',
  seating: '休息座椅',
  microwave: '微波炉',
  air_conditioning: '空调',
  charging: '充电充气',
  medicine_box: '医药箱',
  umbrella: '爱心雨伞',
  books: '书报',
  emergency_supplies: '应急用品',
  toilet: '卫生间',
  wifi: '无线网络',
  refrigerator: '冰箱',
  washbasin: '洗手池',
} as const;
export type AmenityKey = keyof typeof AMENITIES;
export const AMENITY_KEYS = Object.keys(AMENITIES) as AmenityKey[];

/** Label of a host kind key, or the key itself when unknown (an older app meeting a newer server). */
export const hostKindLabel = (k: string): string => (HOST_KINDS as Record<string, string>)[k] ?? k;
/** Label of an amenity key, or the key itself when unknown. */
export const amenityLabel = (k: string): string => (AMENITIES as Record<string, string>)[k] ?? k;
/** Label of an honour key, or the key itself when unknown. */
export const honourLabel = (k: string): string => (HONOURS as Record<string, string>)[k] ?? k;
/** Label of a grade 1..4. */
export const gradeLabel = (g: number): string => (GRADES as Record<number, string>)[g] ?? `${g}级驿站`;
