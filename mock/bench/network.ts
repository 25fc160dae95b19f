/**
 * A synthetic national network of union stations for the nearby benchmark: 186,100 stations (the national
 * federation's count at the end of 2024) clustered over Chinese cities, plus queries drawn the way workers
 * are spread. Deterministic (mulberry32 from mock/seed/prng.ts): the same seed gives the same network.
 * Everything here is made up; coordinates are treated as GCJ-02 like the real store.
 */
import { createRng, type Rng } from '../seed/prng';
import { isInMainlandChina, type LatLng } from '@/rules/geo';
import type { Station } from '../src/features/stations';
import type { OpeningHours } from '@/rules/hours';

export const NATIONAL_STATION_COUNT = 186_100;

/** [name, lat, lng, urban population in millions]: city centres that stations cluster around. */
const CITIES: readonly (readonly [string, number, number, number])[] = [
  ['上海', 31.23, 121.47, 24.9],
  ['北京', 39.9, 116.41, 21.9],
  ['深圳', 22.54, 114.06, 17.7],
  ['重庆', 29.56, 106.55, 16.0],
  ['广州', 23.13, 113.26, 18.8],
  ['成都', 30.66, 104.07, 16.3],
  ['天津', 39.13, 117.2, 11.4],
  ['武汉', 30.59, 114.31, 11.3],
  ['东莞', 23.02, 113.75, 10.5],
  ['西安', 34.34, 108.94, 10.0],
  ['杭州', 30.27, 120.16, 10.6],
  ['佛山', 23.02, 113.12, 9.5],
  ['南京', 32.06, 118.8, 8.0],
  ['沈阳', 41.8, 123.43, 7.0],
  ['青岛', 36.07, 120.38, 6.5],
  ['郑州', 34.75, 113.63, 8.5],
  ['长沙', 28.23, 112.94, 7.0],
  ['哈尔滨', 45.8, 126.53, 5.5],
  ['昆明', 25.04, 102.71, 5.0],
  ['大连', 38.91, 121.6, 4.5],
  ['济南', 36.65, 117.12, 5.5],
  ['厦门', 24.48, 118.09, 4.5],
  ['合肥', 31.82, 117.23, 5.5],
  ['福州', 26.07, 119.3, 4.5],
  ['石家庄', 38.04, 114.51, 4.5],
  ['太原', 37.87, 112.55, 4.2],
  ['长春', 43.82, 125.32, 4.5],
  ['南宁', 22.82, 108.32, 4.0],
  ['南昌', 28.68, 115.86, 4.0],
  ['贵阳', 26.65, 106.63, 4.0],
  ['乌鲁木齐', 43.83, 87.62, 3.5],
  ['兰州', 36.06, 103.83, 3.0],
  ['苏州', 31.3, 120.59, 8.0],
  ['宁波', 29.87, 121.55, 5.0],
  ['无锡', 31.49, 120.31, 4.0],
  ['温州', 28.0, 120.7, 3.5],
  ['呼和浩特', 40.84, 111.75, 2.5],
  ['银川', 38.49, 106.23, 2.0],
  ['西宁', 36.62, 101.78, 1.8],
  ['海口', 20.04, 110.32, 2.0],
  ['拉萨', 29.65, 91.14, 0.6],
  ['包头', 40.66, 109.84, 2.0],
  ['洛阳', 34.62, 112.45, 3.0],
  ['唐山', 39.63, 118.18, 3.5],
  ['徐州', 34.26, 117.18, 3.5],
  ['烟台', 37.46, 121.45, 3.0],
  ['潍坊', 36.71, 119.16, 3.0],
  ['临沂', 35.1, 118.36, 3.0],
  ['泉州', 24.87, 118.68, 3.5],
  ['常州', 31.81, 119.97, 3.5],
  ['南通', 31.98, 120.89, 3.0],
  ['绍兴', 30.0, 120.58, 2.5],
  ['台州', 28.66, 121.42, 2.5],
  ['金华', 29.08, 119.65, 2.0],
  ['嘉兴', 30.75, 120.76, 2.0],
  ['惠州', 23.11, 114.42, 3.0],
  ['中山', 22.52, 113.39, 3.0],
  ['珠海', 22.27, 113.58, 2.0],
  ['江门', 22.58, 113.08, 2.0],
  ['汕头', 23.35, 116.68, 3.0],
  ['湛江', 21.27, 110.36, 2.0],
  ['柳州', 24.33, 109.41, 2.0],
  ['桂林', 25.27, 110.29, 1.5],
  ['赣州', 25.83, 114.93, 2.0],
  ['襄阳', 32.01, 112.12, 2.0],
  ['宜昌', 30.69, 111.29, 1.5],
  ['岳阳', 29.36, 113.13, 1.5],
  ['衡阳', 26.89, 112.57, 1.5],
  ['株洲', 27.83, 113.13, 1.5],
  ['芜湖', 31.35, 118.43, 2.0],
  ['蚌埠', 32.92, 117.39, 1.2],
  ['绵阳', 31.47, 104.68, 1.8],
  ['南充', 30.84, 106.11, 1.5],
  ['宜宾', 28.77, 104.64, 1.2],
  ['遵义', 27.73, 106.93, 1.5],
  ['保定', 38.87, 115.46, 2.5],
  ['邯郸', 36.63, 114.54, 2.0],
  ['廊坊', 39.54, 116.68, 1.5],
  ['大同', 40.08, 113.3, 1.8],
  ['长治', 36.2, 113.12, 1.2],
  ['吉林', 43.84, 126.55, 1.8],
  ['大庆', 46.59, 125.1, 1.5],
  ['鞍山', 41.11, 122.99, 1.5],
  ['宝鸡', 34.36, 107.24, 1.2],
  ['咸阳', 34.33, 108.71, 1.5],
  ['榆林', 38.29, 109.74, 1.0],
  ['鄂尔多斯', 39.61, 109.78, 1.0],
  ['喀什', 39.47, 75.99, 0.7],
  ['天水', 34.58, 105.72, 1.0],
  ['三亚', 18.25, 109.51, 1.0],
  ['扬州', 32.39, 119.41, 2.0],
  ['盐城', 33.35, 120.16, 2.0],
];

