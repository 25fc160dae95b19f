import { loadSeed } from '../../mock/seed/load';
import {
  AMENITIES,
  AMENITY_KEYS,
  DISTRICTS,
  DISTRICT_CODES,
  GRADES,
  HONOUR_COUNTS,
  HONOUR_KEYS,
  HOST_KINDS,
  HOST_KIND_KEYS,
  WUYI_SQUARE,
} from '../../mock/seed/catalog';
import { haversineM } from '@/rules/geo';
import { validateHours } from '@/rules/hours';
import { parseShanghaiDateTime } from '@/rules/time';

const { stations } = loadSeed();
const RANGE = /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

describe('seed stations: counts and ids', () => {
  it('has 741 stations with stable, unique ids ty0001..ty0741', () => {
    expect(stations).toHaveLength(741);
    expect(stations.map((s) => s.id)).toEqual(Array.from({ length: 741 }, (_, i) => `ty${String(i + 1).padStart(4, '0')}`));
  });

  it('spreads stations sensibly over the six urban districts and 清徐县', () => {
    const per = new Map<number, number>();
    for (const s of stations) per.set(s.districtCode, (per.get(s.districtCode) ?? 0) + 1);
    expect([...per.keys()].sort()).toEqual([...DISTRICT_CODES].sort());
    for (const code of DISTRICT_CODES) expect(per.get(code)).toBeGreaterThanOrEqual(30);
    expect(per.get(140121)).toBeLessThan(per.get(140106)!);
    for (const s of stations) expect(s.district).toBe(DISTRICTS[s.districtCode]);
  });

  it('has exact honour counts (per honour; mostBeautiful within provincial, livelihood apart)', () => {
    for (const h of HONOUR_KEYS) expect(stations.filter((s) => s.honours.includes(h)).length).toBe(HONOUR_COUNTS[h]);
    expect(HONOUR_COUNTS).toEqual({ provincial: 209, livelihood: 120, mostBeautiful: 37 });
    for (const s of stations) {
      expect(new Set(s.honours).size).toBe(s.honours.length);
      for (const h of s.honours) expect(HONOUR_KEYS).toContain(h);
      if (s.honours.includes('mostBeautiful')) expect(s.honours).toContain('provincial');
      expect(s.honours.includes('provincial') && s.honours.includes('livelihood')).toBe(false);
    }
  });

  it('has 61 smart stations: 20 kiosks all in 迎泽区 and 41 public toilets, all 24 h with doors', () => {
    const smart = stations.filter((s) => s.smart);
    expect(smart).toHaveLength(61);
    const kiosks = smart.filter((s) => s.smartKind === 'kiosk');
    const toilets = smart.filter((s) => s.smartKind === 'toilet');
    expect(kiosks).toHaveLength(20);
    expect(toilets).toHaveLength(41);
    for (const s of kiosks) {
      expect(s.kind).toBe('kiosk');
      expect(s.districtCode).toBe(140106);
    }
    for (const s of toilets) expect(s.kind).toBe('public_toilet');
    for (const s of smart) {
      expect(s.hours.is24h).toBe(true);
      expect(s.doors.length).toBeGreaterThanOrEqual(1);
    }
    for (const s of stations.filter((x) => !x.smart)) {
      expect(s.smartKind).toBeNull();
      expect(s.kind).not.toBe('kiosk');
    }
  });

  it('has unique door ids matching the pattern, a few screens and readers, most attended stations without doors', () => {
    const doors = stations.flatMap((s) => s.doors);
    const ids = doors.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of doors) {
      expect(d.id).toMatch(/^[a-z0-9]{3,12}$/);
      expect(d.name.length).toBeGreaterThan(0);
    }
    const screens = doors.filter((d) => d.hasScreen).length;
    const readers = doors.filter((d) => d.hasReader).length;
    expect(screens).toBeGreaterThanOrEqual(2);
    expect(screens).toBeLessThanOrEqual(5);
    expect(readers).toBeGreaterThanOrEqual(2);
    expect(readers).toBeLessThanOrEqual(5);
    const attended = stations.filter((s) => !s.smart);
    expect(attended.some((s) => s.doors.length > 0)).toBe(true);
    expect(attended.filter((s) => s.doors.length === 0).length / attended.length).toBeGreaterThan(0.9);
  });

  it('has a smart station within 600 m of 五一广场', () => {
    const near = stations.filter((s) => s.smart && haversineM(s, WUYI_SQUARE) <= 600);
    expect(near.length).toBeGreaterThanOrEqual(1);
    expect(near[0].doors[0].id).toMatch(/^[a-z0-9]{3,12}$/);
  });
});

