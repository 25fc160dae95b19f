import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { EARTH_RADIUS_M, cosLat, haversineCosM, haversineM, type LatLng } from '@/rules/geo';

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
 * In-memory spatial index over stations (kdbush). A radius query walks the tree over the bounding box of the
 * spherical cap and decides membership and order by the exact haversine on the mean radius (src/rules/geo.ts):
 * the radius is inclusive to the metre. Nearest-at-any-distance uses geokdbush's great-circle kNN (on a
 * 6,371 km sphere, the same order), re-measured the same way.
 * Points are assumed away from the antimeridian (true for China).
 */
export class NearbyIndex<T = unknown> {
  private index: KDBush | null = null;
  // By insertion id (what geokdbush answers with).
  private points: IndexedPoint<T>[] = [];
  // By position in the tree (kdbush's `coords` order), so the stations of one query sit side by side in memory:
  // at national scale, every lookup by insertion id was a cache miss.
  private itemAt: T[] = [];
  private cosLatAt = new Float64Array(0);
  // The walk's pending subtrees (left, right, axis): one per level at most, and a tree over 2^32 points has 32.
  private readonly stack = new Uint32Array(3 * 34);

  /** Replaces the indexed points (call again whenever stations change). */
  rebuild(points: IndexedPoint<T>[]): void {
    this.points = points;
    if (points.length === 0) {
      this.index = null;
      this.itemAt = [];
      this.cosLatAt = new Float64Array(0);
      return;
    }
    // Small leaves: a 1 km query touches only a handful of points, so a deeper tree wastes less work per leaf.
    const index = new KDBush(points.length, 16);
    for (const p of points) index.add(p.lng, p.lat);
    index.finish();
    this.index = index;
    this.itemAt = Array.from(index.ids, (id) => points[id].item);
    this.cosLatAt = Float64Array.from(index.ids, (id) => cosLat(points[id].lat));
  }

  /** Every indexed item, in insertion order. */
  items(): T[] {
    return this.points.map((p) => p.item);
  }

  get size(): number {
    return this.points.length;
  }

  /**
   * Points within `radiusM` (inclusive) of `center`, nearest first (ties in tree order), at most `limit`, keeping
   * only those `accept` passes. Only points in the cap's bounding box are measured, and `accept` is asked only
   * of those that would make the list, so filters never scan everything.
   */
  within(center: LatLng, radiusM: number, limit: number, accept?: (item: T) => boolean): NearbyHit<T>[] {
    const index = this.index;
    if (!index || limit <= 0 || !(radiusM >= 0)) return [];
    const angle = radiusM / EARTH_RADIUS_M;
    const dLat = angle * DEG + BOX_SLACK_DEG;
    // The widest longitude of a spherical cap: asin(sin(angle) / cos(lat)); the whole circle near a pole.
    const ratio = Math.sin(angle) / Math.cos(center.lat / DEG);
    const dLng = ratio >= 1 ? 180 : Math.asin(ratio) * DEG + BOX_SLACK_DEG;
    const minX = center.lng - dLng;
    const maxX = center.lng + dLng;
    const minY = center.lat - dLat;
    const maxY = center.lat + dLat;
    const { coords, nodeSize } = index;
    const { itemAt, cosLatAt } = this;
    const cosCenter = cosLat(center.lat);
    // The best `limit` so far, ascending: a dense block of a city has dozens of candidates for 20 places.
    const distances: number[] = [];
    const chosen: number[] = [];
    const consider = (at: number): void => {
      const distanceM = haversineCosM(center.lat, center.lng, cosCenter, coords[2 * at + 1], coords[2 * at], cosLatAt[at]);
      if (distanceM > radiusM) return;
      const n = distances.length;
      if (n === limit && distanceM >= distances[n - 1]) return;
      if (accept && !accept(itemAt[at])) return;
      let k = n === limit ? n - 1 : n;
      while (k > 0 && distances[k - 1] > distanceM) {
        distances[k] = distances[k - 1];
        chosen[k] = chosen[k - 1];
        k--;
      }
      distances[k] = distanceM;
      chosen[k] = at;
    };
    // kdbush's own range walk (KDBush#range), measuring each point of the box where it is found instead of
    // collecting ids to look up again: each point is read once, in the tree's memory order.
    const stack = this.stack;
    stack[0] = 0;
    stack[1] = coords.length / 2 - 1;
    stack[2] = 0;
    let sp = 3;
    while (sp > 0) {
      const axis = stack[--sp];
      const right = stack[--sp];
      const left = stack[--sp];
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) {
          const x = coords[2 * i];
          const y = coords[2 * i + 1];
          if (x >= minX && x <= maxX && y >= minY && y <= maxY) consider(i);
        }
        continue;
      }
      const m = (left + right) >> 1;
      const x = coords[2 * m];
      const y = coords[2 * m + 1];
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) consider(m);
      if (axis === 0 ? minX <= x : minY <= y) {
        stack[sp++] = left;
        stack[sp++] = m - 1;
        stack[sp++] = 1 - axis;
      }
      if (axis === 0 ? maxX >= x : maxY >= y) {
        stack[sp++] = m + 1;
        stack[sp++] = right;
        stack[sp++] = 1 - axis;
      }
    }
    return chosen.map((at, k) => ({ item: itemAt[at], distanceM: distances[k] }));
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