// Share of stations in towns and along roads outside the city clusters.
const SCATTERED_SHARE = 0.08;

/** A point around a city: Gaussian, sigma growing with the city's size (3-13 km), in degrees. */
function aroundCity(rng: Rng, city: readonly [string, number, number, number]): LatLng {
  const sigmaKm = 3 + 2 * Math.sqrt(city[3]);
  const kmPerDegLat = 111.195;
  const kmPerDegLng = kmPerDegLat * Math.cos((city[1] * Math.PI) / 180);
  return { lat: city[1] + (rng.normal() * sigmaKm) / kmPerDegLat, lng: city[2] + (rng.normal() * sigmaKm) / kmPerDegLng };
}

/** A uniform point of mainland China (rejection sampling in its bounding box). */
function anywhereInChina(rng: Rng): LatLng {
  for (;;) {
    const p = { lat: rng.range(18, 53.5), lng: rng.range(73.5, 134.8) };
    if (isInMainlandChina(p)) return p;
  }
}

/** A place where a station or a worker is: in a city (by population weight) or scattered. */
export function samplePlace(rng: Rng): LatLng {
  if (rng.chance(SCATTERED_SHARE)) return anywhereInChina(rng);
  return aroundCity(rng, rng.weighted(CITIES.map((c) => [c, c[3]] as const)));
}

const day = (t: string): string[][] => Array.from({ length: 7 }, () => [t]);
// A few schedules with the seed's mix: daytime, weekdays + weekend, 24 h, overnight, a closure, mornings only.
const HOURS: readonly (readonly [OpeningHours, number])[] = [
  [{ is24h: true, weekly: day('00:00-24:00') }, 10],
  [{ is24h: false, weekly: day('08:00-20:00') }, 40],
  [{ is24h: false, weekly: [...day('07:30-19:30').slice(0, 5), ['09:00-18:00'], ['09:00-18:00']] }, 35],
  [{ is24h: false, weekly: day('22:00-06:00') }, 4],
  [
    {
      is24h: false,
      weekly: day('08:00-20:00'),
      closures: [{ from: '2026-01-01T00:00:00+08:00', to: '2030-01-01T00:00:00+08:00', reason: '场地装修' }],
    },
    1,
  ],
  [{ is24h: false, weekly: [...day('09:00-12:00').slice(0, 6), []] }, 10],
];
const AMENITY_SETS: readonly string[][] = [
  ['hot_water', 'seating', 'microwave', 'air_conditioning', 'charging', 'medicine_box', 'toilet', 'wifi'],
  ['hot_water', 'seating', 'charging', 'medicine_box', 'umbrella'],
  ['hot_water', 'seating', 'air_conditioning', 'books', 'emergency_supplies', 'wifi', 'refrigerator'],
  ['hot_water', 'seating', 'toilet', 'washbasin', 'charging'],
];
const KINDS = [
  'party_mass_centre',
  'worker_complex',
  'business_district',
  'petrol_station',
  'bank_branch',
  'public_toilet',
  'kiosk',
  'community',
  'enterprise',
  'street_office',
];

/** The synthetic network: `count` stations with list fields filled in like the seed's. */
export function nationalNetwork(count = NATIONAL_STATION_COUNT, seed = 186100): Station[] {
  const rng = createRng(seed);
  const out: Station[] = [];
  for (let i = 0; i < count; i++) {
    const p = samplePlace(rng);
    const n = String(i + 1).padStart(6, '0');
    out.push({
      id: `cn${n}`,
      name: `合成爱心驿站${n}号`,
      address: `合成地址第${n}号`,
      district: '合成',
      lat: Math.round(p.lat * 1e6) / 1e6,
      lng: Math.round(p.lng * 1e6) / 1e6,
      kind: rng.pick(KINDS),
      grade: rng.int(1, 4),
      honours: [],
      amenities: rng.pick(AMENITY_SETS),
      // Its own copy, as the repository parses each station's hours: no sharing that would flatter caches.
      hours: structuredClone(rng.weighted(HOURS)),
      phone: '03510000000',
      smart: rng.chance(0.08),
      smartKind: null,
    });
  }
  return out;
}

/** `count` query points, spread like the workers (in cities, some scattered), from their own seed. */
export function queryPoints(count: number, seed = 10000): LatLng[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => samplePlace(rng));
}
