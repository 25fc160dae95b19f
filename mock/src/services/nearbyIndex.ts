import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { EARTH_RADIUS_M, cosLat, haversineCosM, haversineM, type LatLng } from '../../../src/rules/geo';

/** A point the index holds: GCJ-02 coordinates plus the caller's own payload. */
export interface IndexedPoint<T> extends LatLng {
  item: T;
}

export interface NearbyHit<T> {
  item: T;
  distanceM: number;
}

const DEG = 180 / Math.PI;
// Widens the box by ~1 mm so float rounding in the box never drops a point the exact check would keep.
const BOX_SLACK_DEG = 1e-8;

/**
 * In-memory spatial index over stations (kdbush). A radius query takes the bounding box of the spherical cap
 * from the tree (a few microseconds) and decides membership and order by the exact haversine on the mean radius
 * (src/rules/geo.ts): the radius is inclusive to the metre. Nearest-at-any-distance uses geokdbush's
 * great-circle kNN (on a 6,371 km sphere, the same order), re-measured the same way.
 * Points are assumed away from the antimeridian (true for China).
 */
/** A kdbush tree over `points` (lng as x, lat as y). */
function tree(points: LatLng[]): KDBush {
  // Small leaves: a 1 km query touches only a handful of points, so a deeper tree wastes less work per leaf.
  const index = new KDBush(points.length, 16);
  for (const p of points) index.add(p.lng, p.lat);
  index.finish();
  return index;
}

export class NearbyIndex<T = unknown> {
  private index: KDBush | null = null;
  private points: IndexedPoint<T>[] = [];
  // Per point, by index id: [lat, lng, cos(lat)], so measuring a candidate takes two sines and one cache line.
  private geo = new Float64Array(0);

  /** Replaces the indexed points (call again whenever stations change). */
  rebuild(points: IndexedPoint<T>[]): void {
    if (points.length === 0) {
      this.points = [];
      this.geo = new Float64Array(0);
      this.index = null;
      return;
    }
    // Ids in the tree's own order, so the points of one query sit side by side in memory: the stations of a
    // national network in their given order made every candidate a cache miss.
    const inTreeOrder = Array.from(tree(points).ids, (id) => points[id]);
    this.points = inTreeOrder;
    this.geo = new Float64Array(inTreeOrder.length * 3);
    inTreeOrder.forEach((p, i) => {
      this.geo[3 * i] = p.lat;
      this.geo[3 * i + 1] = p.lng;
      this.geo[3 * i + 2] = cosLat(p.lat);
    });
    this.index = tree(inTreeOrder);
  }

  get size(): number {
    return this.points.length;
  }

  /**
   * Points within `radiusM` (inclusive) of `center`, nearest first (ties in index order), at most `limit`, keeping
   * only those `accept` passes. Only points in the cap's bounding box are measured, and `accept` is asked only
   * of those that would make the list, so filters never scan everything.
   */
  within(center: LatLng, radiusM: number, limit: number, accept?: (item: T) => boolean): NearbyHit<T>[] {
    if (!this.index || limit <= 0 || !(radiusM >= 0)) return [];
    const angle = radiusM / EARTH_RADIUS_M;
    const dLat = angle * DEG + BOX_SLACK_DEG;
    // The widest longitude of a spherical cap: asin(sin(angle) / cos(lat)); the whole circle near a pole.
    const ratio = Math.sin(angle) / Math.cos(center.lat / DEG);
    const dLng = ratio >= 1 ? 180 : Math.asin(ratio) * DEG + BOX_SLACK_DEG;
    const ids = this.index.range(center.lng - dLng, center.lat - dLat, center.lng + dLng, center.lat + dLat);
    const geo = this.geo;
    const cosCenter = cosLat(center.lat);
    // The best `limit` so far, ascending: a dense block of a city has hundreds of candidates for 20 places.
    const distances: number[] = [];
    const chosen: number[] = [];
    for (let k = 0; k < ids.length; k++) {
      const i = ids[k];
      const distanceM = haversineCosM(center.lat, center.lng, cosCenter, geo[3 * i], geo[3 * i + 1], geo[3 * i + 2]);
      if (distanceM > radiusM) continue;
      const n = distances.length;
      if (n === limit && distanceM >= distances[n - 1]) continue;
      if (accept && !accept(this.points[i].item)) continue;
      let at = n === limit ? n - 1 : n;
      while (at > 0 && distances[at - 1] > distanceM) {
        distances[at] = distances[at - 1];
        chosen[at] = chosen[at - 1];
        at--;
      }
      distances[at] = distanceM;
      chosen[at] = i;
    }
    return chosen.map((i, k) => ({ item: this.points[i].item, distanceM: distances[k] }));
  }

  /** The `limit` nearest points at any distance that `accept` passes, nearest first. */
  nearest(center: LatLng, limit: number, accept?: (item: T) => boolean): NearbyHit<T>[] {
    if (!this.index || limit <= 0) return [];
    // A few extra candidates absorb ties and float noise between geokdbush's sphere and ours.
    const ids: number[] = around(
      this.index,
      center.lng,
      center.lat,
      limit + 4,
      Infinity,
      accept ? (i: number) => accept(this.points[i].item) : undefined,
    );
    return ids
      .map((i) => ({ item: this.points[i].item, distanceM: haversineM(center, this.points[i]) }))
      .sort((a, b) => a.distanceM - b.distanceM)
      .slice(0, limit);
  }
}
