import gcoord from 'gcoord';
import {
  EARTH_RADIUS_M,
  formatDistance,
  gcj02ToWgs84,
  haversineM,
  haversineCosM,
  cosLat,
  isInMainlandChina,
  pointInPolygon,
  walkMinutes,
  walkLine,
  wgs84ToGcj02,
  type LatLng,
} from '@/rules/geo';
import { MAINLAND_CHINA_HOLES, MAINLAND_CHINA_OUTER } from '@/rules/mainlandChina';

const R = EARTH_RADIUS_M;
const DEG = Math.PI / 180;

// Reference pairs from mock/seed/reference/taiyuan_landmarks_wikipedia.json (WGS-84 from Wikipedia, GCJ-02
// as published for Amap/Tencent display).
const LANDMARKS: [string, LatLng, LatLng][] = [
  ['五一广场', { lat: 37.86111, lng: 112.56791 }, { lat: 37.861604, lng: 112.57417 }],
  ['太原站', { lat: 37.8597167, lng: 112.5818222 }, { lat: 37.860197, lng: 112.588066 }],
  ['太原南站', { lat: 37.7915139, lng: 112.6051083 }, { lat: 37.792, lng: 112.611343 }],
  ['清徐县', { lat: 37.60666, lng: 112.35192 }, { lat: 37.607468, lng: 112.358521 }],
];

