/**
 * Every point of the seed lies in the right place of the real geography (the committed reference boundaries in
 * mock/seed/reference/).
 */
import { loadPlaces, loadSeed } from '../../mock/seed/load';
import { DISTRICTS, LANDMARKS, URBAN_DISTRICT_CODES, type DistrictCode } from '../../mock/seed/catalog';
import { defaultInputDir, districtArea, readTaiyuanInput } from '../../mock/seed/input';
import { pointInPolygon, type LatLng } from '@/rules/geo';

const input = readTaiyuanInput(defaultInputDir());
const inDistrict = (p: LatLng, code: DistrictCode): boolean => districtArea(input, code).rings.some((r) => pointInPolygon(p, r));
const { stations, healthStations, mainUrbanArea } = loadSeed();

describe('seed geography', () => {
  it('puts every station inside its district polygon', () => {
    const outside = stations.filter((s) => !inDistrict(s, s.districtCode)).map((s) => s.id);
    expect(outside).toEqual([]);
  });

  it('keeps the main urban area within the six urban districts', () => {
    for (const [lng, lat] of mainUrbanArea) {
      expect(URBAN_DISTRICT_CODES.some((c) => inDistrict({ lat, lng }, c))).toBe(true);
    }
    const lats = mainUrbanArea.map((c) => c[1]);
    const lngs = mainUrbanArea.map((c) => c[0]);
    for (let lat = Math.min(...lats); lat <= Math.max(...lats); lat += 0.005) {
      for (let lng = Math.min(...lngs); lng <= Math.max(...lngs); lng += 0.005) {
        if (!pointInPolygon({ lat, lng }, mainUrbanArea)) continue;
        expect(URBAN_DISTRICT_CODES.some((c) => inDistrict({ lat, lng }, c))).toBe(true);
      }
    }
  });

  it('puts health stations and places in their districts', () => {
    for (const h of healthStations) expect(inDistrict(h, h.districtCode)).toBe(true);
    const places = loadPlaces();
    expect(places).toHaveLength(15);
    for (const p of places) {
      expect(p.district).toBe(DISTRICTS[p.districtCode]);
      expect(inDistrict(p, p.districtCode)).toBe(true);
    }
    for (const l of LANDMARKS) {
      expect(input.landmarks.some((x) => x.lat === l.lat && x.lng === l.lng)).toBe(true);
    }
  });
});
