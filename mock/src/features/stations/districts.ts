import fs from 'fs';
import path from 'path';
import { pointInPolygon, type LatLng, type Ring } from '@/rules/geo';

/**
 * Taiyuan's county-level areas as drawn in the seed's reference outlines (mock/seed/reference, Aliyun DataV, GCJ-02,
 * MultiPolygons by adcode), to check that a station moved in the registry stays in its district. Read once, on first
 * use.
 */
interface Outline {
  /** Polygons, each an outer ring then its holes. */
  polygons: Ring[][];
}

const FILE = path.join(__dirname, '..', '..', '..', 'seed', 'reference', 'taiyuan_140100_full_datav.geojson');

let outlines: Map<string, Outline> | null = null;

function load(): Map<string, Outline> {
  const geo = JSON.parse(fs.readFileSync(FILE, 'utf8')) as {
    features: { properties: { adcode: number }; geometry: { type: string; coordinates: unknown } }[];
  };
  const out = new Map<string, Outline>();
  for (const f of geo.features) {
    const g = f.geometry;
    const polygons = (g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]) as Ring[][];
    out.set(String(f.properties.adcode), { polygons });
  }
  return out;
}

const inside = (p: LatLng, o: Outline): boolean =>
  o.polygons.some(([outer, ...holes]) => pointInPolygon(p, outer) && !holes.some((h) => pointInPolygon(p, h)));

/**
 * Where `p` (GCJ-02) lies for a station of `districtCode`: 'district' inside its district, 'city' inside Taiyuan
 * but in another district, 'outside' beyond Taiyuan. A district without an outline checks against Taiyuan alone.
 */
export function placeOf(p: LatLng, districtCode: string): 'district' | 'city' | 'outside' {
  outlines ??= load();
  const own = outlines.get(districtCode);
  if (own && inside(p, own)) return 'district';
  for (const [code, o] of outlines) if (code !== districtCode && inside(p, o)) return own ? 'city' : 'district';
  return 'outside';
}