describe('seed stations: catalogue fields', () => {
  it('uses all ten host kinds, each with a Chinese label', () => {
    expect(HOST_KIND_KEYS).toHaveLength(10);
    for (const k of HOST_KIND_KEYS) {
      expect(HOST_KINDS[k]).toMatch(/[\u4e00-\u9fff].*\+爱心驿站$/);
      expect(stations.some((s) => s.kind === k)).toBe(true);
    }
    for (const s of stations) expect(HOST_KIND_KEYS).toContain(s.kind);
  });

  it('has grades 1..4, all used', () => {
    expect(Object.keys(GRADES)).toEqual(['1', '2', '3', '4']);
    for (const g of [1, 2, 3, 4]) expect(stations.some((s) => s.grade === g)).toBe(true);
    for (const s of stations) expect([1, 2, 3, 4]).toContain(s.grade);
    for (const s of stations.filter((x) => x.honours.includes('mostBeautiful'))) expect(s.grade).toBe(4);
  });

  it('has valid amenity keys, always hot water and seating, no duplicates', () => {
    for (const k of AMENITY_KEYS) expect(AMENITIES[k]).toMatch(/[\u4e00-\u9fff]/);
    for (const s of stations) {
      expect(s.amenities).toContain('hot_water');
      expect(s.amenities).toContain('seating');
      expect(new Set(s.amenities).size).toBe(s.amenities.length);
      for (const a of s.amenities) expect(AMENITY_KEYS).toContain(a);
    }
  });

  it('has opening hours of the shared OpeningHours shape', () => {
    for (const s of stations) {
      const h = s.hours;
      expect({ id: s.id, errors: validateHours(h) }).toEqual({ id: s.id, errors: [] });
      if (h.is24h) expect(h.weekly).toEqual(Array.from({ length: 7 }, () => ['00:00-24:00']));
      expect(typeof h.is24h).toBe('boolean');
      expect(h.weekly).toHaveLength(7);
      for (const day of h.weekly) for (const r of day) expect(r).toMatch(RANGE);
      if (!h.is24h) expect(h.weekly.some((d) => d.length > 0)).toBe(true);
      for (const c of h.closures ?? []) {
        expect(c.from).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+08:00$/);
        expect(c.to).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+08:00$/);
        expect(parseShanghaiDateTime(c.from)!).toBeLessThan(parseShanghaiDateTime(c.to)!);
        expect(c.reason.length).toBeGreaterThan(0);
      }
    }
    const closed = stations.filter((s) => (s.hours.closures ?? []).length > 0);
    expect(closed.length).toBeGreaterThanOrEqual(2);
    expect(closed.length).toBeLessThanOrEqual(3);
    for (const s of stations.filter((x) => x.kind === 'petrol_station')) expect(s.hours.is24h).toBe(true);
    const overnight = stations.filter(
      (s) => !s.hours.is24h && s.hours.weekly.every((d) => d.length === 1 && d[0].split('-')[1] <= d[0].split('-')[0]),
    );
    expect(overnight.length).toBeGreaterThanOrEqual(2);
    const daytime = stations.filter((s) => !s.hours.is24h).length - overnight.length;
    expect(daytime).toBeGreaterThan(stations.length / 2);
  });

  it('has unique Chinese names, addresses in their district and made-up phones', () => {
    expect(new Set(stations.map((s) => s.name)).size).toBe(stations.length);
    for (const s of stations) {
      expect(s.name).toMatch(/^[\u4e00-\u9fff()（）0-9]+$/);
      expect(s.name).toMatch(/驿站/);
      expect(s.address.startsWith(`太原市${s.district}`)).toBe(true);
      expect(s.phone).toMatch(/^(0351-[2-8]\d{6}|1[3-9]\d{9})$/);
      expect(Number.isFinite(s.lat) && Number.isFinite(s.lng)).toBe(true);
      expect(Math.round(s.lat * 1e6) / 1e6).toBe(s.lat);
      expect(Math.round(s.lng * 1e6) / 1e6).toBe(s.lng);
    }
  });
});
