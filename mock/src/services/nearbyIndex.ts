import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { EARTH_RADIUS_M, haversineM, type LatLng } from '../../../src/rules/geo';

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
export class NearbyIndex<T = unknown> {
  private index: KDBush | null = null;
  private points: IndexedPoint<T>[] = [];

  /** Replaces the indexed points (call again whenever stations change). */
  rebuild(points: IndexedPoint<T>[]): void {
    this.points = points;
    if (points.length === 0) {
      this.index = null;
      return;
    }
    // Small leaves: a 1 km query touches only a handful of points, so a deeper tree wastes less work per leaf.
    const index = new KDBush(points.length, 16);
    for (const p of points) index.add(p.lng, p.lat);
    index.finish();
    this.index = index;
  }

  get size(): number {
    return this.points.length;
  }

  /**
   * Points within `radiusM` (inclusive) of `center`, nearest first, at most `limit`, keeping only those
   * `accept` passes. Only points in the cap's bounding box are looked at, so filters never scan everything.
   */
  within(center: LatLng, radiusM: number, limit: number, accept?: (item: T) => boolean): NearbyHit<T>[] {
    if (!this.index || limit <= 0 || !(radiusM >= 0)) return [];
    const angle = radiusM / EARTH_RADIUS_M;
    const dLat = angle * DEG + BOX_SLACK_DEG;
    // The widest longitude of a spherical cap: asin(sin(angle) / cos(lat)); the whole circle near a pole.
    const ratio = Math.sin(angle) / Math.cos(center.lat / DEG);
    const dLng = ratio >= 1 ? 180 : Math.asin(ratio) * DEG + BOX_SLACK_DEG;
    const ids = this.index.range(center.lng - dLng, center.lat - dLat, center.lng + dLng, center.lat + dLat);
    const hits: NearbyHit<T>[] = [];
    for (const i of ids) {
      const p = this.points[i];
      const distanceM = haversineM(center, p);
      if (distanceM <= radiusM && (!accept || accept(p.item))) hits.push({ item: p.item, distanceM });
    }
    hits.sort((a, b) => a.distanceM - b.distanceM);
    return hits.length > limit ? hits.slice(0, limit) : hits;
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
