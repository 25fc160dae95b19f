import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { haversineM, type LatLng } from '../../../src/rules/geo';

/** A point the index holds: GCJ-02 coordinates plus the caller's own payload. */
export interface IndexedPoint<T> extends LatLng {
  item: T;
}

export interface NearbyHit<T> {
  item: T;
  distanceM: number;
}

/**
 * In-memory spatial index over stations (kdbush + geokdbush great-circle kNN). geokdbush measures on a
 * 6,371 km sphere, so candidates are fetched with a small margin and the exact haversine on the mean
 * radius (src/rules/geo.ts) decides membership and order: the radius is inclusive to the metre.
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
    const index = new KDBush(points.length);
    for (const p of points) index.add(p.lng, p.lat);
    index.finish();
    this.index = index;
  }

  get size(): number {
    return this.points.length;
  }

  /**
   * Points within `radiusM` (inclusive) of `center`, nearest first, at most `limit`, keeping only
   * those `accept` passes (tested during the tree walk, so filters never scan everything).
   */
  within(center: LatLng, radiusM: number, limit: number, accept?: (item: T) => boolean): NearbyHit<T>[] {
    return this.query(center, limit, radiusM, accept);
  }

  /** The `limit` nearest points at any distance that `accept` passes. */
  nearest(center: LatLng, limit: number, accept?: (item: T) => boolean): NearbyHit<T>[] {
    return this.query(center, limit, Infinity, accept);
  }

  private query(center: LatLng, limit: number, radiusM: number, accept?: (item: T) => boolean): NearbyHit<T>[] {
    if (!this.index || limit <= 0) return [];
    // 0.1% + 1 m margin covers geokdbush's 6,371 km radius against our 6,371.0088 km; exact check follows.
    const marginKm = Number.isFinite(radiusM) ? (radiusM * 1.001 + 1) / 1000 : Infinity;
    const ids: number[] = around(
      this.index,
      center.lng,
      center.lat,
      Number.isFinite(radiusM) ? limit + 8 : limit,
      marginKm,
      accept ? (i: number) => accept(this.points[i].item) : undefined,
    );
    const hits: NearbyHit<T>[] = [];
    for (const i of ids) {
      const p = this.points[i];
      const distanceM = haversineM(center, p);
      if (distanceM <= radiusM) hits.push({ item: p.item, distanceM });
    }
    hits.sort((a, b) => a.distanceM - b.distanceM);
    return hits.slice(0, limit);
  }
}
