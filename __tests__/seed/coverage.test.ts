/**
 * The service promise: inside the main urban area every point is within 1 km of a station. Checked on a 200 m
 * grid of points inside the committed main-urban-area polygon, by haversine on the mean Earth radius.
 */
import { loadSeed } from '../../mock/seed/load';
import { EARTH_RADIUS_M, haversineM, pointInPolygon, type LatLng } from '@/rules/geo';

const { stations, mainUrbanArea } = loadSeed();
const STEP_M = 200;

function grid(): LatLng[] {
  const lats = mainUrbanArea.map((c) => c[1]);
  const lngs = mainUrbanArea.map((c) => c[0]);
  const mPerDegLat = (EARTH_RADIUS_M * Math.PI) / 180;
  const out: LatLng[] = [];
  for (let lat = Math.min(...lats); lat <= Math.max(...lats); lat += STEP_M / mPerDegLat) {
    const dLng = STEP_M / (mPerDegLat * Math.cos((lat * Math.PI) / 180));
    for (let lng = Math.min(...lngs); lng <= Math.max(...lngs); lng += dLng) {
      if (pointInPolygon({ lat, lng }, mainUrbanArea)) out.push({ lat, lng });
    }
  }
  return out;
}

describe('seed coverage of the main urban area', () => {
  const points = grid();

  it('is a real polygon inside 37.72-37.95 N, 112.45-112.65 E, not a rectangle', () => {
    expect(mainUrbanArea.length).toBeGreaterThanOrEqual(12);
    for (const [lng, lat] of mainUrbanArea) {
      expect(lat).toBeGreaterThanOrEqual(37.72);
      expect(lat).toBeLessThanOrEqual(37.95);
      expect(lng).toBeGreaterThanOrEqual(112.45);
      expect(lng).toBeLessThanOrEqual(112.65);
    }
    // Roughly 100-250 km² of grid cells.
    const km2 = (points.length * STEP_M * STEP_M) / 1e6;
    expect(km2).toBeGreaterThan(100);
    expect(km2).toBeLessThan(250);
    expect(pointInPolygon({ lat: 37.861604, lng: 112.57417 }, mainUrbanArea)).toBe(true); // 五一广场
  });

  it('puts every 200 m grid point within 1,000 m of a station (with margin)', () => {
    let worst = 0;
    let worstAt: LatLng | null = null;
    for (const p of points) {
      let best = Infinity;
      for (const s of stations) {
        if (Math.abs(s.lat - p.lat) > 0.02 || Math.abs(s.lng - p.lng) > 0.025) continue;
        const d = haversineM(p, s);
        if (d < best) best = d;
      }
      if (best > worst) {
        worst = best;
        worstAt = p;
      }
    }
    expect({ worst: Math.round(worst), worstAt, ok: worst <= 1000 }).toMatchObject({ ok: true });
    expect(worst).toBeLessThanOrEqual(900);
  });

  it('is dense: most stations lie in the main urban area', () => {
    const inside = stations.filter((s) => pointInPolygon(s, mainUrbanArea)).length;
    expect(inside / stations.length).toBeGreaterThan(0.6);
  });
});