describe('haversineM', () => {
  const taiyuan = { lat: 37.86111, lng: 112.56791 };

  it('1 degree of latitude is R·π/180 = 111,195.08 m', () => {
    // 6,371,008.8 × 0.0174532925199 = 111,195.0802
    expect(haversineM({ lat: 37, lng: 112 }, { lat: 38, lng: 112 })).toBeCloseTo(111195.08, 1);
  });

  it('a quarter of the equator is 90 × 111,195.0802 = 10,007,557.22 m; half is 20,015,114.44 m', () => {
    expect(haversineM({ lat: 0, lng: 0 }, { lat: 0, lng: 90 })).toBeCloseTo(10007557.22, 1);
    expect(haversineM({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(20015114.44, 1);
  });

  it('is 0 for the same point and symmetric', () => {
    expect(haversineM(taiyuan, taiyuan)).toBe(0);
    const b = { lat: 37.7915139, lng: 112.6051083 };
    expect(haversineM(taiyuan, b)).toBeCloseTo(haversineM(b, taiyuan), 9);
  });

  it('haversineCosM (cosines given, as the nearby index keeps them) gives the very same metres', () => {
    const b = { lat: 37.7915139, lng: 112.6051083 };
    const north = { lat: taiyuan.lat + 1000 / R / DEG, lng: taiyuan.lng };
    for (const p of [b, north, taiyuan]) {
      expect(haversineCosM(taiyuan.lat, taiyuan.lng, cosLat(taiyuan.lat), p.lat, p.lng, cosLat(p.lat))).toBe(haversineM(taiyuan, p));
    }
    expect(cosLat(60)).toBeCloseTo(0.5, 15);
  });

  it('1,000 m due north: Δlat = 1000 / R rad', () => {
    const north = { lat: taiyuan.lat + 1000 / R / DEG, lng: taiyuan.lng };
    expect(haversineM(taiyuan, north)).toBeCloseTo(1000, 6);
  });

  it('1,000 m due east at latitude φ: Δlng = 2·asin(sin(d/2R) / cos φ)', () => {
    const dLng = 2 * Math.asin(Math.sin(1000 / (2 * R)) / Math.cos(taiyuan.lat * DEG));
    const east = { lat: taiyuan.lat, lng: taiyuan.lng + dLng / DEG };
    expect(haversineM(taiyuan, east)).toBeCloseTo(1000, 6);
  });
});

describe('WGS-84 <-> GCJ-02', () => {
  it.each(LANDMARKS)('%s: WGS-84 -> GCJ-02 within 1 m of the reference', (_name, wgs, gcj) => {
    expect(haversineM(wgs84ToGcj02(wgs), gcj)).toBeLessThan(1);
  });

  it.each(LANDMARKS)('%s: GCJ-02 -> WGS-84 within 2 m of the reference', (_name, wgs, gcj) => {
    expect(haversineM(gcj02ToWgs84(gcj), wgs)).toBeLessThan(2);
  });

  it('mixing systems puts a Taiyuan station ~500-600 m off (why both must never be mixed)', () => {
    // 五一广场: Δlng 0.00626° × cos 37.86° × 111,195 m ≈ 550 m east, Δlat 0.000494° × 111,195 m ≈ 55 m north
    const [, wgs, gcj] = LANDMARKS[0];
    const off = haversineM(wgs, gcj);
    expect(off).toBeGreaterThan(500);
    expect(off).toBeLessThan(600);
    const converted = wgs84ToGcj02(wgs);
    expect(haversineM(wgs, converted)).toBeGreaterThan(500);
  });

  const abroad: [string, LatLng][] = [
    ['Tokyo', { lat: 35.6895, lng: 139.6917 }],
    ['Seoul', { lat: 37.5665, lng: 126.978 }],
    ['Pyongyang', { lat: 39.0392, lng: 125.7625 }],
    ['Hong Kong (Kowloon)', { lat: 22.3193, lng: 114.1694 }],
    ['Hong Kong Island', { lat: 22.2783, lng: 114.1747 }],
    ['Macau', { lat: 22.1987, lng: 113.5439 }],
    ['Taipei', { lat: 25.033, lng: 121.5654 }],
    ['Ulaanbaatar', { lat: 47.9184, lng: 106.9177 }],
    ['Hanoi', { lat: 21.0278, lng: 105.8342 }],
    ['Almaty', { lat: 43.2389, lng: 76.8897 }],
    ['Kathmandu', { lat: 27.7172, lng: 85.324 }],
    ['Vladivostok', { lat: 43.1155, lng: 131.8855 }],
  ];

  it.each(abroad)('%s is outside mainland China and never shifted', (_name, p) => {
    expect(isInMainlandChina(p)).toBe(false);
    expect(wgs84ToGcj02(p)).toEqual(p);
    expect(gcj02ToWgs84(p)).toEqual(p);
  });

  it("guards against gcoord's rough bounding box, which would shift Seoul", () => {
    const [lng] = gcoord.transform([126.978, 37.5665], gcoord.WGS84, gcoord.GCJ02);
    expect(lng).not.toBe(126.978);
  });

  const mainland: [string, LatLng][] = [
    ['Taiyuan', { lat: 37.8706, lng: 112.5489 }],
    ['Beijing', { lat: 39.9042, lng: 116.4074 }],
    ['Shanghai', { lat: 31.2304, lng: 121.4737 }],
    ['Urumqi', { lat: 43.8256, lng: 87.6168 }],
    ['Kashgar', { lat: 39.4704, lng: 75.9898 }],
    ['Lhasa', { lat: 29.65, lng: 91.1409 }],
    ['Harbin', { lat: 45.8038, lng: 126.535 }],
    ['Sanya (Hainan)', { lat: 18.2528, lng: 109.5119 }],
    ['Haikou (Hainan)', { lat: 20.044, lng: 110.3249 }],
    ['Guangzhou', { lat: 23.1291, lng: 113.2644 }],
    ['Kunming', { lat: 25.0389, lng: 102.7183 }],
    ['Hohhot', { lat: 40.8424, lng: 111.749 }],
    ['Xiamen', { lat: 24.4798, lng: 118.0894 }],
  ];

  it.each(mainland)('%s is in mainland China', (_name, p) => {
    expect(isInMainlandChina(p)).toBe(true);
    expect(haversineM(p, wgs84ToGcj02(p))).toBeGreaterThan(50);
  });
});

describe('pointInPolygon', () => {
  const square: [number, number][] = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];
  // A "U" shape: the notch between x 4..6 above y 2 is outside.
  const u: [number, number][] = [
    [0, 0],
    [10, 0],
    [10, 10],
    [6, 10],
    [6, 2],
    [4, 2],
    [4, 10],
    [0, 10],
  ];

  it.each([
    [square, { lng: 5, lat: 5 }, true],
    [square, { lng: 11, lat: 5 }, false],
    [square, { lng: -1, lat: 5 }, false],
    [square, { lng: 5, lat: 10.5 }, false],
    [u, { lng: 2, lat: 8 }, true],
    [u, { lng: 5, lat: 8 }, false],
    [u, { lng: 5, lat: 1 }, true],
    [u, { lng: 8, lat: 8 }, true],
  ])('case %#', (ring, p, inside) => {
    expect(pointInPolygon(p, ring)).toBe(inside);
  });

  it('the mainland outline and its holes are simple polygons (no edge crosses another)', () => {
    const cross = (a: number[], b: number[], c: number[]): number => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    const crossings: [number, number][] = [];
    for (const ring of [MAINLAND_CHINA_OUTER, ...MAINLAND_CHINA_HOLES]) {
      const n = ring.length;
      for (let i = 0; i < n; i++) {
        for (let j = i + 2; j < n; j++) {
          if (i === 0 && j === n - 1) continue;
          const [a, b, c, d] = [ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]];
          if (cross(a, b, c) * cross(a, b, d) < 0 && cross(c, d, a) * cross(c, d, b) < 0) crossings.push([i, j]);
        }
      }
    }
    expect(crossings).toEqual([]);
  });
});

describe('walkMinutes (1 km = 15 min, rounded up, at least 1)', () => {
  it.each([
    [0, 1],
    [1, 1],
    [66, 1], // 0.99 min
    [67, 2], // 1.005 min
    [500, 8], // 7.5 min
    [1000, 15],
    [1001, 16], // 15.015 min
    [2000, 30],
    [3000, 45], // the longest walk offered
    [3000.1, null],
    [300_000, null], // a worker outside the city: no 4,500-minute walk
  ])('%d m -> %p min', (m, min) => {
    expect(walkMinutes(m)).toBe(min);
  });

  it.each([-1, NaN, Infinity])('rejects %d', (m) => {
    expect(() => walkMinutes(m)).toThrow(RangeError);
  });

  it('says so in words: 步行约N分钟 up to 3 km, then a suggestion to ride', () => {
    expect(walkLine(walkMinutes(999.9))).toBe('步行约15分钟');
    expect(walkLine(walkMinutes(3000))).toBe('步行约45分钟');
    expect(walkLine(walkMinutes(3001))).toBe('较远，建议骑行或乘车');
  });
});

describe('formatDistance', () => {
  it.each([
    [0, '0米'],
    [850, '850米'],
    [849.6, '850米'],
    [999.4, '999米'],
    [999.5, '1公里'],
    [1000, '1公里'],
    [1200, '1.2公里'],
    [1249, '1.2公里'],
    [1250, '1.3公里'],
    [3000, '3公里'],
    [12345, '12.3公里'],
    [99949, '99.9公里'],
    [99950, '100公里'],
    [150400, '150公里'],
  ])('%d m -> %s', (m, text) => {
    expect(formatDistance(m)).toBe(text);
  });

  it('rejects a negative distance', () => {
    expect(() => formatDistance(-5)).toThrow(RangeError);
  });
});
