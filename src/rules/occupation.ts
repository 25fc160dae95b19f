/**
 * Occupations of the outdoor workers the union stations serve (DOMAIN.md). Codes are stored; labels are shown.
 */

export const OCCUPATIONS = [
  { code: 'sanitation', label: '环卫工人' },
  { code: 'delivery', label: '外卖骑手' },
  { code: 'courier', label: '快递员' },
  { code: 'ride_hailing', label: '网约车司机' },
  { code: 'taxi', label: '出租车司机' },
  { code: 'construction', label: '建筑工人' },
  { code: 'traffic_police', label: '交通警察' },
  { code: 'other', label: '其他' },
] as const;

export type Occupation = (typeof OCCUPATIONS)[number]['code'];

/** Type guard for a stored or submitted occupation code. */
export function isOccupation(x: unknown): x is Occupation {
  return typeof x === 'string' && OCCUPATIONS.some((o) => o.code === x);
}

/**
 * Chinese label of an occupation code; '未知' for a code this version does not know, so an old app build never
 * crashes on a newer code.
 */
export function occupationLabel(code: string): string {
  return OCCUPATIONS.find((o) => o.code === code)?.label ?? '未知';
}
