/**
 * "In mainland China" decides whether a WGS-84 fix is shifted to GCJ-02. gcoord itself only tests a rough box
 * (lng 72.004-137.8347, lat 0.8293-55.8271), so it would shift Seoul, Taipei, Hong Kong or Vladivostok; our
 * test uses the mainland outline of @rapideditor/country-coder and must agree with that library on both sides of
 * every land border crossing below and on a sample of the whole box.
 */
import gcoord from 'gcoord';
import { feature } from '@rapideditor/country-coder';
import { isInMainlandChina, wgs84ToGcj02, gcj02ToWgs84, haversineM, type LatLng } from '@/rules/geo';
import { MAINLAND_CHINA_HOLES, MAINLAND_CHINA_OUTER } from '@/rules/mainlandChina';
import { createRng } from '../../mock/seed/prng';

const isMainlandByLibrary = (p: LatLng): boolean => feature([p.lng, p.lat], { level: 'territory' })?.properties.wikidata === 'Q19188';
const gcoordShifts = (p: LatLng): boolean => {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
  return lng !== p.lng || lat !== p.lat;
};

it('the committed outline is exactly the one in the installed country-coder (rerun scripts/mainland-china.ts)', () => {
  const geometry = feature('Q19188')?.geometry as { type: string; coordinates: number[][][][] };
  expect(geometry.type).toBe('MultiPolygon');
  expect([MAINLAND_CHINA_OUTER, ...MAINLAND_CHINA_HOLES]).toEqual(geometry.coordinates[0]);
  expect(MAINLAND_CHINA_HOLES).toHaveLength(2); // Hong Kong, Macao
});

// Pairs of towns a few kilometres apart across a border (WGS-84): [name, point, in mainland China].
const BORDER_TOWNS: [string, LatLng, boolean][] = [
  ['深圳 福田口岸', { lat: 22.5172, lng: 114.0661 }, true],
  ['香港 落马洲', { lat: 22.5135, lng: 114.066 }, false],
  ['深圳 罗湖', { lat: 22.548, lng: 114.131 }, true],
  ['香港 上水', { lat: 22.5016, lng: 114.1283 }, false],
  ['珠海 拱北', { lat: 22.2226, lng: 113.5533 }, true],
  ['澳门 关闸', { lat: 22.2154, lng: 113.5497 }, false],
  ['丹东', { lat: 40.1292, lng: 124.3947 }, true],
  ['新义州 (朝鲜)', { lat: 40.1006, lng: 124.3981 }, false],
  ['图们', { lat: 42.9666, lng: 129.8426 }, true],
  ['南阳 (朝鲜)', { lat: 42.9536, lng: 129.8592 }, false],
  ['黑河', { lat: 50.2453, lng: 127.4884 }, true],
  ['布拉戈维申斯克 (俄罗斯)', { lat: 50.2907, lng: 127.5272 }, false],
  ['满洲里', { lat: 49.5977, lng: 117.3786 }, true],
  ['后贝加尔斯克 (俄罗斯)', { lat: 49.6485, lng: 117.3243 }, false],
  ['二连浩特', { lat: 43.6532, lng: 111.9767 }, true],
  ['扎门乌德 (蒙古)', { lat: 43.7155, lng: 111.9026 }, false],
  ['河口', { lat: 22.5093, lng: 103.9593 }, true],
  ['老街 (越南)', { lat: 22.4856, lng: 103.9707 }, false],
  ['东兴', { lat: 21.5476, lng: 107.9722 }, true],
  ['芒街 (越南)', { lat: 21.5246, lng: 107.9665 }, false],
  ['瑞丽', { lat: 24.0121, lng: 97.8511 }, true],
  ['木姐 (缅甸)', { lat: 23.9966, lng: 97.9044 }, false],
  ['厦门', { lat: 24.4798, lng: 118.0894 }, true],
  ['金门 (台湾)', { lat: 24.4493, lng: 118.3767 }, false],
];

describe.each(BORDER_TOWNS)('%s', (_name, p, mainland) => {
  it(`is ${mainland ? 'inside' : 'outside'} mainland China, as country-coder says`, () => {
    expect(isMainlandByLibrary(p)).toBe(mainland);
    expect(isInMainlandChina(p)).toBe(mainland);
  });

  it(mainland ? 'is shifted to GCJ-02 by 100-700 m' : "is never shifted, though gcoord's box would shift it", () => {
    expect(gcoordShifts(p)).toBe(true);
    if (mainland) {
      const shiftM = haversineM(p, wgs84ToGcj02(p));
      expect(shiftM).toBeGreaterThan(100);
      expect(shiftM).toBeLessThan(700);
    } else {
      // The very same numbers back, not merely close ones.
      expect(wgs84ToGcj02(p)).toEqual(p);
      expect(gcj02ToWgs84(p)).toEqual(p);
    }
  });
});

it("agrees with country-coder on 3,000 random points in gcoord's box", () => {
  const rng = createRng(20241231);
  const disagreements: LatLng[] = [];
  for (let k = 0; k < 3000; k++) {
    const p = { lat: rng.range(0.8293, 55.8271), lng: rng.range(72.004, 137.8347) };
    if (isInMainlandChina(p) !== isMainlandByLibrary(p)) disagreements.push(p);
  }
  expect(disagreements).toEqual([]);
});
